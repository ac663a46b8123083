import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { QUERY_KEYS } from '../../src/screens/query-keys.js';
import { initialQueryState, reduceQuery, type QueryAction, type QueryState } from '../../src/screens/query-state.js';
import { foldKeys, footerKeys, keyAction } from '../../src/tui/key-table.js';
import type { ShownResult } from '../../src/tui/use-query.js';
import { effectsOf } from '../../src/tui/use-screen-state.js';
import { NO_KEY, press, typed } from './keys.js';

const K = { enter: press('', { return: true }), esc: press('', { escape: true }), down: press('', { downArrow: true }), tab: press('', { tab: true }), bs: press('', { backspace: true }) };
const fold = (state: QueryState, ...presses: [string, Key][]): QueryState => foldKeys(QUERY_KEYS, reduceQuery, state, presses);
const act = (state: QueryState, ...actions: QueryAction[]): QueryState => actions.reduce(reduceQuery, state);

function result(sql: string, rows = 1): ShownResult {
  return { kind: 'sql', sql, params: [], fields: [{ name: 'n', dataTypeID: 23 }], rows: Array.from({ length: rows }, (_, i) => ({ n: i })), rowCount: rows, seconds: 0.01, exportable: true };
}

describe('the query screen reducer', () => {
  it('runs the insight under the highlight and shows only the answer to the latest request', () => {
    let s = fold(initialQueryState(), K.down, K.enter);
    expect(effectsOf(s)).toEqual([expect.objectContaining({ kind: 'run-insight', tag: 1, insight: expect.objectContaining({ id: 'top-artists' }) })]);
    expect(s.running).toEqual({ tag: 1, cancelling: false });
    // Esc cancels it; the next request gets tag 2, and the late answer of request 1 is dropped.
    s = fold(s, K.esc);
    expect(effectsOf(s).at(-1)).toEqual({ kind: 'cancel' });
    s = act(s, { type: 'failed', tag: 1, problem: { title: 'Statement cancelled', message: 'stopped by the user' } });
    expect(s.error?.title).toBe('Statement cancelled');
    s = fold(s, press('s'), ...typed('SELECT 1'), K.enter);
    expect(s.running?.tag).toBe(2);
    s = act(s, { type: 'done', tag: 1, result: result('old') });
    expect(s.result).toBeUndefined();
    expect(s.running?.tag).toBe(2);
    s = act(s, { type: 'done', tag: 2, result: result('SELECT 1') });
    expect(s.result?.sql).toBe('SELECT 1');
    expect(s.running).toBeUndefined();
    expect(s.error).toBeUndefined();
  });

  it('while a query runs, only esc (cancel) and ? do something; the footer says so', () => {
    const s = fold(initialQueryState(), K.enter);
    expect(footerKeys(QUERY_KEYS, s).map((k) => k.label)).toEqual(['cancel']);
    expect(keyAction(QUERY_KEYS, s, '?', NO_KEY)).toBeUndefined();
    expect(keyAction(QUERY_KEYS, s, 'q', NO_KEY)).toEqual({ type: 'busy' });
    expect(keyAction(QUERY_KEYS, s, '', { ...NO_KEY, escape: true })).toEqual({ type: 'cancel' });
  });

  it('ctrl+c quits, cancelling first when something runs', () => {
    expect(effectsOf(act(initialQueryState(), { type: 'interrupt' }))).toEqual([{ kind: 'quit', cancelFirst: false }]);
    expect(effectsOf(act(fold(initialQueryState(), K.enter), { type: 'interrupt' })).at(-1)).toEqual({ kind: 'quit', cancelFirst: true });
  });

  it('names a bad parameter in the form and drops the error once the value parses', () => {
    let s = fold(initialQueryState(), press('p'), K.bs, K.bs, press('x'), K.enter);
    expect(s.pane).toBe('params');
    expect(s.paramError).toEqual({ title: 'Bad parameter', message: 'top-songs: limit = "x": expected a whole number' });
    expect(effectsOf(s)).toEqual([]);
    s = fold(s, K.bs, press('5'));
    expect(s.paramError).toBeUndefined();
    expect(s.drafts['top-songs']?.limit).toBe('5');
  });

  it('asks before a statement that changes data, typed or from the history, and No runs nothing', () => {
    let s = fold(initialQueryState(), press('s'), ...typed('DELETE FROM users'), K.enter);
    expect(s.pane).toBe('confirm-sql');
    expect(effectsOf(s)).toEqual([]);
    s = fold(s, press('n'));
    expect(s.pane).toBe('sql');
    expect(effectsOf(s)).toEqual([]);
    s = act(fold(s, K.esc, press('h')), { type: 'history', entries: [{ at: '2026-12-01T10:00:00Z', kind: 'sql', text: 'UPDATE users SET level = 1' }] });
    s = fold(s, K.enter);
    expect(s.pane).toBe('confirm-sql');
    expect(s.confirm?.sql).toBe('UPDATE users SET level = 1');
    expect(effectsOf(s)).toEqual([{ kind: 'load-history' }]);
    s = fold(s, press('y'));
    expect(effectsOf(s).at(-1)).toEqual({ kind: 'run-sql', tag: 1, sql: 'UPDATE users SET level = 1' });
    // A failure clears the question and names the statement that failed.
    s = act(s, { type: 'failed', tag: 1, problem: { title: 'Table missing', message: 'no users' } });
    expect(s.confirm).toBeUndefined();
    expect(s.pane).toBe('result');
    expect(s.last?.sql).toBe('UPDATE users SET level = 1');
  });

  it('an unknown insight in the history is said as such', () => {
    let s = act(initialQueryState(), { type: 'open-history' }, { type: 'history', entries: [{ at: '2026-12-01T10:00:00Z', kind: 'insight', text: 'gone' }] });
    s = fold(s, K.enter);
    expect(s.message?.text).toContain('Unknown insight "gone"');
    expect(s.running).toBeUndefined();
  });

  it('scrolls the result within its rows and toggles the record view', () => {
    let s = act(fold(initialQueryState(), press('s'), ...typed('SELECT n'), K.enter), { type: 'layout', visible: 5, chartLines: 0 });
    s = act(s, { type: 'done', tag: 1, result: result('SELECT n', 12) });
    expect(s.pane).toBe('result');
    s = fold(s, K.down, K.down, press('', { pageDown: true }), press('', { pageDown: true }));
    expect(s.view.top).toBe(7);
    s = fold(s, press('v'), K.down);
    expect(s.view).toEqual(expect.objectContaining({ record: true, top: 8 }));
    s = fold(s, K.tab);
    expect(s.pane).toBe('list');
  });

  it('an export answers only for its own request', () => {
    let s = act(fold(initialQueryState(), K.enter), { type: 'done', tag: 1, result: result('SELECT n') });
    s = fold(s, press('e'), K.enter);
    const exportEffect = effectsOf(s).at(-1);
    expect(exportEffect).toEqual({ kind: 'export', tag: 2, path: './query.csv', sql: 'SELECT n', params: [] });
    expect(act(s, { type: 'exported', tag: 1, outcome: { rows: 1, path: 'x' } }).message?.text).toBe('Exporting to ./query.csv…');
    expect(act(s, { type: 'exported', tag: 2, outcome: { rows: 1, path: 'x.csv' } }).message?.text).toBe('✓ Wrote 1 row to x.csv');
  });
});
