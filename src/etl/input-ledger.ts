/**
 * The input files of each run, in the ledger's `sparkify_files`: what an incremental load compares a new listing
 * with. The files the star tables hold are those of the newest published full load and of the published
 * incremental runs after it; `create-tables` empties the star, so nothing before it counts. The SQL is the same on
 * every engine (parameters bound).
 */
import { SPARKIFY_FILES, SPARKIFY_RUNS } from '../sql/tables.js';
import type { InputFile } from '../sources/source.js';
import type { Queryable } from '../warehouse/warehouse.js';
import { clip } from './run-ledger.js';

/** A file a run read: which staging table it went to, and the records it gave (unknown where the warehouse read it). */
export interface RunFile {
  table: string;
  file: InputFile;
  records?: number;
  rejected?: number;
}

/** A file in the ledger. */
export interface LedgerFile {
  runId: number;
  table: string;
  location: string;
  size: number;
  version: string;
  records?: number;
  rejected?: number;
}

/** What the star tables were built from: the run they continue, and every file loaded into them since its base. */
export interface LoadedInputs {
  /** The newest published run (what "since run N" names); undefined when no run published. */
  lastRun?: number;
  /** The full load the chain starts from; undefined when there is none (no run, or create-tables came last). */
  base?: { runId: number; files: number };
  files: LedgerFile[];
}

const FILES = SPARKIFY_FILES.name;
const RUNS = SPARKIFY_RUNS.name;
const bytes = (column: string): number => SPARKIFY_FILES.columns.find((c) => c.name === column)?.bytes ?? 256;

/** Writes the files a run read (in the transaction that records how it ended). */
export async function recordFiles(db: Queryable, runId: number, files: readonly RunFile[]): Promise<void> {
  for (let i = 0; i < files.length; i += 200) {
    const values: unknown[] = [];
    const rows = files.slice(i, i + 200).map((f, j) => {
      values.push(runId, f.table, clip(f.file.id, bytes('location')), f.file.size, clip(f.file.version, bytes('version')), f.records ?? null, f.rejected ?? null);
      const b = j * 7;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`;
    });
    await db.query(`INSERT INTO ${FILES} (run_id, table_name, location, size, version, records, rejected) VALUES ${rows.join(', ')}`, values);
  }
}

const nullable = (value: unknown): number | undefined => (value === null || value === undefined ? undefined : Number(value));

function toFile(row: Record<string, unknown>): LedgerFile {
  return {
    runId: Number(row.run_id),
    table: String(row.table_name),
    location: String(row.location),
    size: Number(row.size),
    version: String(row.version ?? ''),
    records: nullable(row.records),
    rejected: nullable(row.rejected),
  };
}

/** The files one run read, in the order it read them. */
export async function runFiles(db: Queryable, runId: number): Promise<LedgerFile[]> {
  const rows = await db.query(`SELECT run_id, table_name, location, size, version, records, rejected FROM ${FILES} WHERE run_id = $1 ORDER BY table_name, location`, [runId]);
  return rows.rows.map(toFile);
}

/** The mode a run recorded in its inputs; runs from before incremental loads were full loads. */
export function runMode(inputs: unknown): 'full' | 'incremental' {
  try {
    return typeof inputs === 'string' && (JSON.parse(inputs) as { mode?: string }).mode === 'incremental' ? 'incremental' : 'full';
  } catch {
    return 'full';
  }
}

/** The files the star tables hold now (see the file's comment). */
export async function loadedInputs(db: Queryable): Promise<LoadedInputs> {
  const runs = await db.query<{ run_id: unknown; command: string; inputs: unknown }>(
    `SELECT run_id, command, inputs FROM ${RUNS} WHERE published = 1 ORDER BY run_id DESC`,
  );
  const chain: number[] = [];
  let base: number | undefined;
  for (const run of runs.rows) {
    const id = Number(run.run_id);
    if (run.command !== 'etl') break;
    chain.push(id);
    if (runMode(run.inputs) === 'full') {
      base = id;
      break;
    }
  }
  const lastRun = runs.rows[0] ? Number(runs.rows[0].run_id) : undefined;
  if (base === undefined) return { lastRun, files: [] };
  // What a comparison needs (a hundred thousand song files make this the largest read of an incremental run).
  const rows = await db.query(`SELECT run_id, table_name, location, size, version FROM ${FILES} WHERE run_id >= $1`, [base]);
  const inChain = new Set(chain);
  const files = rows.rows.map(toFile).filter((f) => inChain.has(f.runId));
  return { lastRun, base: { runId: base, files: files.filter((f) => f.runId === base).length }, files };
}

/** How a listing compares with the files loaded into one staging table. */
export interface InputChanges {
  fresh: InputFile[];
  changed: { file: InputFile; was: LedgerFile }[];
  vanished: LedgerFile[];
}

/** Which listed files are new, which loaded ones changed (size or version) and which are gone. */
export function compareInputs(listed: readonly InputFile[], loaded: readonly LedgerFile[]): InputChanges {
  const byLocation = new Map(loaded.map((f) => [f.location, f]));
  const seen = new Set<string>();
  const out: InputChanges = { fresh: [], changed: [], vanished: [] };
  for (const file of listed) {
    const was = byLocation.get(file.id);
    if (!was) {
      out.fresh.push(file);
      continue;
    }
    seen.add(file.id);
    if (was.size !== file.size || was.version !== file.version) out.changed.push({ file, was });
  }
  out.vanished = loaded.filter((f) => !seen.has(f.location)).sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
  return out;
}
