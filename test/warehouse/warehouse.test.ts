import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowEncoder } from '../../src/etl/csv-row.js';
import { WarehouseError } from '../../src/errors.js';
import type { Column } from '../../src/sql/tables.js';
import type { Field, Warehouse } from '../../src/warehouse/warehouse.js';
import { enginesUnderTest, openFor } from '../helpers/engines.js';

async function* chunksOf(...chunks: string[]): AsyncGenerator<string> {
  for (const chunk of chunks) yield chunk;
}

const TEXT_COLUMNS: Column[] = [
  { name: 'id', type: 'integer' },
  { name: 's', type: 'text' },
];

/** Every string that CSV or COPY's text format could mangle, and NULL next to the empty string. */
const AWKWARD: (string | null)[] = [
  'tab\there',
  'new\nline',
  'crlf\r\nline',
  'back\\slash',
  '\\N',
  '\\.',
  'quote " inside',
  '"quoted"',
  "it's",
  'comma, yes',
  'emoji 😀🎵 and ünïcödé',
  '',
  null,
  '   spaces around   ',
  'NULL',
];

describe.each(enginesUnderTest())('the Warehouse contract on $name', (engine) => {
  let warehouse: Warehouse;

  beforeAll(async () => {
    warehouse = await openFor(engine.config());
    await warehouse.query('CREATE TABLE t (id INTEGER, s TEXT)');
    await warehouse.query('CREATE TABLE times (id INTEGER, ts TIMESTAMP)');
  });
  afterAll(async () => {
    await warehouse?.close();
    await engine.cleanup();
  });

  it('binds parameters and reports fields with their type OIDs', async () => {
    const r = await warehouse.query('SELECT $1::int + $2::int AS n, $3::text AS s, COUNT(*) AS c FROM (VALUES (1), (2)) v(x)', [2, 3, "O'Reilly; DROP TABLE t"]);
    expect(r.rows).toEqual([{ n: 5, s: "O'Reilly; DROP TABLE t", c: 2 }]);
    expect(r.fields).toEqual([
      { name: 'n', dataTypeID: 23 },
      { name: 's', dataTypeID: 25 },
      { name: 'c', dataTypeID: 20 },
    ]);
    expect(r.rowCount).toBe(1);
    const numeric = await warehouse.query("SELECT 1.50::numeric AS n, 9007199254740993::int8 AS big, 'x' AS t WHERE $1", [true]);
    expect(numeric.rows).toEqual([{ n: '1.50', big: engine.name === 'postgres' ? '9007199254740993' : 9007199254740993n, t: 'x' }]);
  });

  it('counts the rows a statement changed', async () => {
    expect((await warehouse.query("INSERT INTO t VALUES (1, 'a'), (2, 'b')")).rowCount).toBe(2);
    expect((await warehouse.query('DELETE FROM t')).rowCount).toBe(2);
  });

  it('runs a transaction all or nothing', async () => {
    expect(await warehouse.transaction(["INSERT INTO t VALUES (1, 'one')", "INSERT INTO t VALUES (2, 'two'), (3, 'three')"])).toEqual([1, 2]);
    const failed = warehouse.transaction(['DELETE FROM t', "INSERT INTO t VALUES (4, 'four')", 'INSERT INTO missing_table VALUES (1)']);
    await expect(failed).rejects.toBeInstanceOf(WarehouseError);
    await expect(failed).rejects.toMatchObject({ title: 'Table missing', message: expect.stringContaining('relation "missing_table" does not exist') });
    const rows = await warehouse.query('SELECT id, s FROM t ORDER BY id');
    expect(rows.rows).toEqual([
      { id: 1, s: 'one' },
      { id: 2, s: 'two' },
      { id: 3, s: 'three' },
    ]);
  });

  it('replaces a table with COPY, or changes nothing when a chunk is refused or the producer fails', async () => {
    expect(await warehouse.copyFrom({ table: 't', columns: ['id', 's'], chunks: chunksOf('10,"x"\n', '11,"y"\n12,"z"\n'), replace: true })).toBe(3);
    expect(await warehouse.copyFrom({ table: 't', columns: ['id', 's'], chunks: chunksOf('13,"w"\n') })).toBe(1);
    const expected = [10, 11, 12, 13];
    const ids = async (): Promise<number[]> => (await warehouse.query<{ id: number }>('SELECT id FROM t ORDER BY id')).rows.map((r) => r.id);
    expect(await ids()).toEqual(expected);

    const refused = warehouse.copyFrom({ table: 't', columns: ['id', 's'], chunks: chunksOf('20,"ok"\n', '21,"ok"\nnot-a-number,"bad"\n'), replace: true });
    await expect(refused).rejects.toMatchObject({ title: 'Bad data value', message: expect.stringContaining('invalid input syntax for type integer: "not-a-number"') });
    expect(await ids()).toEqual(expected);

    async function* broken(): AsyncGenerator<string> {
      yield '30,"ok"\n';
      throw new Error('the input broke off');
    }
    await expect(warehouse.copyFrom({ table: 't', columns: ['id', 's'], chunks: broken(), replace: true })).rejects.toThrow('the input broke off');
    expect(await ids()).toEqual(expected);
    // The connection is usable after each failure.
    expect((await warehouse.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('keeps every string byte for byte through COPY, and NULL apart from the empty string', async () => {
    const encode = rowEncoder(TEXT_COLUMNS);
    const csv = AWKWARD.map((s, i) => encode([i, s]) as string);
    // Split across chunks at row boundaries, as the loader does.
    const loaded = await warehouse.copyFrom({ table: 't', columns: ['id', 's'], chunks: chunksOf(csv.slice(0, 5).join(''), csv.slice(5).join('')), replace: true });
    expect(loaded).toBe(AWKWARD.length);
    const back = await warehouse.query<{ s: string | null; bytes: number | null }>('SELECT s, octet_length(s) AS bytes FROM t ORDER BY id');
    expect(back.rows.map((r) => r.s)).toEqual(AWKWARD);
    expect(back.rows.map((r) => r.bytes)).toEqual(AWKWARD.map((s) => (s === null ? null : Buffer.byteLength(s))));
  });

  it('streams all rows in batches, with the fields, and frees the connection when the reader stops early', async () => {
    const fields: Field[] = [];
    const sizes: number[] = [];
    let sum = 0;
    for await (const batch of warehouse.stream<{ g: number }>('SELECT g FROM generate_series(1, $1::int) g ORDER BY g', [2500], { batchSize: 1000, fields })) {
      sizes.push(batch.length);
      for (const row of batch) sum += row.g;
    }
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(sum).toBe((2500 * 2501) / 2);
    expect(fields).toEqual([{ name: 'g', dataTypeID: 23 }]);

    const emptyFields: Field[] = [];
    const batches: unknown[] = [];
    for await (const batch of warehouse.stream('SELECT id, s FROM t WHERE false', [], { fields: emptyFields })) batches.push(batch);
    expect(batches).toEqual([]);
    expect(emptyFields.map((f) => f.name)).toEqual(['id', 's']);

    for await (const batch of warehouse.stream('SELECT g FROM generate_series(1, 100) g', [], { batchSize: 10 })) {
      expect(batch).toHaveLength(10);
      break;
    }
    await expect(drain(warehouse.stream('SELECT 1 / (g - 3) FROM generate_series(1, 5) g', [], { batchSize: 1 }))).rejects.toMatchObject({
      title: 'Bad data value',
      message: expect.stringContaining('division by zero'),
    });
    expect((await warehouse.query('SELECT COUNT(*) AS n FROM t')).rows).toEqual([{ n: AWKWARD.length }]);
  });

  it('cancel stops a streamed statement at once, and the connection answers the next one', async () => {
    const order: string[] = [];
    const read = drain(warehouse.stream('SELECT COUNT(*) AS n FROM generate_series(1, 2000000000) AS a')).then(
      () => order.push('finished'),
      (error: { title?: string }) => order.push(`rejected: ${error.title}`),
    );
    // Give the statement time to start on the server (or in the worker).
    await new Promise((r) => setTimeout(r, 500));
    const cancelled = warehouse.cancel().then(() => order.push('cancel done'));
    await Promise.all([read, cancelled]);
    expect([...order].sort()).toEqual(['cancel done', 'rejected: Statement cancelled']);
    // Embedded: the reader hears of it before cancel resolves, since the worker's restart (seconds under load) is
    // not waited for. A server is sent a cancel request, which it answers on the statement's own connection later.
    if (engine.name === 'embedded') expect(order).toEqual(['rejected: Statement cancelled', 'cancel done']);
    expect((await warehouse.query('SELECT 6 * 7 AS answer')).rows).toEqual([{ answer: 42 }]);
  }, 60_000);

  it('gives timestamps back as the UTC instant that was stored, whether loaded by COPY or bound as a parameter', async () => {
    const ms = Date.UTC(2018, 10, 1, 16, 0, 1, 796);
    const encode = rowEncoder([
      { name: 'id', type: 'integer' },
      { name: 'ts', type: 'timestamp' },
    ]);
    await warehouse.copyFrom({ table: 'times', columns: ['id', 'ts'], chunks: chunksOf(encode([1, ms]) as string), replace: true });
    await warehouse.query('INSERT INTO times VALUES (2, $1)', [new Date(ms)]);
    const rows = await warehouse.query<{ ts: Date; text: string; hour: number }>(
      "SELECT ts, to_char(ts, 'YYYY-MM-DD HH24:MI:SS.MS') AS text, CAST(EXTRACT(hour FROM ts) AS INTEGER) AS hour FROM times ORDER BY id",
    );
    expect(rows.rows.map((r) => [r.ts.toISOString(), r.text, r.hour])).toEqual([
      ['2018-11-01T16:00:01.796Z', '2018-11-01 16:00:01.796', 16],
      ['2018-11-01T16:00:01.796Z', '2018-11-01 16:00:01.796', 16],
    ]);
    const literal = await warehouse.query<{ t: Date; d: Date }>("SELECT TIMESTAMP '1999-12-31 23:59:59.5' AS t, DATE '2018-11-01' AS d");
    expect(literal.rows[0]!.t.getTime()).toBe(Date.UTC(1999, 11, 31, 23, 59, 59, 500));
    expect(literal.rows[0]!.d.getTime()).toBe(Date.UTC(2018, 10, 1));
  });

  it('names the engine and the server version, and closes twice without complaint', async () => {
    const other = await openFor(engine.config());
    expect(other.engine).toBe(engine.name);
    expect(await other.version()).toMatch(/^PostgreSQL \d+\.\d+/);
    await other.close();
    await other.close();
    await expect(other.query('SELECT 1')).rejects.toBeInstanceOf(WarehouseError);
  });
});

async function drain(stream: AsyncIterable<unknown[]>): Promise<number> {
  let n = 0;
  for await (const batch of stream) n += batch.length;
  return n;
}
