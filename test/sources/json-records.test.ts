import { describe, expect, it } from 'vitest';
import { JsonRecordSplitter, type ParsedRecord } from '../../src/sources/json-records.js';

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

  it('in a one-object-per-line file, takes several objects on a line but not an object cut over lines', () => {
    const text = '{"a":1}\n{"c":3} {"d":4}\n{"e":\n5}\n{"f":6}\n';
    const whole = brief(split(text));
    expect(whole.map((r) => (r as unknown[])[0])).toEqual([1, 2, 2, 3, 4, 5]);
    expect(whole[3]).toEqual([3, expect.stringMatching(/^malformed JSON/)]);
    expect(whole[5]).toEqual([5, { f: 6 }]);
    for (const size of [1, 2, 3, 7]) expect(brief(split(text, size))).toEqual(whole);
  });

  it('reports a malformed line at its line and keeps reading the next ones', () => {
    const records = split('{"a":1}\n{"a":2,}\nnot json\n[1,2]\n{"a":5}\n');
    expect(records.map((r) => [r.line, r.error === undefined])).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [4, false],
      [5, true],
    ]);
    expect(records[1]!.error).toMatch(/^malformed JSON: /);
    expect(records[3]!.error).toBe('expected a JSON object, found an array');
  });

  it('reports an object cut off by the end of the file at the line it starts', () => {
    expect(brief(split('{\n "a": 1,\n'))).toEqual([[1, 'unexpected end of file inside a JSON object']]);
  });
});
