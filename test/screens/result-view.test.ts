import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { OID } from '../../src/queries/values.js';
import { headerCells, initialView, layoutResult, recordLines, reduceView, rowCells, VIEWER_KEYS, type ResultView, type ViewAction } from '../../src/screens/result-view.js';
import { footerKeys, foldKeys, type KeyTable } from '../../src/tui/key-table.js';
import type { Field, Row } from '../../src/warehouse/warehouse.js';
import { presses } from './keys.js';

const TABLE = VIEWER_KEYS as KeyTable<ResultView, ViewAction>;
const keys = (size: Parameters<typeof reduceView>[2], view: ResultView, ...names: string[]): ResultView =>
  foldKeys(TABLE, (v, a) => reduceView(v, a, size), view, presses(...names));

const text = (name: string): Field => ({ name, dataTypeID: 25 });
const int = (name: string): Field => ({ name, dataTypeID: OID.int4 });

describe('the result view reducer, through its keys', () => {
  const size = { rows: 50, columns: 11, visible: 12 };

  it('scrolls rows by one and by a page, clamped so the last row ends the page', () => {
    expect(keys(size, initialView, 'down', 'down').top).toBe(2);
    expect(keys(size, initialView, 'up').top).toBe(0);
    expect(keys(size, initialView, 'pgdn').top).toBe(12);
    expect(keys(size, initialView, 'pgdn', 'pgdn', 'pgdn', 'pgdn', 'pgdn').top).toBe(38);
    expect(keys(size, initialView, 'end').top).toBe(38);
    expect(keys(size, initialView, 'end', 'pgup', 'home').top).toBe(0);
    expect(keys({ rows: 5, columns: 2, visible: 12 }, initialView, 'pgdn', 'down', 'end').top).toBe(0);
  });

  it('scrolls columns up to the last one, never before the first', () => {
    expect(keys(size, initialView, 'right', 'right').column).toBe(2);
    expect(keys(size, initialView, 'left').column).toBe(0);
    expect(keys(size, initialView, ...Array<string>(20).fill('right')).column).toBe(9);
    expect(keys({ ...size, columns: 1 }, initialView, 'right').column).toBe(0);
  });

  it('shows the top row as a record; ↑↓ move the record, pgup/pgdn its lines, v goes back', () => {
    let view = keys(size, initialView, 'pgdn', 'right', 'v');
    expect(view).toEqual({ top: 12, column: 0, record: true });
    view = keys(size, view, 'down', 'down', 'up');
    expect(view).toEqual({ top: 13, column: 0, record: true });
    // The record's lines: 30 on 12 lines scroll by a page up to the last page; 11 lines do not scroll.
    expect(keys({ ...size, lines: 30 }, view, 'pgdn').column).toBe(12);
    expect(keys({ ...size, lines: 30 }, view, 'pgdn', 'pgdn', 'pgdn').column).toBe(18);
    expect(keys(size, view, 'pgdn').column).toBe(0);
    expect(keys(size, view, 'right').column).toBe(0);
    // A record can be the last row, and the table comes back with that row on its last page.
    view = keys(size, view, 'end');
    expect(view.top).toBe(49);
    expect(keys(size, view, 'v')).toEqual({ top: 38, column: 0, record: false });
    expect(keys({ rows: 0, columns: 3, visible: 12 }, initialView, 'v').record).toBe(false);
  });

  it('gives the footer its four rows and makes every key a row names work', () => {
    expect(footerKeys(TABLE, initialView).map((k) => `${k.keys} ${k.label}`)).toEqual(['↑↓ scroll', 'pgup/pgdn page', '←→ columns', 'v record']);
    expect(keys(size, initialView, ' ').top).toBe(12);
  });
});

