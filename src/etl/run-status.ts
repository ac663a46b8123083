/** The last run and what the star tables hold, as `status`, `runs` and the app's connect screen show them. */
import { utcText } from '../warehouse/holder.js';
import type { Queryable, Warehouse } from '../warehouse/warehouse.js';
import { lastPublished, listRuns, tablesMatch, type RunRecord } from './run-ledger.js';

export interface LastRunView {
  lastRun?: RunRecord;
  /** The run whose output the star tables hold, and whether their row counts still say so. */
  tables?: { run: number; matches: boolean };
  /** Someone else holds the writer lock now. */
  writer?: string;
}

/** Reads the ledger: the newest run (a `running` one nobody holds reads as interrupted) and the last that published. */
export async function lastRunView(warehouse: Pick<Warehouse, 'lockHolder'> & Queryable, counts: Record<string, number | null>): Promise<LastRunView> {
  const writer = await warehouse.lockHolder().catch(() => undefined);
  const [lastRun] = await listRuns(warehouse, { limit: 1, writerActive: writer !== undefined });
  const published = await lastPublished(warehouse);
  return { lastRun, tables: published ? { run: published.id, matches: tablesMatch(published, counts) } : undefined, writer };
}

/** `#7 etl ok, 2026-12-01 20:00:01 UTC, 3.2 s` and, when it did not end well, its message. */
export function runLine(run: RunRecord): string {
  const seconds = run.finished ? `, ${((run.finished.getTime() - run.started.getTime()) / 1000).toFixed(1)} s` : '';
  const message = run.status !== 'ok' && run.message ? `: ${run.message}` : '';
  return `#${run.id} ${run.command} ${run.status}, ${utcText(run.started)}${seconds}${message}`;
}

/** What the star tables hold: a run's output, changed since, or nothing published yet. */
export function tablesLine(view: LastRunView): string {
  if (!view.tables) return 'no run has published the star tables yet';
  return view.tables.matches
    ? `the output of run #${view.tables.run}`
    : `changed since run #${view.tables.run} published them (their row counts differ from its ledger record)`;
}
