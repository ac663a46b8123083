import { describe, expect, it } from 'vitest';
import { Rejected, rowEncoder } from '../../src/etl/csv-row.js';
import { compileMapping, mappingFromOption, parseJsonPaths, parsePath, unmappedKeys } from '../../src/etl/json-mapping.js';
import { STAGING_EVENTS, type Column } from '../../src/sql/tables.js';

const cols = (...names: string[]): Column[] => names.map((name) => ({ name, type: 'text' }));

describe('COPY JSON mapping', () => {
  it("'auto' matches keys to column names exactly; 'auto ignorecase' ignores case", () => {
    const record = { firstName: 'Ann', level: 'paid', extra: 1 };
    expect(compileMapping(mappingFromOption('auto')!, cols('firstname', 'level'), 't')(record)).toEqual([undefined, 'paid']);
    expect(compileMapping(mappingFromOption('AUTO IGNORECASE')!, cols('firstname', 'level'), 't')(record)).toEqual(['Ann', 'paid']);
    const seen = new Set<string>();
    unmappedKeys(mappingFromOption('auto')!, cols('firstname', 'level'))(record, seen);
    expect([...seen]).toEqual(['firstName', 'extra']);
  });

  it('reads jsonpaths in bracket and dot notation, with array indexes', () => {
    expect(parsePath(`$['a b']`, 'p')).toEqual(['a b']);
    expect(parsePath(`$["x"].y[2]`, 'p')).toEqual(['x', 'y', 2]);
    const mapping = parseJsonPaths(`{"jsonpaths": ["$['id']", "$.tags[1]", "$['n']['m']"]}`, 'paths.json');
    expect(compileMapping(mapping, cols('a', 'b', 'c'), 't')({ id: 7, tags: ['x', 'y'], n: { m: null } })).toEqual([7, 'y', null]);
  });

  it('fails with the file named when jsonpaths and columns do not match one to one', () => {
    const mapping = parseJsonPaths(`{"jsonpaths": ["$['a']"]}`, 'lp.json');
    expect(() => compileMapping(mapping, STAGING_EVENTS.columns, 'staging_events')).toThrow(
      'lp.json: 1 jsonpaths for the 18 columns of staging_events; they must match one to one, in column order',
    );
    expect(() => parseJsonPaths('{"paths": []}', 'lp.json')).toThrow(/^lp.json: expected \{"jsonpaths"/);
    expect(() => parsePath('a.b', 'lp.json: path 1')).toThrow('lp.json: path 1 "a.b" must start with $');
  });
});

describe('CSV encoding of JSON values', () => {
  const encode = rowEncoder([
    { name: 's', type: 'text' },
    { name: 'i', type: 'integer' },
    { name: 'd', type: 'double' },
    { name: 't', type: 'timestamp' },
  ]);

  it('quotes all text, leaves NULL unquoted and empty, and converts types as Redshift does', () => {
    expect(encode(['a"b', 5, 1.5, 1541105830796])).toBe('"a""b",5,1.5,2018-11-01T20:57:10.796\n');
    expect(encode([null, undefined, null, null])).toBe(',,,\n');
    expect(encode(['', '42', '2.5e3', '1541105830796'])).toBe('"",42,2500,2018-11-01T20:57:10.796\n');
    expect(encode([112, null, null, null])).toBe('"112",,,\n');
    expect(encode([{ k: [1] }, null, null, null])).toBe('"{""k"":[1]}",,,\n');
  });

  it('rejects values a column cannot take, naming the column and value', () => {
    const reason = (values: unknown[]): string => (encode(values) as Rejected).reason;
    expect(reason([null, 1.5, null, null])).toBe('i: 1.5 is not an integer (32-bit)');
    expect(reason([null, 2 ** 31, null, null])).toBe('i: 2147483648 is not an integer (32-bit)');
    expect(reason([null, null, 'abc', null])).toBe('d: "abc" is not a number');
    expect(reason([null, null, null, 'yesterday'])).toBe('t: "yesterday" is not a time in epoch milliseconds');
    expect(reason(['a\u0000b', null, null, null])).toMatch(/NUL character/);
  });
});
