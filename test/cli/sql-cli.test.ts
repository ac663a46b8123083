import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { CliIO } from '../../src/cli/io.js';
import { csvLines, jsonRows, textTable } from '../../src/queries/format.js';
import { markdownTable } from '../../src/queries/markdown.js';
import type { QueryResult } from '../../src/warehouse/warehouse.js';
import { enginesUnderTest, openFor } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';

/** `main` in this process, keeping each write to stdout as its own chunk with the time it came. */
async function run(args: string[]): Promise<{ code: number; chunks: string[]; times: number[]; stdout: string; stderr: string }> {
  const chunks: string[] = [];
  const times: number[] = [];
  let stderr = '';
  const io: CliIO = { out: (s) => void (chunks.push(s), times.push(Date.now())), err: (s) => void (stderr += s), color: false, interactive: false, columns: 120 };
  const code = await main(args, io);
  return { code, chunks, times, stdout: chunks.join(''), stderr };
}

// Text that CSV, JSON and the table each have to carry: commas, quotes, a line break, a formula, NULL and ''.
const PLAYS = `CREATE TABLE plays AS SELECT g AS id, md5(g::text) AS h,
  CASE g % 4 WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN 'a, "b"' ELSE E'two\\nlines =1+2' END AS note,
  (g * 1.5)::numeric(10, 1) AS score, timestamp '2018-11-01 00:00:00' + g * interval '1 second' AS at
FROM generate_series(1, 20000) AS g`;
const ALL = 'SELECT * FROM plays ORDER BY id';
const SOME = 'SELECT * FROM plays WHERE id <= 300 ORDER BY id';

describe.each(enginesUnderTest())('sparkify sql streams a SELECT through a cursor on $name', (engine) => {
  const config = engine.config();
  const db = engine.flags(config);
  const out = tempDir('sparkify-sql-cli-');
  let all: QueryResult;
  let some: QueryResult;
  beforeAll(async () => {
    const warehouse = await openFor(config);
    try {
      await warehouse.query(PLAYS);
      all = await warehouse.query(ALL);
      some = await warehouse.query(SOME);
    } finally {
      // The embedded database takes one connection at a time: the CLI opens its own.
      await warehouse.close();
    }
  });
  afterAll(async () => {
    await engine.cleanup();
    out.cleanup();
  });

  it('csv: 20,000 rows come in many writes, byte for byte what the whole result gives', async () => {
    const csv = await run(['sql', ALL, '--format', 'csv', ...db]);
    expect(csv.code).toBe(0);
    expect(csv.chunks.length).toBeGreaterThanOrEqual(20);
    expect(csv.stdout).toBe(csvLines(all.rows, all.fields));
    expect(csv.stderr).toBe('');
  });

  it('writes the first rows before the last ones are read', async () => {
    // clock_timestamp() is taken as each row is fetched from the cursor, not when the statement starts.
    const csv = await run(['sql', 'SELECT id, clock_timestamp() AS read_at FROM plays', '--format', 'csv', ...db]);
    expect(csv.code).toBe(0);
    const last = csv.stdout.trimEnd().split('\n').at(-1)!.split(',');
    expect(last[0]).toBe('20000');
    expect(csv.times[0]!).toBeLessThan(Date.parse(last[1]!));
  });

  it('json: the same indented array as before, an element at a time', async () => {
    const json = await run(['sql', ALL, '--format', 'json', ...db]);
    expect(json.chunks.length).toBeGreaterThanOrEqual(20);
    expect(json.stdout).toBe(`${JSON.stringify(jsonRows(all.rows, all.fields), null, 2)}\n`);
    const empty = await run(['sql', 'SELECT * FROM plays WHERE id < 0', '--format', 'json', ...db]);
    expect(empty.stdout).toBe('[]\n');
  });

  it('markdown on stdout too, the same table a whole result makes', async () => {
    const md = await run(['sql', ALL, '--format', 'markdown', ...db]);
    expect(md.code).toBe(0);
    expect(md.chunks.length).toBeGreaterThanOrEqual(20);
    expect(md.stdout).toBe(markdownTable(all.rows, all.fields));
  });

  it('table: one page prints as the whole table did; more rows print in pages of 1,000, each measured on its own', async () => {
    const small = await run(['sql', SOME, ...db]);
    expect(small).toMatchObject({ code: 0, stdout: `${textTable(some.rows, some.fields, 120)}\n`, stderr: '300 row(s)\n' });
    const big = await run(['sql', ALL, ...db]);
    expect(big.stderr).toBe('20000 row(s)\n');
    const pages = big.stdout.split('\n\n');
    expect(pages).toHaveLength(20);
    expect(pages[0]).toBe(textTable(all.rows.slice(0, 1000), all.fields, 120));
    expect(pages[19]).toBe(`${textTable(all.rows.slice(19_000), all.fields, 120)}\n`);
    const header = big.stdout.split('\n').filter((l) => /^│ +id │ h +│ note/.test(l));
    expect(header).toHaveLength(20);
  });

  it('--out FILE with the table format streams into the file the same pages', async () => {
    const path = join(out.dir, 'some.txt');
    const file = await run(['sql', SOME, '--out', path, ...db]);
    expect(file).toMatchObject({ code: 0, stdout: '', stderr: `wrote 300 row(s) to ${path}\n` });
    expect(readFileSync(path, 'utf8')).toBe(`${textTable(some.rows, some.fields, 1000)}\n`);
  });

  it('a statement without a cursor runs as before', async () => {
    const update = await run(['sql', "UPDATE plays SET note = 'x' WHERE id = 1", ...db]);
    expect(update).toMatchObject({ code: 0, stdout: '', stderr: 'ok, 1 row(s) affected\n' });
    const values = await run(['sql', 'VALUES (1, NULL)', '--format', 'csv', ...db]);
    expect(values.stdout).toBe('column1,column2\n1,\n');
  });
});
