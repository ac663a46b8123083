import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { sqlKind } from '../../src/queries/sql-kind.js';
import { editText, textState } from '../../src/tui/text-edit.js';

const none: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};
const key = (k: Partial<Key>): Key => ({ ...none, ...k });

describe('text fields', () => {
  it('insert typed and pasted text at the cursor and erase to the left', () => {
    let s = textState('./top.csv');
    s = editText(s, '', key({ leftArrow: true }))!;
    s = editText(s, '', key({ leftArrow: true }))!;
    s = editText(s, '', key({ leftArrow: true }))!;
    s = editText(s, '', key({ leftArrow: true }))!;
    s = editText(s, '-songs', none)!;
    expect(s).toEqual({ value: './top-songs.csv', cursor: 11 });
    s = editText(s, '', key({ delete: true }))!;
    expect(s.value).toBe('./top-song.csv');
    expect(editText(textState('a'), 'é😀\nb', none)).toEqual({ value: 'aé😀 b', cursor: 5 });
    expect(editText(textState('abc'), 'u', key({ ctrl: true }))).toEqual({ value: '', cursor: 0 });
  });

  it('leave Enter, Esc, Tab and ↑↓ to the screen', () => {
    for (const k of [{ return: true }, { escape: true }, { tab: true }, { upArrow: true }, { downArrow: true }]) {
      expect(editText(textState('x'), '', key(k))).toBeUndefined();
    }
  });
});

describe('free SQL', () => {
  it('asks before anything that is not SELECT, WITH, SHOW or EXPLAIN', () => {
    expect(sqlKind('select 1')).toEqual({ keyword: 'SELECT', changesData: false, streamable: true });
    expect(sqlKind('  -- top\n/* x */ (SELECT 1)')).toMatchObject({ keyword: 'SELECT', changesData: false });
    expect(sqlKind('WITH a AS (SELECT 1) SELECT * FROM a')).toMatchObject({ changesData: false, streamable: true });
    // A word in a comment or a quoted text is not a keyword (an insight's comment says "division would truncate").
    expect(sqlKind("WITH a AS (SELECT 1) -- integer division would truncate\nSELECT 'drop' AS \"update\" FROM a")).toMatchObject({ changesData: false, streamable: true });
    expect(sqlKind('WITH gone AS (DELETE FROM users RETURNING *) SELECT * FROM gone')).toMatchObject({ changesData: true, streamable: false });
    expect(sqlKind('EXPLAIN SELECT 1')).toMatchObject({ changesData: false, streamable: false });
    // A cursor is a SELECT's on Redshift: VALUES and TABLE run as plain statements everywhere.
    expect(sqlKind('VALUES (1), (2)')).toMatchObject({ keyword: 'VALUES', changesData: false, streamable: false });
    expect(sqlKind('TABLE songs')).toMatchObject({ keyword: 'TABLE', changesData: false, streamable: false });
    expect(sqlKind('show search_path')).toMatchObject({ changesData: false, streamable: false });
    expect(sqlKind('DELETE FROM users')).toMatchObject({ keyword: 'DELETE', changesData: true });
    expect(sqlKind('drop table time')).toMatchObject({ changesData: true });
    expect(sqlKind('WITH gone AS (DELETE FROM users RETURNING *) SELECT count(*) FROM gone')).toMatchObject({ changesData: true, streamable: false });
    expect(sqlKind('   ')).toMatchObject({ keyword: '', changesData: false });
  });
});
