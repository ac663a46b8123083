import { describe, expect, it } from 'vitest';
import { JsonRecordSplitter, MAX_DEPTH, type ParsedRecord } from '../../src/sources/json-records.js';

function split(text: string, pieceSize = text.length || 1): ParsedRecord[] {
  const splitter = new JsonRecordSplitter('f.json');
  const out: ParsedRecord[] = [];
  for (let i = 0; i < text.length; i += pieceSize) splitter.push(text.slice(i, i + pieceSize), out);
  return splitter.end(out);
}

const brief = (records: ParsedRecord[]): unknown[] => records.map((r) => (r.error ? [r.line, r.error] : [r.line, r.value]));

describe('JSON record splitter', () => {
  it('reads one object per line, with or without a trailing newline, CRLF and a BOM', () => {
    const expected = [
      [1, { a: 1 }],
      [2, { a: 2 }],
    ];
    expect(brief(split('{"a":1}\n{"a":2}\n'))).toEqual(expected);
    expect(brief(split('{"a":1}\n{"a":2}'))).toEqual(expected);
    expect(brief(split('\uFEFF{"a":1}\r\n{"a":2}\r\n'))).toEqual(expected);
  });

  it('reads nothing from an empty file or blank lines', () => {
    expect(split('')).toEqual([]);
    expect(brief(split('\n\n{"a":1}\n\n'))).toEqual([[3, { a: 1 }]]);
  });

  it('reads pretty-printed objects spread over lines, several per file, with their first line', () => {
    const text = '{\n  "a": "x}{",\n  "b": [1, {"c": 2}]\n}\n{\n  "a": "\\"q\\""\n}\n';
    expect(brief(split(text))).toEqual([
      [1, { a: 'x}{', b: [1, { c: 2 }] }],
      [5, { a: '"q"' }],
    ]);
  });

  it('gives the same records whatever the chunking', () => {
    const text = '{\n "b": 2\n}\n{"a":"é😀"}\n{"c":3}{"d":4}\n';
    const whole = brief(split(text));
    expect(whole).toEqual([
      [1, { b: 2 }],
      [4, { a: 'é😀' }],
      [5, { c: 3 }],
      [5, { d: 4 }],
    ]);
    for (const size of [1, 2, 3, 7]) expect(brief(split(text, size))).toEqual(whole);
  });

  it('takes several objects on a line, and an object spread over lines, as COPY JSON does', () => {
    const text = '{"a":1}\n{"c":3} {"d":4}\n{"e":\n5}\n{"f":6}\n';
    const whole = split(text);
    expect(brief(whole)).toEqual([
      [1, { a: 1 }],
      [2, { c: 3 }],
      [2, { d: 4 }],
      [3, { e: 5 }],
      [5, { f: 6 }],
    ]);
    expect(whole.map((r) => r.lines)).toEqual([1, 1, 1, 2, 1]);
    for (const size of [1, 2, 3, 7]) expect(brief(split(text, size))).toEqual(brief(whole));
  });

  it('reports a malformed line at its line and keeps reading the next ones', () => {
    const records = split('{"a":1}\n{"a":2,}\nnot json\n[1,2]\n{"a":5}\n');
    expect(records.map((r) => [r.line, r.lines, r.error === undefined])).toEqual([
      [1, 1, true],
      [2, 1, false],
      [3, 1, false],
      [4, 1, false],
      [5, 1, true],
    ]);
    expect(records[1]!.error).toMatch(/^malformed JSON: /);
    expect(records[2]!.error).toBe('expected a JSON object, found "not json"');
    expect(records[3]!.error).toBe('expected a JSON object, found an array');
    expect(records[1]!.text).toBe('{"a":2,}');
  });

  it('reports an object cut off by the end of the file at the line it starts', () => {
    expect(brief(split('{\n "a": 1,\n'))).toEqual([[1, 'unexpected end of file inside a JSON object']]);
    expect(split('{\n "a": 1,\n')[0]!.lines).toBe(2);
  });
});

const event = (i: number): string => JSON.stringify({ artist: `Artist ${i}`, page: 'NextSong', ts: 1541105830796 + i, userId: String(i) });
const events = (n: number): string[] => Array.from({ length: n }, (_, i) => event(i + 1));

/** Every non-blank line is in exactly one record or rejection. */
function coverage(text: string, records: ParsedRecord[]): { covered: number[]; nonBlank: number[] } {
  const nonBlank = text.split('\n').flatMap((l, i) => (l.trim() === '' ? [] : [i + 1]));
  const covered: number[] = [];
  for (const r of records) for (let l = r.line; l < r.line + r.lines; l++) covered.push(l);
  return { covered: [...new Set(covered)].filter((l) => nonBlank.includes(l)).sort((a, b) => a - b), nonBlank };
}

