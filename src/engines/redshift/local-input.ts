/**
 * Local input on its way to Redshift: the local engines' record checks, and the widths of its text values against
 * the VARCHAR widths of the staging tables.
 */
import type { DwhConfig } from '../../config/dwh-cfg.js';
import { DataError } from '../../errors.js';
import { rowEncoder } from '../../etl/csv-row.js';
import { compileMapping, mappingFromOption, parseJsonPaths, type JsonMapping } from '../../etl/json-mapping.js';
import { LocalSource } from '../../sources/local.js';
import { readText } from '../../sources/open.js';
import { STAGING_EVENTS, type TableSpec } from '../../sql/tables.js';
import { varcharBytes } from './redshift-dialect.js';

/**
 * The local engines' staging checks, applied while compacting local input: a record they would reject (a bad
 * value, a value the transforms need missing) is rejected here too, so every engine stages the same records.
 */
export function stagingValidator(table: TableSpec, mapping: JsonMapping): (record: Record<string, unknown>) => string | undefined {
  const pick = compileMapping(mapping, table.columns, table.name);
  const refuse = valuesValidator(table);
  return (record) => refuse(pick(record));
}

/** The staging checks on a record's values already picked in column order: the reason it is refused, or undefined. */
function valuesValidator(table: TableSpec): (values: unknown[]) => string | undefined {
  const encode = rowEncoder(table.columns, table.required);
  return (values) => {
    const line = encode(values);
    return typeof line === 'string' ? undefined : line.reason;
  };
}

/** The mapping a staging table's COPY uses: the log's LOG_JSONPATH, `auto` for songs. */
export async function stagingMapping(config: DwhConfig, table: TableSpec): Promise<JsonMapping> {
  if (table !== STAGING_EVENTS) return { kind: 'auto', ignoreCase: false };
  const option = config.s3.logJsonPath;
  return mappingFromOption(option) ?? parseJsonPaths(await readText(option, config, config.origins.logJsonPath), option);
}

/** The widest value a text column got, where it came from, and how wide the column is. */
export interface ColumnWidth {
  column: string;
  /** Bytes of the widest value (0 when the column got none). */
  bytes: number;
  /** The column's VARCHAR width in bytes. */
  width: number;
  file?: string;
  line?: number;
}

export interface WidthReport {
  table: string;
  records: number;
  columns: ColumnWidth[];
  /** Records with a value wider than its column, in input order: COPY would reject each of them. */
  over: { file: string; line: number; column: string; bytes: number; width: number }[];
}

/**
 * Reads every record of local input as COPY would get it and measures each text value in bytes, as Redshift's
 * VARCHAR(n) counts them. COPY runs without TRUNCATECOLUMNS (a value is never cut), so a value wider than its column
 * would fail its record on the cluster, after the upload; measured here, it stops the run before anything is touched.
 * Records the staging checks reject are not measured (they never reach COPY); a record that cannot be read is left to
 * the load, which reports it with the others.
 */
export async function measureWidths(location: string, table: TableSpec, mapping: JsonMapping, signal?: AbortSignal): Promise<WidthReport> {
  const pick = compileMapping(mapping, table.columns, table.name);
  const refuse = valuesValidator(table);
  const text = table.columns.flatMap((c, index) => (c.type === 'text' ? [{ index, column: c.name, width: varcharBytes(c) }] : []));
  const columns: ColumnWidth[] = text.map((t) => ({ column: t.column, bytes: 0, width: t.width }));
  const over: WidthReport['over'] = [];
  let records = 0;
  for await (const batch of new LocalSource(location).batches()) {
    signal?.throwIfAborted();
    for (const record of batch) {
      if (record.error !== undefined) continue;
      // Each record is picked once: the staging checks and the widths read the same values.
      const values = pick(record.value!);
      if (refuse(values) !== undefined) continue;
      records++;
      let tooWide = false;
      for (let i = 0; i < text.length; i++) {
        const value = values[text[i]!.index];
        if (value === undefined || value === null) continue;
        const bytes = Buffer.byteLength(typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));
        const widest = columns[i]!;
        if (bytes > widest.bytes) Object.assign(widest, { bytes, file: record.file, line: record.line });
        if (bytes > widest.width && !tooWide) {
          tooWide = true;
          over.push({ file: record.file, line: record.line, column: widest.column, bytes, width: widest.width });
        }
      }
    }
  }
  return { table: table.name, records, columns, over };
}

/**
 * The width check as the input check states it: one line when everything fits (the fullest column against its
 * width), a question mark line when the too-wide records are within MAX_ERRORS, and an error naming the first of
 * them at its file:line when they are more than MAX_ERRORS allows.
 */
export function widthVerdict(report: WidthReport, maxErrors: number, location: string): string {
  const first = report.over[0];
  if (first) {
    const what = `${report.table}.${first.column} gets a value of ${first.bytes} bytes, wider than its VARCHAR(${first.width}) on Redshift (which counts bytes)`;
    const more = report.over.length > 1 ? `; ${report.over.length} record(s) of ${location} are too wide` : '';
    if (report.over.length > maxErrors) throw new DataError(first.file, first.line, `${what}${more}: COPY would reject the record (nothing is cut); shorten it, or allow it with --max-errors`);
    return `${report.over.length} record(s) of ${location} have a value wider than its column (first ${first.file}:${first.line}, ${report.table}.${first.column}); COPY will reject them, as MAX_ERRORS ${maxErrors} allows`;
  }
  const fullest = report.columns.reduce((a, b) => (b.bytes / b.width > a.bytes / a.width ? b : a));
  const where = fullest.file ? ` (${fullest.file}:${fullest.line})` : '';
  return `every text value of ${location} fits ${report.table} (${report.records} record(s); fullest: ${fullest.column}, ${fullest.bytes} of ${fullest.width} bytes${where})`;
}
