/**
 * The input files of each run, in the ledger's `sparkify_files`: what an incremental load compares a new listing
 * with. The files the star tables hold are those of the newest published full load and of the published
 * incremental runs after it; `create-tables` empties the star, so nothing before it counts. The SQL is the same on
 * every engine (parameters bound).
 */
import { createHash } from 'node:crypto';
import { SPARKIFY_FILES, SPARKIFY_LISTINGS, SPARKIFY_RUNS } from '../sql/tables.js';
import type { InputFile } from '../sources/source.js';
import type { Queryable } from '../warehouse/warehouse.js';
import { clip, storedJson } from './run-ledger.js';

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

/** A staging table's listing in a run: how many files, and the digest of their locations, sizes and versions. */
export interface Listing {
  table: string;
  files: number;
  digest: string;
}

/**
 * What the star tables were built from: the run they continue, the runs since its base, and what the newest of them
 * listed (the files loaded into them are read per table, when needed: loadedFiles).
 */
export interface LoadedInputs {
  /** The newest published run (what "since run N" names); undefined when no run published. */
  lastRun?: number;
  /** The full load the chain starts from; undefined when there is none (no run, or create-tables came last). */
  base?: { runId: number; files: number };
  /** The published runs from the base to the newest, newest first. */
  chain: number[];
  /** The newest run's listings, per staging table (none for runs from before listings were recorded). */
  listings: Map<string, Listing>;
  /** The star tables' rows as the newest run published them. */
  tableRows?: Record<string, number>;
}

const FILES = SPARKIFY_FILES.name;
const LISTINGS = SPARKIFY_LISTINGS.name;
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

/**
 * The listing of a staging table's files. The digest follows the listing's order, which is the same for the same
 * files (a sorted walk of folders, S3's key order): a listing in another order only costs the ledger read it saves.
 */
export function listingOf(table: string, files: readonly InputFile[]): Listing {
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${clip(f.id, bytes('location'))}\0${f.size}\0${clip(f.version, bytes('version'))}\n`);
  return { table, files: files.length, digest: hash.digest('hex') };
}

/** Writes what a run listed (in the transaction that publishes it). */
export async function recordListings(db: Queryable, runId: number, listings: readonly Listing[]): Promise<void> {
  if (listings.length === 0) return;
  const values = listings.flatMap((l) => [runId, l.table, l.files, l.digest]);
  const rows = listings.map((_, j) => `($${j * 4 + 1}, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4})`);
  await db.query(`INSERT INTO ${LISTINGS} (run_id, table_name, files, digest) VALUES ${rows.join(', ')}`, values);
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
  return storedJson<{ mode?: string }>(inputs)?.mode === 'incremental' ? 'incremental' : 'full';
}

/** The files the star tables hold now (see the file's comment). */
export async function loadedInputs(db: Queryable): Promise<LoadedInputs> {
  const runs = await db.query<{ run_id: unknown; command: string; inputs: unknown; table_rows: unknown }>(
    `SELECT run_id, command, inputs, table_rows FROM ${RUNS} WHERE published = 1 ORDER BY run_id DESC`,
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
  if (base === undefined) return { lastRun, chain: [], listings: new Map() };
  const newest = chain[0]!;
  const listed = await db.query<{ run_id: unknown; table_name: string; files: unknown; digest: string }>(
    `SELECT run_id, table_name, files, digest FROM ${LISTINGS} WHERE run_id = $1 OR run_id = $2`,
    [newest, base],
  );
  const listings = new Map<string, Listing>();
  let baseFiles: number | undefined;
  for (const row of listed.rows) {
    if (Number(row.run_id) === newest) listings.set(row.table_name, { table: row.table_name, files: Number(row.files), digest: String(row.digest) });
    if (Number(row.run_id) === base) baseFiles = (baseFiles ?? 0) + Number(row.files);
  }
  // A base from before listings were recorded: its files are counted in the ledger itself.
  baseFiles ??= Number((await db.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${FILES} WHERE run_id = $1`, [base])).rows[0]?.n ?? 0);
  return { lastRun, base: { runId: base, files: baseFiles }, chain, listings, tableRows: storedJson<Record<string, number>>(runs.rows[0]?.table_rows) };
}

/**
 * The files loaded into one staging table by the runs of the chain (a hundred thousand song files make this the
 * largest read of an incremental run, which is why it is skipped where the listing is unchanged).
 */
export async function loadedFiles(db: Queryable, loaded: LoadedInputs, table: string): Promise<LedgerFile[]> {
  if (!loaded.base) return [];
  const rows = await db.query(`SELECT run_id, table_name, location, size, version FROM ${FILES} WHERE run_id >= $1 AND table_name = $2`, [loaded.base.runId, table]);
  const inChain = new Set(loaded.chain);
  return rows.rows.map(toFile).filter((f) => inChain.has(f.runId));
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