describe('the result layout', () => {
  it('measures CJK and emoji by the cells they take, so every line is equally wide', () => {
    const fields = [int('id'), text('city'), text('mood')];
    const rows: Row[] = [
      { id: 1, city: '東京都', mood: '🎸🎶' },
      { id: 2, city: 'Oslo', mood: 'ok' },
    ];
    const layout = layoutResult(fields, rows, { width: 80, column: 0 });
    expect(layout.columns.map((c) => c.width)).toEqual([2, 6, 4]);
    const lines = [headerCells(layout), ...rows.map((r) => rowCells(layout, fields, r).map((c) => c.text))].map((l) => l.join(' │ '));
    expect(lines).toEqual(['id │ city   │ mood', ' 1 │ 東京都 │ 🎸🎶', ' 2 │ Oslo   │ ok  ']);
    expect(new Set(lines.map((l) => stringWidth(l)))).toEqual(new Set([18]));
  });

  it('never cuts a number: a column that does not fit waits for → instead', () => {
    const fields = [int('songplay_id'), int('plays'), text('title')];
    const rows: Row[] = [{ songplay_id: 1, plays: 2813, title: 'Yellow' }];
    for (const width of [12, 16, 19, 40]) {
      const layout = layoutResult(fields, rows, { width, column: 0 });
      const cells = rowCells(layout, fields, rows[0]!).map((c) => c.text.trim());
      expect(cells[1] ?? '2813').toBe('2813');
    }
    const narrow = layoutResult(fields, rows, { width: 20, column: 0 });
    expect(narrow.columns.map((c) => c.name)).toEqual(['songplay_id', 'plays']);
    expect(narrow.after).toBe(1);
    const scrolled = layoutResult(fields, rows, { width: 20, column: 1 });
    expect(scrolled.columns.map((c) => c.name)).toEqual(['songplay_id', 'title']);
    expect([scrolled.before, scrolled.after]).toEqual([1, 0]);
  });

  it('draws NULL distinctly from an empty string, and pins the first column while scrolling', () => {
    const fields = [text('song_id'), text('artist_id'), text('note')];
    const rows: Row[] = [{ song_id: null, artist_id: '', note: 'x' }];
    const layout = layoutResult(fields, rows, { width: 80, column: 1 });
    expect(layout.columns.map((c) => c.name)).toEqual(['song_id', 'note']);
    expect(rowCells(layout, fields, rows[0]!)).toEqual([
      { text: 'NULL   ', null: true },
      { text: 'x   ', null: false },
    ]);
    const all = layoutResult(fields, rows, { width: 80, column: 0 });
    expect(rowCells(all, fields, rows[0]!)[1]).toEqual({ text: '         ', null: false });
  });

  it('cuts long text at 40 cells with … when other columns need the room, and shows line breaks on one line', () => {
    const long = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.36 (KHTML, like Gecko)';
    const fields = [int('id'), text('agent'), text('b'), text('c')];
    const rows: Row[] = [{ id: 1, agent: long, b: 'two\nlines', c: 'a\tb' }];
    // 2 + 40 + 9 + 3 cells and three gaps: 63.
    const layout = layoutResult(fields, rows, { width: 63, column: 0 });
    const cells = rowCells(layout, fields, rows[0]!).map((c) => c.text);
    expect(cells[1]).toBe(`${long.slice(0, 39)}…`);
    expect(cells.slice(2)).toEqual(['two⏎lines', 'a b']);
    // Alone, it has the room: whole.
    const alone = layoutResult([fields[0]!, fields[1]!], rows, { width: 120, column: 0 });
    expect(rowCells(alone, fields, rows[0]!)[1]!.text).toBe(long);
  });
});

describe('record lines', () => {
  it('gives every column a line, values whole and wrapped by cells, NULL marked', () => {
    const long = 'a long user agent string that is much wider than the room there is';
    const fields = [text('user_agent'), text('song_id'), text('city'), text('token')];
    const row: Row = { user_agent: long, song_id: null, city: '東京都渋谷区神南一丁目', token: 'x'.repeat(30) };
    const lines = recordLines(fields, row, 30);
    expect(lines.every((l) => stringWidth(l.label + l.text) <= 30)).toBe(true);
    const of = (label: string) => {
      const start = lines.findIndex((l) => l.label.startsWith(`${label}:`));
      const end = lines.findIndex((l, i) => i > start && l.label.trim() !== '');
      return lines.slice(start, end === -1 ? undefined : end);
    };
    expect(of('user_agent').map((l) => l.text).join(' ')).toBe(long);
    expect(of('user_agent').length).toBeGreaterThan(1);
    expect(of('song_id')).toEqual([{ label: 'song_id:    ', text: 'NULL', null: true }]);
    expect(of('city').map((l) => l.text)).toEqual(['東京都渋谷区神南一', '丁目']);
    expect(of('token').map((l) => l.text).join('')).toBe('x'.repeat(30));
  });
});
