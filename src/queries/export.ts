/**
 * Exports stream: rows come from a server-side cursor one batch at a time and flow through a pipeline into
 * the destination, which pulls only as fast as it can write. A result of any size is never held whole.
 */
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Field, Row, Warehouse } from '../warehouse/warehouse.js';
import { csvLines, jsonRows } from './format.js';
import { markdownHeader, markdownRow } from './markdown.js';
import { outputTarget, writeOutput } from './output-file.js';

export const EXPORT_FORMATS = ['csv', 'json', 'markdown'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  /** Default `csv`: RFC 4180 with a header row, ISO 8601 timestamps and formula-guarded text. */
  format?: ExportFormat;
  /** Rows fetched per round trip; default 1000. */
  batchSize?: number;
  /** Markdown only: a line after the table given the row count (e.g. that a limit applied); default none. */
  footer?: (rows: number) => string | undefined;
}

export interface ExportResult {
  rows: number;
  fields: Field[];
}

/** Streams the result of `sql` into `destination` (which is ended) in the chosen format. */
export async function exportRows(
  warehouse: Warehouse,
  sql: string,
  params: readonly unknown[],
  destination: Writable,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const fields: Field[] = [];
  const count = { rows: 0 };
  const batches = counted(warehouse.stream(sql, params, { batchSize: options.batchSize ?? 1000, fields }), count);
  const format = options.format ?? 'csv';
  const text =
    format === 'csv' ? csvText(batches, fields) : format === 'json' ? jsonText(batches, fields) : markdownText(batches, fields, count, options.footer);
  await pipeline(Readable.from(text), destination);
  return { rows: count.rows, fields };
}

/**
 * Writes the result to a file (see output-file.ts): a regular file is replaced atomically, so a failed export never
 * leaves a truncated file under the requested name; a FIFO or a device is written as it is.
 */
export async function exportFile(
  warehouse: Warehouse,
  sql: string,
  params: readonly unknown[],
  path: string,
  options: ExportOptions = {},
): Promise<ExportResult & { path: string }> {
  let result: ExportResult | undefined;
  const written = await writeOutput(path, async (out) => {
    result = await exportRows(warehouse, sql, params, out, options);
  });
  return { ...result!, path: written };
}

/** Streams a query's rows into a CSV file. */
export async function exportCsv(
  warehouse: Warehouse,
  sql: string,
  params: readonly unknown[],
  path: string,
): Promise<{ rows: number; path: string }> {
  const { rows, path: written } = await exportFile(warehouse, sql, params, path, { format: 'csv' });
  return { rows, path: written };
}

/** The absolute path `--out` will write, or a ConfigError when its folder is missing or it names a folder. */
export function checkWritable(path: string): string {
  return outputTarget(path).path;
}

async function* counted(batches: AsyncIterable<Row[]>, count: { rows: number }): AsyncGenerator<Row[]> {
  for await (const batch of batches) {
    count.rows += batch.length;
    yield batch;
  }
}

/** The header once the columns are known (with the first batch, even an empty one), then each batch's records. */
async function* csvText(batches: AsyncIterable<Row[]>, fields: Field[]): AsyncGenerator<string> {
  let header = true;
  for await (const batch of batches) {
    const text = csvLines(batch, fields, { header });
    header = false;
    if (text !== '') yield text;
  }
  if (header) yield csvLines([], fields);
}

/** A JSON array, one object per line: the same values as `--format json` prints. */
async function* jsonText(batches: AsyncIterable<Row[]>, fields: Field[]): AsyncGenerator<string> {
  let first = true;
  for await (const batch of batches) {
    const lines = jsonRows(batch, fields).map((r) => `  ${JSON.stringify(r)}`);
    if (lines.length === 0) continue;
    yield `${first ? '[\n' : ',\n'}${lines.join(',\n')}`;
    first = false;
  }
  yield first ? '[]\n' : '\n]\n';
}

async function* markdownText(
  batches: AsyncIterable<Row[]>,
  fields: Field[],
  count: { rows: number },
  footer: ExportOptions['footer'],
): AsyncGenerator<string> {
  let header = false;
  for await (const batch of batches) {
    if (!header && fields.length > 0) {
      header = true;
      yield markdownHeader(fields);
    }
    if (batch.length > 0) yield batch.map((row) => markdownRow(row, fields)).join('');
  }
  if (!header && fields.length > 0) yield markdownHeader(fields);
  if (count.rows === 0) yield '\n_No rows._\n';
  const note = footer?.(count.rows);
  if (note) yield `\n_${note}_\n`;
}
