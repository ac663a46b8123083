import type { QueryResult, Warehouse } from '../warehouse/warehouse.js';
import type { Insight } from './insight-types.js';
import { bindValues } from './params.js';

/**
 * Runs an insight with typed values (from `parseParams`; missing ones take their default). The SQL text is
 * the insight's, unchanged: values travel as bound parameters.
 */
export async function runInsight(
  warehouse: Warehouse,
  insight: Insight,
  values: Record<string, unknown>,
): Promise<QueryResult & { seconds: number }> {
  const started = performance.now();
  const result = await warehouse.query(insight.sql, bindValues(insight, values));
  return { ...result, seconds: (performance.now() - started) / 1000 };
}

/** The row limit that applies to a run, if the insight has one (a `limit` parameter). */
export function rowLimit(insight: Insight, values: Record<string, unknown>): number | undefined {
  const index = insight.params.findIndex((p) => p.name === 'limit');
  if (index < 0) return undefined;
  const value = bindValues(insight, values)[index];
  return typeof value === 'number' ? value : undefined;
}

/**
 * What to tell people when a result may have been cut by its limit: when it returned as many rows as the
 * limit allows. Undefined when nothing was cut.
 */
export function limitNote(
  insight: Insight,
  values: Record<string, unknown>,
  rows: number,
  /** How to ask for more where the note is shown; default the CLI's flag. */
  more = '--param limit=N for more',
): string | undefined {
  const limit = rowLimit(insight, values);
  if (limit === undefined || rows < limit) return undefined;
  return `showing the top ${limit} (${more})`;
}

/** `limitNote` as a sentence for documents (the report, Markdown exports): capitalized. */
export function limitSentence(insight: Insight, values: Record<string, unknown>, rows: number): string | undefined {
  const note = limitNote(insight, values, rows);
  return note && note.charAt(0).toUpperCase() + note.slice(1);
}