describe('JSON record splitter: a bad record costs only its own lines', () => {
  it('a truncated first line does not swallow the 15 events after it', () => {
    const lines = events(16);
    lines[0] = lines[0]!.slice(0, 25);
    const text = `${lines.join('\n')}\n`;
    const records = split(text);
    expect(records.filter((r) => r.error).map((r) => [r.line, r.lines])).toEqual([[1, 1]]);
    expect(records.filter((r) => !r.error).map((r) => r.line)).toEqual(Array.from({ length: 15 }, (_, i) => i + 2));
    const { covered, nonBlank } = coverage(text, records);
    expect(covered).toEqual(nonBlank);
  });

  it('a line cut between tokens, in the middle and at the end of a file, costs that line', () => {
    for (const at of [5, 9]) {
      const lines = events(10);
      lines[at] = lines[at]!.slice(0, lines[at]!.indexOf(',"page"'));
      const text = lines.join('\n');
      const records = split(text);
      expect(records.filter((r) => r.error).map((r) => [r.line, r.lines])).toEqual([[at + 1, 1]]);
      expect(records.filter((r) => !r.error)).toHaveLength(9);
      for (const size of [1, 5, 64]) expect(brief(split(text, size))).toEqual(brief(records));
    }
  });

  it('a string broken by a line break takes the rest of its record with it, and nothing more', () => {
    const text = `${event(1)}\n{"artist":"Half\nof it","page":"NextSong"}\n${event(3)}\n`;
    const records = split(text);
    expect(records.map((r) => [r.line, r.lines, r.error ?? 'ok'])).toEqual([
      [1, 1, 'ok'],
      [2, 2, 'malformed JSON: unterminated string'],
      [4, 1, 'ok'],
    ]);
  });

  it('in a pretty-printed file, a record cut short ends where the next one starts', () => {
    const pretty = (o: object): string => JSON.stringify(o, null, 2);
    const cut = pretty({ song_id: 'S1', title: 'One', nested: { a: 1 } }).split('\n').slice(0, 3).join('\n');
    const text = `${pretty({ song_id: 'S0' })}\n${cut}\n${pretty({ song_id: 'S2', more: [1, 2] })}\n`;
    const records = split(text);
    expect(records.map((r) => [r.line, r.lines, r.error ?? r.value])).toEqual([
      [1, 3, { song_id: 'S0' }],
      [4, 3, 'incomplete JSON object (the next record starts at line 7)'],
      [7, 7, { song_id: 'S2', more: [1, 2] }],
    ]);
    const { covered, nonBlank } = coverage(text, records);
    expect(covered).toEqual(nonBlank);
  });

  it('a file that is a JSON array, or a scalar, is one fatal record; a later array or scalar only itself', () => {
    const array = split('[\n  {"a": 1},\n  {"a": 2}\n]\n');
    expect(array).toHaveLength(1);
    expect(array[0]).toMatchObject({ line: 1, lines: 4, fatal: true });
    expect(array[0]!.error).toMatch(/^the file holds an array, not JSON objects/);
    expect(split('42\n{"a":1}\n')[0]).toMatchObject({ fatal: true, line: 1 });
    const later = split('{"a":1}\n42\n[1]\n{"a":2}\n');
    expect(later.map((r) => [r.line, r.error ?? 'ok', Boolean(r.error !== undefined && r.fatal)])).toEqual([
      [1, 'ok', false],
      [2, 'expected a JSON object, found "42"', false],
      [3, 'expected a JSON object, found an array', false],
      [4, 'ok', false],
    ]);
  });

  it('rejects nesting deeper than the limit at its line, without recursion', () => {
    const deep = `${'{"a":'.repeat(MAX_DEPTH + 1)}1${'}'.repeat(MAX_DEPTH + 1)}`;
    const deeper = '['.repeat(100_000);
    const records = split(`${event(1)}\n${deep}\n${deeper}\n${event(4)}\n`);
    expect(records.map((r) => [r.line, r.error ?? 'ok'])).toEqual([
      [1, 'ok'],
      [2, `JSON nested deeper than ${MAX_DEPTH} levels`],
      [3, `JSON nested deeper than ${MAX_DEPTH} levels`],
      [4, 'ok'],
    ]);
  });

  it('assembles a long line once, whatever the size of the pieces', () => {
    const long = JSON.stringify({ a: 'x'.repeat(3_000_000) });
    const records = split(`${long}\n${event(2)}\n`, 1000);
    expect(records.map((r) => r.line)).toEqual([1, 2]);
    expect((records[0]!.value as { a: string }).a).toHaveLength(3_000_000);
  });
});
