/**
 * `sparkify sql` output that streams: the rows of a SELECT come through the warehouse's cursor one batch at a
 * time and are written as they come, in every format, so a result of any size never sits in memory whole.
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { exportRows } from '../queries/export.js';
import { jsonRows, textTable } from '../queries/format.js';
import type { Field, Row, Warehouse } from '../warehouse/warehouse.js';
import type { CliIO } from './io.js';
import type { OutFormat } from './output-format.js';

/** Rows a table page holds; each page is measured on its own (as psql's FETCH_COUNT does). */
export const TABLE_PAGE_ROWS = 1000;

export interface StreamOptions {
  /** Table width in columns; default 100. */
  width?: number;
  color?: boolean;
  batchSize?: number;
}

/**
 * The table in pages: each one a table of TABLE_PAGE_ROWS rows with its header, widths from its own rows. A
 * result that fits one page prints exactly as the whole table always has; an empty one, its header.
 */
export async function* tablePages(batches: AsyncIterable<Row[]>, fields: Field[], options: StreamOptions): AsyncGenerator<string> {
  let page: Row[] = [];
  let pages = 0;
  const table = (rows: Row[]): string => `${pages++ > 0 ? '\n' : ''}${textTable(rows, fields, options.width ?? 100, { color: options.color })}\n`;
  for await (const batch of batches) {
    for (const row of batch) {
      page.push(row);
      if (page.length === TABLE_PAGE_ROWS) {
        yield table(page);
        page = [];
      }
    }
  }
  if (page.length > 0 || pages === 0) yield table(page);
}

/** The same text as `JSON.stringify(rows, null, 2)`, an element at a time: one array, two-space indents. */
export async function* prettyJson(batches: AsyncIterable<Row[]>, fields: Field[]): AsyncGenerator<string> {
  let first = true;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    const items = jsonRows(batch, fields).map((r) => `  ${JSON.stringify(r, null, 2).replace(/\n/g, '\n  ')}`);
    yield `${first ? '[\n' : ',\n'}${items.join(',\n')}`;
    first = false;
  }
  yield first ? '[]\n' : '\n]\n';
}

/**
 * The CLI's stdout as a stream, which the pipeline's end does not close. While the process's stdout is a
 * pipe that has not drained, the next rows wait rather than pile up in memory.
 */
export function ioSink(io: CliIO): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      io.out(chunk.toString());
      if (process.stdout.writableNeedDrain) process.stdout.once('drain', () => done());
      else done();
    },
  });
}

/** Streams the rows of `sql` into `destination` in `format`; resolves with the rows written. */
export async function streamResult(
  warehouse: Warehouse,
  sql: string,
  format: OutFormat,
  destination: Writable,
  options: StreamOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? TABLE_PAGE_ROWS;
  // CSV and Markdown are written as the exports write them; JSON keeps the indented form sql has printed.
  if (format === 'csv' || format === 'markdown') return (await exportRows(warehouse, sql, [], destination, { format, batchSize })).rows;
  const fields: Field[] = [];
  let rows = 0;
  async function* counted(): AsyncGenerator<Row[]> {
    for await (const batch of warehouse.stream(sql, [], { batchSize, fields })) {
      rows += batch.length;
      yield batch;
    }
  }
  const text = format === 'json' ? prettyJson(counted(), fields) : tablePages(counted(), fields, options);
  await pipeline(Readable.from(text), destination);
  return rows;
}
