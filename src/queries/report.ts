/**
 * The notebook-style report: every insight's question, SQL, result table and chart in one Markdown
 * document, with when and against what it ran. An insight that fails is reported in its section and the
 * others still run, so one broken query does not cost the whole report.
 */
import { ConfigError, describeError } from '../errors.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { barChart } from './chart.js';
import type { Insight } from './insight-types.js';
import { INSIGHTS } from './insights-catalog.js';
import { markdownTable } from './markdown.js';
import { parseParams } from './params.js';
import { limitSentence, runInsight } from './run.js';
import { isoTimestamp } from './values.js';

export interface ReportOptions {
  /** The insights to run, in order; default every one. */
  insights?: readonly Insight[];
  /** Parameter values by name, applied to each insight that has that parameter; default none. */
  params?: Record<string, string>;
  /** The time the report says it ran; default now. */
  now?: Date;
  /** Called as each insight finishes, for progress. */
  onInsight?: (event: ReportEvent) => void;
}

export type ReportEvent =
  | { id: string; ok: true; rows: number; seconds: number }
  | { id: string; ok: false; message: string };

export interface Report {
  markdown: string;
  /** Ids of the insights that failed (their sections say why). */
  failed: string[];
}

export async function buildReport(warehouse: Warehouse, options: ReportOptions = {}): Promise<Report> {
  const insights = options.insights ?? INSIGHTS;
  // Every value is checked before the first query runs: a typo fails fast, not halfway through.
  const values = reportValues(insights, options.params ?? {});
  const version = await warehouse.version();
  const sections: string[] = [];
  const failed: string[] = [];
  for (const [i, insight] of insights.entries()) {
    const section = await runSection(warehouse, insight, values[i]!);
    sections.push(section.markdown);
    if (!section.event.ok) failed.push(insight.id);
    options.onInsight?.(section.event);
  }
  const head = [
    '# Sparkify insights',
    '',
    `- **Ran at:** ${isoTimestamp(options.now ?? new Date())} (times in the results are UTC too)`,
    `- **Against:** the ${warehouse.engine} engine, ${warehouse.target}`,
    `- **Server:** ${version}`,
    `- **Insights:** ${insights.length}; the parameters each ran with are listed under its title`,
    '',
    ...insights.map((insight, i) => `${i + 1}. [${insight.title}](#${slug(insight.title)})`),
    '',
  ];
  return { markdown: `${head.join('\n')}\n${sections.join('\n')}`, failed };
}

async function runSection(
  warehouse: Warehouse,
  insight: Insight,
  values: Record<string, unknown>,
): Promise<{ markdown: string; event: ReportEvent }> {
  const parts = [`## ${insight.title}`, '', `**${insight.question}**`, ''];
  const shown = insight.params.map((p) => `\`${p.name}=${values[p.name] ?? ''}\``);
  parts.push(`Insight \`${insight.id}\`${shown.length > 0 ? `, parameters ${shown.join(' ')}` : ''}.`, '');
  parts.push('```sql', insight.sql, '```', '');
  try {
    const result = await runInsight(warehouse, insight, values);
    parts.push(markdownTable(result.rows, result.fields).trimEnd(), '');
    const note = limitSentence(insight, values, result.rows.length);
    if (note) parts.push(`_${note}._`, '');
    const chart = insight.chart && result.rows.length > 0 ? barChart(result.rows, insight.chart) : '';
    if (chart) parts.push('```text', chart.trimEnd(), '```', '');
    parts.push(`_${result.rows.length} row(s) in ${result.seconds.toFixed(2)} s._`, '');
    return { markdown: parts.join('\n'), event: { id: insight.id, ok: true, rows: result.rows.length, seconds: result.seconds } };
  } catch (error) {
    const { title, message } = describeError(error);
    parts.push(`> **Failed:** ${title}: ${message}`, '');
    return { markdown: parts.join('\n'), event: { id: insight.id, ok: false, message: `${title}: ${message}` } };
  }
}

/**
 * The typed values of each insight, given values applying to every insight that has that parameter. A name
 * no insight has, or a bad value, is a ConfigError.
 */
export function reportValues(insights: readonly Insight[], raw: Record<string, string>): Record<string, unknown>[] {
  for (const name of Object.keys(raw)) {
    if (!insights.some((i) => i.params.some((p) => p.name === name))) throw new ConfigError(`no insight has a parameter "${name}"`);
  }
  return insights.map((insight) => {
    const own = Object.entries(raw).filter(([name]) => insight.params.some((p) => p.name === name));
    return parseParams(insight, Object.fromEntries(own));
  });
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as dashes. */
function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
