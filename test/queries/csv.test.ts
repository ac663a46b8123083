import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLines, guardFormula } from '../../src/queries/format.js';
import { OID } from '../../src/queries/values.js';
import type { Field } from '../../src/warehouse/warehouse.js';

const text = (name: string): Field => ({ name, dataTypeID: 25 });
const int = (name: string): Field => ({ name, dataTypeID: OID.int4 });
const float = (name: string): Field => ({ name, dataTypeID: OID.float8 });
const numeric = (name: string): Field => ({ name, dataTypeID: OID.numeric });
const timestamp = (name: string): Field => ({ name, dataTypeID: OID.timestamp });

describe('CSV cells', () => {
  it('guards text a spreadsheet would run as a formula, with a leading apostrophe', () => {
    expect(['=1+2', '+1', '-cmd', '@SUM(A1)', '\tx', '\rx'].map((t) => csvCell(t, text('t')))).toEqual(["'=1+2", "'+1", "'-cmd", "'@SUM(A1)", "'\tx", "'\rx"]);
    expect(['a=b', ' =x', "You're", ''].map((t) => csvCell(t, text('t')))).toEqual(['a=b', ' =x', "You're", '']);
    expect(guardFormula('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
  });

  it('never guards numbers, whatever their sign or how the driver gives them', () => {
    expect(csvCell(-75, int('n'))).toBe('-75');
    expect(csvCell(-33.3, float('n'))).toBe('-33.3');
    expect(csvCell('-12.50', numeric('n'))).toBe('-12.50');
    expect(csvCell(-5n, text('n'))).toBe('-5');
  });

  it('writes NULL as an empty cell and timestamps as ISO 8601 UTC', () => {
    expect(csvCell(null, text('t'))).toBe('');
    expect(csvCell(undefined, int('n'))).toBe('');
    expect(csvCell(new Date(Date.UTC(2018, 10, 6, 9, 30)), timestamp('at'))).toBe('2018-11-06T09:30:00Z');
    expect(csvCell(new Date(Date.UTC(2018, 10, 6, 9, 30, 0, 796)), timestamp('at'))).toBe('2018-11-06T09:30:00.796Z');
  });
});

describe('csvLines', () => {
  it('is RFC 4180: a header row, quotes around commas, quotes and line breaks, doubled inner quotes', () => {
    const fields = [text('song'), int('plays'), timestamp('at')];
    const rows = [
      { song: 'Q"uote, Song', plays: 3, at: new Date(Date.UTC(2018, 10, 1)) },
      { song: 'two\nlines', plays: -1, at: null },
      { song: '=1+2', plays: 0, at: null },
    ];
    const csv = csvLines(rows, fields);
    expect(csv).toBe('song,plays,at\n"Q""uote, Song",3,2018-11-01T00:00:00Z\n"two\nlines",-1,\n\'=1+2,0,\n');
    expect(parse(csv)).toEqual([
      ['song', 'plays', 'at'],
      ['Q"uote, Song', '3', '2018-11-01T00:00:00Z'],
      ['two\nlines', '-1', ''],
      ["'=1+2", '0', ''],
    ]);
  });
});
