/**
 * The run ledger, kept in the warehouse next to the tables it describes: `sparkify_runs` has one row per run of
 * `etl` or `create-tables` (how it ended, what it read, the rows it published), `sparkify_rejects` the records its
 * loads rejected, like Redshift's STL_LOAD_ERRORS. A run's row is written as `running` once it holds the writer
 * lock, and finished in the publish transaction on success, or after the rollback otherwise; a row still `running`
 * when nobody holds the lock belongs to a run that was killed: it reads as `interrupted`, and the next run
 * records it so. The SQL is the same on every engine (parameters bound, no engine-specific functions).
 */
import { SPARKIFY_REJECTS, SPARKIFY_RUNS, STAR_TABLES } from '../sql/tables.js';
import type { Holder, Queryable } from '../warehouse/warehouse.js';
import type { Rejection } from './load-json.js';

export type RunStatus = 'running' | 'ok' | 'failed' | 'cancelled' | 'interrupted';

export interface RunRecord {
  id: number;
  command: string;
  status: RunStatus;
  started: Date;
  finished?: Date;
  engine: string;
  host: string;
  pid: number;
  inputs: Record<string, string>;
  /** Rows of each star table as published (successful runs). */
  tableRows?: Record<string, number>;
  read: number;
  staged: number;
  rejected: number;
  published: boolean;
  message?: string;
}

export interface RejectRecord extends Rejection {
  table: string;
}

/** How a run ended, as its ledger row records it. */
export type RunEnd = Pick<RunRecord, 'tableRows' | 'read' | 'staged' | 'rejected' | 'published' | 'message'> & {
  status: Exclude<RunStatus, 'running' | 'interrupted'>;
};

const RUNS = SPARKIFY_RUNS.name;
const REJECTS = SPARKIFY_REJECTS.name;
const INTERRUPTED = 'stopped before it finished (the process was killed, or its connection was lost)';
/** Redshift's VARCHAR widths are bytes: values are cut to what their column holds, on a character boundary. */
const width = (column: string): number => SPARKIFY_RUNS.columns.concat(SPARKIFY_REJECTS.columns).find((c) => c.name === column)?.bytes ?? 256;

/** Records the start of a run (the caller holds the writer lock); returns its id. */
export async function startRun(db: Queryable, run: { command: string; engine: string; holder: Holder; backendPid?: number; inputs: Record<string, string> }): Promise<number> {
  await db.query(`UPDATE ${RUNS} SET status = 'interrupted', message = $1 WHERE status = 'running'`, [INTERRUPTED]);
  const next = await db.query<{ id: unknown }>(`SELECT COALESCE(MAX(run_id), 0) + 1 AS id FROM ${RUNS}`);
  const id = Number(next.rows[0]?.id ?? 1);
  await db.query(
    `INSERT INTO ${RUNS} (run_id, command, status, started, engine, host, pid, backend_pid, inputs, records_read, records_staged, records_rejected, published)
VALUES ($1, $2, 'running', $3, $4, $5, $6, $7, $8, 0, 0, 0, 0)`,
    [id, run.command, new Date(run.holder.since), run.engine, clip(run.holder.host, width('host')), run.holder.pid, run.backendPid ?? null, clip(JSON.stringify(run.inputs), width('inputs'))],
  );
  return id;
}

