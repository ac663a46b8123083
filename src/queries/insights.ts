/**
 * Saved insights: the business questions the warehouse answers, as data the CLI, the TUI and the report
 * share. See insight-types.ts for the shape and insights-catalog.ts for the list.
 */
import { ConfigError } from '../errors.js';
import type { Insight } from './insight-types.js';
import { INSIGHTS } from './insights-catalog.js';

export type { Insight, InsightParam, ParamType } from './insight-types.js';
export { INSIGHTS } from './insights-catalog.js';
export { parseParams, parseParamFlags, bindValues } from './params.js';
export { runInsight, rowLimit, limitNote, limitSentence } from './run.js';
export { exportCsv, exportFile, exportRows, EXPORT_FORMATS, type ExportFormat, type ExportOptions, type ExportResult } from './export.js';
export { buildReport, reportValues, type Report, type ReportEvent, type ReportOptions } from './report.js';
export { barChart, bar, type BarChartOptions } from './chart.js';
export { markdownTable, escapeMarkdownCell } from './markdown.js';

/** The insight with this id, or a ConfigError (exit 2) listing the valid ids. */
export function findInsight(id: string): Insight {
  const insight = INSIGHTS.find((i) => i.id === id);
  if (!insight) throw new ConfigError(`no insight "${id}"; use one of ${INSIGHTS.map((i) => i.id).join(', ')}`);
  return insight;
}
