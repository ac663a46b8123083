import { DataError, SparkifyError } from '../errors.js';
import { skippedWarning, type InputFile, type RecordSource } from '../sources/source.js';
import type { TableSpec } from '../sql/tables.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { CsvBuffer } from './csv-buffer.js';
import { rowEncoder } from './csv-row.js';
import { compileMapping, unmappedKeys, type JsonMapping } from './json-mapping.js';

/** A record the load refused, with where it was and why. */
export interface Rejection {
  file: string;
  /** The line it starts on, and how many it spans (1 when not known). */
  line: number;
  lines?: number;
  reason: string;
  /** The record as written (what `sparkify rejects` shows), when known. */
  text?: string;
}

export interface LoadProgress {
  /** Records read so far (staged + rejected). */
  read: number;
  rejected: number;
  files: number;
  bytes: number;
  /** What the source listed before reading (see ReadProgress). */
  filesTotal?: number;
  bytesTotal?: number;
}

export interface LoadOptions {
  warehouse: Pick<Warehouse, 'copyFrom'>;
  table: TableSpec;
  source: RecordSource;
  /** Exactly these files of the source (an incremental load's new files); default: all it lists. */
  files?: readonly InputFile[];
  mapping: JsonMapping;
  /** Records that may be rejected before the load fails (Redshift's MAXERROR); default 0. */
  maxErrors?: number;
  /** Bytes per COPY chunk; default 2 MiB. Bounded chunks keep PGlite fast and memory flat. */
  chunkSize?: number;
  onProgress?: (progress: LoadProgress) => void;
  onReject?: (rejection: Rejection) => void;
  signal?: AbortSignal;
}

export interface LoadResult {
  /** Rows the table holds now (it is replaced by the load). */
  rows: number;
  read: number;
  rejected: Rejection[];
  files: number;
  bytes: number;
  /** Records read and rejected per file, by the name records give it (for the ledger's list of files). */
  perFile: Map<string, { read: number; rejected: number }>;
  /** Keys in the input that no column took ('auto' mappings), and files passed over: said, never silent. */
  warnings: string[];
}

/** Too many bad records: the load was rolled back. */
export class LoadRejectedError extends SparkifyError {
  constructor(
    readonly rejected: Rejection[],
    readonly maxErrors: number,
  ) {
    const first = rejected[0]!;
    super(
      'Bad input records',
      `${rejected.length} record(s) rejected, more than the ${maxErrors} allowed (--max-errors); first: ${first.file}:${first.line}: ${first.reason}`,
    );
  }
}

/**
 * Loads JSON records into a staging table through COPY, replacing its contents atomically: reading,
 * parsing and converting run while the engine copies the previous chunk, and only about two chunks are
 * ever in memory. Rejected records are reported one by one; past `maxErrors` the load fails and the
 * table keeps what it had.
 */
export async function loadJson(options: LoadOptions): Promise<LoadResult> {
  const { table, source, mapping } = options;
  const maxErrors = options.maxErrors ?? 0;
  const chunkSize = options.chunkSize ?? 2 * 1024 * 1024;
  const pick = compileMapping(mapping, table.columns, table.name);
  const noteUnmapped = unmappedKeys(mapping, table.columns);
  const encode = rowEncoder(table.columns, table.required);
  const rejected: Rejection[] = [];
  const unmapped = new Set<string>();
  const progress: LoadProgress = { read: 0, rejected: 0, files: 0, bytes: 0 };
  const perFile = new Map<string, { read: number; rejected: number }>();
  const countOf = (file: string): { read: number; rejected: number } => {
    let count = perFile.get(file);
    if (!count) perFile.set(file, (count = { read: 0, rejected: 0 }));
    return count;
  };

  const reject = (r: Rejection): void => {
    countOf(r.file).rejected++;
    // Without tolerance the record is the load's error, told once (as the error), not also as a rejection.
    if (maxErrors === 0) throw new DataError(r.file, r.line, r.reason, r);
    rejected.push(r);
    progress.rejected++;
    options.onReject?.(r);
    if (rejected.length > maxErrors) throw new LoadRejectedError(rejected, maxErrors);
  };

  async function* chunks(): AsyncGenerator<Uint8Array> {
    const csv = new CsvBuffer(chunkSize);
    for await (const batch of source.batches((p) => {
      Object.assign(progress, { files: p.files, bytes: p.bytes, filesTotal: p.filesTotal, bytesTotal: p.bytesTotal });
      // The listing's report: the totals are shown before the first (maybe long) file is read.
      if (p.files === 0) options.onProgress?.(progress);
    }, options.files)) {
      options.signal?.throwIfAborted();
      for (const record of batch) {
        progress.read++;
        countOf(record.file).read++;
        if (record.error !== undefined) {
          // A file that is not JSON objects has no record to load: no tolerance makes it a partial success.
          if (record.fatal) throw new DataError(record.file, record.line, record.error);
          reject({ file: record.file, line: record.line, lines: record.lines, reason: record.error, text: record.text });
          continue;
        }
        noteUnmapped(record.value, unmapped);
        const line = encode(pick(record.value));
        if (typeof line !== 'string') {
          reject({ file: record.file, line: record.line, lines: record.lines, reason: line.reason, text: record.text });
          continue;
        }
        const full = csv.add(line);
        if (full) yield full;
      }
      options.onProgress?.(progress);
    }
    const last = csv.take();
    if (last) yield last;
    options.onProgress?.(progress);
  }

  const rows = await options.warehouse.copyFrom({
    table: table.name,
    columns: table.columns.map((c) => c.name),
    chunks: chunks(),
    replace: true,
  });
  const warnings: string[] = [];
  if (unmapped.size > 0) {
    const keys = [...unmapped].sort();
    warnings.push(
      `${table.name}: input keys that match no column were not loaded: ${keys.slice(0, 10).join(', ')}${keys.length > 10 ? `, and ${keys.length - 10} more` : ''}` +
        (mapping.kind === 'auto' && !mapping.ignoreCase ? " (keys are case-sensitive with 'auto'; try 'auto ignorecase' or a jsonpaths file)" : ''),
    );
  }
  const skipped = skippedWarning(source.location, source.skipped);
  if (skipped) warnings.push(skipped);
  return { rows, read: progress.read, rejected, files: progress.files, bytes: progress.bytes, perFile, warnings };
}