/** Records how a run ended, and the records it rejected. */
export async function finishRun(db: Queryable, id: number, end: RunEnd, rejects: readonly RejectRecord[]): Promise<void> {
  await db.query(
    `UPDATE ${RUNS} SET status = $2, finished = $3, table_rows = $4, records_read = $5, records_staged = $6, records_rejected = $7, published = $8, message = $9
WHERE run_id = $1`,
    [
      id,
      end.status,
      new Date(),
      end.tableRows ? JSON.stringify(end.tableRows) : null,
      end.read,
      end.staged,
      end.rejected,
      end.published ? 1 : 0,
      end.message === undefined ? null : clip(end.message, width('message')),
    ],
  );
  // Multi-row INSERTs of bound values, a few hundred rows each (parameters stay well under every engine's limit).
  for (let i = 0; i < rejects.length; i += 200) {
    const batch = rejects.slice(i, i + 200);
    const values: unknown[] = [];
    const rows = batch.map((r, j) => {
      values.push(id, r.table, clip(r.file, width('file')), r.line, r.lines ?? 1, clip(r.reason, width('reason')), r.text === undefined ? null : clip(r.text, width('record')));
      const base = j * 7;
      return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7})`;
    });
    await db.query(`INSERT INTO ${REJECTS} (run_id, table_name, file, line, lines, reason, record) VALUES ${rows.join(', ')}`, values);
  }
}

type RunRow = Record<string, unknown>;

/** A JSON column of the ledger as stored; undefined where it is missing or not JSON. */
export function storedJson<T>(text: unknown): T | undefined {
  try {
    return typeof text === 'string' ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

function toRecord(row: RunRow, writerActive: boolean): RunRecord {
  const stored = String(row.status) as RunStatus;
  const status = stored === 'running' && !writerActive ? 'interrupted' : stored;
  return {
    id: Number(row.run_id),
    command: String(row.command),
    status,
    started: row.started as Date,
    finished: (row.finished as Date | null) ?? undefined,
    engine: String(row.engine),
    host: String(row.host ?? ''),
    pid: Number(row.pid),
    inputs: storedJson<Record<string, string>>(row.inputs) ?? {},
    tableRows: storedJson<Record<string, number>>(row.table_rows),
    read: Number(row.records_read ?? 0),
    staged: Number(row.records_staged ?? 0),
    rejected: Number(row.records_rejected ?? 0),
    published: Number(row.published ?? 0) === 1,
    message: (row.message as string | null) ?? (status === 'interrupted' && stored === 'running' ? INTERRUPTED : undefined),
  };
}

const COLUMNS = SPARKIFY_RUNS.columns.map((c) => c.name).join(', ');

/** True when the ledger exists (a warehouse no run has touched has none). */
export async function hasLedger(db: Queryable): Promise<boolean> {
  const found = await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1`, [RUNS]);
  return found.rows.length > 0;
}

/**
 * The newest runs first. `writerActive`: someone holds the writer lock now, so a `running` row is really running;
 * otherwise it reads as `interrupted`.
 */
export async function listRuns(db: Queryable, options: { limit?: number; writerActive: boolean }): Promise<RunRecord[]> {
  if (!(await hasLedger(db))) return [];
  const limit = Math.max(1, Math.floor(options.limit ?? 20));
  const rows = await db.query(`SELECT ${COLUMNS} FROM ${RUNS} ORDER BY run_id DESC LIMIT ${limit}`);
  return rows.rows.map((r) => toRecord(r, options.writerActive));
}

/** The run whose output the star tables hold: the newest that published. */
export async function lastPublished(db: Queryable): Promise<RunRecord | undefined> {
  if (!(await hasLedger(db))) return undefined;
  const rows = await db.query(`SELECT ${COLUMNS} FROM ${RUNS} WHERE published = 1 ORDER BY run_id DESC LIMIT 1`);
  return rows.rows[0] ? toRecord(rows.rows[0], false) : undefined;
}

/** The rejected records of a run (default: the newest run that has any), in input order. */
export async function listRejects(db: Queryable, runId?: number): Promise<{ runId?: number; rejects: RejectRecord[] }> {
  if (!(await hasLedger(db))) return { rejects: [] };
  const id = runId ?? Number((await db.query<{ id: unknown }>(`SELECT MAX(run_id) AS id FROM ${REJECTS}`)).rows[0]?.id ?? NaN);
  if (!Number.isFinite(id)) return { rejects: [] };
  const rows = await db.query<{ table_name: string; file: string; line: unknown; lines: unknown; reason: string; record: string | null }>(
    `SELECT table_name, file, line, lines, reason, record FROM ${REJECTS} WHERE run_id = $1 ORDER BY table_name, file, line`,
    [id],
  );
  return {
    runId: id,
    rejects: rows.rows.map((r) => ({ table: r.table_name, file: r.file, line: Number(r.line), lines: Number(r.lines), reason: r.reason, text: r.record ?? undefined })),
  };
}

/** Whether the star tables still hold what `run` published: their row counts are the ones it recorded. */
export function tablesMatch(run: RunRecord, counts: Record<string, number | null>): boolean {
  if (!run.tableRows) return false;
  return STAR_TABLES.every((t) => counts[t.name] === run.tableRows?.[t.name]);
}

/** Text cut to at most `bytes` bytes of UTF-8, on a character boundary. */
export function clip(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  let cut = Buffer.from(text).subarray(0, bytes).toString('utf8');
  while (Buffer.byteLength(cut) > bytes || cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return cut;
}
