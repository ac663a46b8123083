import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { mappingFromOption } from '../../src/etl/json-mapping.js';
import { loadJson, LoadRejectedError, type Rejection } from '../../src/etl/load-json.js';
import { LocalSource } from '../../src/sources/local.js';
import { createTableSql } from '../../src/sql/ddl.js';
import { postgresDialect } from '../../src/sql/dialect.js';
import type { TableSpec } from '../../src/sql/tables.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { enginesUnderTest, openFor } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';

const T: TableSpec = {
  name: 'staging_t',
  kind: 'staging',
  grain: 'test row',
  columns: [
    { name: 'id', type: 'integer' },
    { name: 'name', type: 'text' },
    { name: 'ts', type: 'timestamp' },
  ],
};

// Strings that break naive loaders: tab, newline, CR, backslash, a literal \N, quotes, commas, emoji, empty.
const NASTY = ['a\tb', 'line1\nline2', 'cr\r', 'back\\slash', '\\N', 'say "hi"', "it's", 'a,b', '😀 é ß', '', ' padded '];

describe.each(enginesUnderTest())('JSON staging load on $name', (engine) => {
  let warehouse: Warehouse;
  const files = tempDir();
  const write = (name: string, text: string): string => {
    const path = join(files.dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  const load = (location: string, maxErrors = 0, rejected: Rejection[] = []) =>
    loadJson({ warehouse, table: T, source: new LocalSource(location), mapping: mappingFromOption('auto')!, maxErrors, onReject: (r) => rejected.push(r) });
  const rows = async () => (await warehouse.query('SELECT id, name, ts FROM staging_t ORDER BY id')).rows;

  beforeAll(async () => {
    warehouse = await openFor(engine.config());
    await warehouse.query(createTableSql(T, postgresDialect));
  });
  afterAll(async () => {
    await warehouse.close();
    await engine.cleanup();
    files.cleanup();
  });

  it('keeps every string byte for byte and tells NULL from empty', async () => {
    const lines = NASTY.map((name, i) => JSON.stringify({ id: i, name }));
    lines.push(JSON.stringify({ id: 99 }), JSON.stringify({ id: 100, name: null }));
    const result = await load(write('nasty/a.json', `${lines.join('\n')}\n`));
    expect(result).toMatchObject({ rows: NASTY.length + 2, read: NASTY.length + 2, rejected: [], files: 1 });
    const got = await rows();
    expect(got.slice(0, NASTY.length).map((r) => r.name)).toEqual(NASTY);
    expect(got.slice(NASTY.length).map((r) => r.name)).toEqual([null, null]);
  });

  it('loads a BOM, CRLF, an empty file and a pretty-printed file, and converts epoch milliseconds', async () => {
    write('mixed/1.json', '\uFEFF{"id":1,"ts":1541105830796}\r\n{"id":2,"name":7}\r\n');
    write('mixed/2.json', '');
    write('mixed/3/deep.json', '{\n  "id": 3,\n  "name": "pretty"\n}');
    write('mixed/readme.txt', 'not input');
    const result = await load(join(files.dir, 'mixed'));
    expect(result).toMatchObject({ rows: 3, read: 3, files: 3 });
    expect(result.warnings).toEqual([expect.stringMatching(/1 file\(s\) that are not JSON were skipped, e.g. .*readme.txt$/)]);
    const got = await rows();
    expect(got.map((r) => r.name)).toEqual([null, '7', 'pretty']);
    expect((got[0]!.ts as Date).toISOString()).toBe('2018-11-01T20:57:10.796Z');
  });

  it('stops at the first bad record with file:line and leaves the table as it was', async () => {
    await load(write('good.json', '{"id":1}\n'));
    const bad = write('bad.json', '{"id":1}\n{"id":"x"}\n{"id":3}\n');
    const error = await load(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toMatch(/bad\.json:2: id: "x" is not an integer \(32-bit\)$/);
    expect(await rows()).toEqual([{ id: 1, name: null, ts: null }]);
  });

  it('with --max-errors, reports every rejected record and stages the rest: staged + rejected = read', async () => {
    const path = write('some-bad.json', '{"id":1}\n{"id":\n{"id":2.5}\n{"id":4}\n[5]\n');
    const rejected: Rejection[] = [];
    const result = await load(path, 3, rejected);
    expect(rejected.map((r) => r.line)).toEqual([2, 3, 5]);
    expect(rejected[2]!.reason).toBe('expected a JSON object, found an array');
    expect(result.rows + result.rejected.length).toBe(result.read);
    expect(result.read).toBe(5);
    expect((await rows()).map((r) => r.id)).toEqual([1, 4]);
    const tooMany = await load(path, 2).catch((e: unknown) => e);
    expect(tooMany).toBeInstanceOf(LoadRejectedError);
    expect((tooMany as Error).message).toMatch(/^3 record\(s\) rejected, more than the 2 allowed \(--max-errors\); first: .*some-bad\.json:2: incomplete JSON object/);
    expect((await rows()).map((r) => r.id)).toEqual([1, 4]);
  });

  it('fails on a file that is one JSON array (or a scalar) whatever --max-errors allows, naming the file', async () => {
    const path = write('array.json', '[\n  {"id": 1},\n  {"id": 2}\n]\n');
    const error = await load(path, 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toMatch(/array\.json:1: the file holds an array, not JSON objects: COPY \.\.\. FORMAT AS JSON reads objects one after another/);
    const scalar = await load(write('scalar.json', '42\n'), 100).catch((e: unknown) => e);
    expect((scalar as Error).message).toMatch(/scalar\.json:1: the file holds a number, not JSON objects/);
  });

  it('rejects a record holding bytes that are not UTF-8 instead of loading it altered', async () => {
    const path = join(files.dir, 'latin1.json');
    writeFileSync(path, Buffer.concat([Buffer.from('{"id":1,"name":"é ok"}\n{"id":2,"name":"caf'), Buffer.from([0xe9]), Buffer.from('"}\n{"id":3,"name":"\\uFFFD escaped"}\n')]));
    const stopped = await load(path).catch((e: unknown) => e);
    expect((stopped as Error).message).toMatch(/latin1\.json:2: bytes that are not UTF-8 text/);
    const rejected: Rejection[] = [];
    const result = await load(path, 1, rejected);
    expect(rejected.map((r) => r.line)).toEqual([2]);
    expect(result.rows).toBe(2);
    // An escaped U+FFFD is text the file really holds: it loads.
    expect((await rows()).map((r) => r.name)).toEqual(['é ok', '\uFFFD escaped']);
  });

  it('loads a valid U+FFFD that straddles the 1 MiB read boundary', async () => {
    const head = '{"id":1,"name":"';
    // The three bytes of U+FFFD start one byte before the boundary of the reader's 1 MiB pieces.
    const pad = 'x'.repeat((1 << 20) - 1 - Buffer.byteLength(head));
    const path = write('fffd.json', `${head}${pad}\uFFFD"}\n{"id":2,"name":"after"}\n`);
    const result = await load(path);
    expect(result).toMatchObject({ rows: 2, rejected: [] });
    expect(((await rows())[0]!.name as string).endsWith('x\uFFFD')).toBe(true);
  });

  it('a corrupt or truncated .gz is one rejected record naming the file; without tolerance the load fails naming it', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ id: i, name: `n${i}` })).join('\n');
    const gz = gzipSync(lines);
    const truncated = write('gz/cut.json.gz', '');
    writeFileSync(truncated, gz.subarray(0, Math.floor(gz.length / 2)));
    const garbage = write('gz2/garbage.json.gz', 'this is not gzip');
    const strict = await load(truncated).catch((e: unknown) => e);
    expect(strict).toBeInstanceOf(DataError);
    expect((strict as Error).message).toMatch(/cut\.json\.gz:\d+: the file cannot be read from here on: not valid gzip data \(unexpected end of file\)$/);
    const rejected: Rejection[] = [];
    const tolerated = await load(truncated, 5, rejected);
    expect(rejected.map((r) => r.reason).at(-1)).toBe('the file cannot be read from here on: not valid gzip data (unexpected end of file)');
    // What was read before the damage is staged, and every record read is staged or rejected.
    expect(tolerated.rows).toBeGreaterThan(0);
    expect(tolerated.rows + tolerated.rejected.length).toBe(tolerated.read);
    const other: Rejection[] = [];
    const bad = await load(garbage, 1, other);
    expect(bad.rows).toBe(0);
    expect(other).toEqual([{ file: expect.stringMatching(/garbage\.json\.gz$/), line: 1, lines: 1, reason: expect.stringMatching(/^the file cannot be read from here on: not valid gzip data \(incorrect header check\)$/) }]);
  });

  it('reads folders reached through symbolic links once each, and says which links it passed over', async () => {
    const base = join(files.dir, 'linked');
    write('linked/real/a.json', '{"id":1}\n');
    write('elsewhere/b.json', '{"id":2}\n');
    symlinkSync(join(files.dir, 'elsewhere'), join(base, 'via-link'));
    symlinkSync(base, join(base, 'real', 'loop'));
    symlinkSync(join(files.dir, 'nowhere'), join(base, 'broken.json'));
    const result = await load(base);
    expect(result).toMatchObject({ rows: 2, rejected: [] });
    expect((await rows()).map((r) => r.id)).toEqual([1, 2]);
    expect(result.warnings).toEqual([expect.stringMatching(/: 2 file\(s\) that are not JSON were skipped, e\.g\. .*broken\.json \(a broken symbolic link\)$/)]);
  });

  it('loads in many bounded chunks with the same result as one', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ id: i, name: `n${i}`, ts: 1541105830796 + i }));
    const path = write('many.json', lines.join('\n'));
    const result = await loadJson({ warehouse, table: T, source: new LocalSource(path), mapping: mappingFromOption('auto')!, chunkSize: 4096 });
    expect(result.rows).toBe(5000);
    const check = await warehouse.query('SELECT COUNT(DISTINCT id) AS n, MIN(name) AS lo, MAX(ts) AS hi FROM staging_t');
    expect(check.rows[0]).toMatchObject({ n: 5000, lo: 'n0' });
    expect((check.rows[0]!.hi as Date).toISOString()).toBe('2018-11-01T20:57:15.795Z');
  });
});
