import { describe, expect, it } from 'vitest';
import { parseNotebook } from '../../src/queries/notebook.js';
import { initialNotebookState, NOTEBOOK_KEYS, notebookReducer, type NotebookAction, type NotebookState } from '../../src/screens/notebook-state.js';
import { foldKeys, footerKeys } from '../../src/tui/key-table.js';
import { effectsOf } from '../../src/tui/use-screen-state.js';
import { presses } from './keys.js';

const keys = (s: NotebookState, ...names: string[]) => foldKeys(NOTEBOOK_KEYS, notebookReducer, s, presses(...names));
const fold = (s: NotebookState, ...actions: NotebookAction[]) => actions.reduce(notebookReducer, s);
const footer = (s: NotebookState) => footerKeys(NOTEBOOK_KEYS, s).map((k) => `${k.keys} ${k.label}`);
const NOTEBOOK = parseNotebook('/n/a.md', '```sql\nSELECT 1 AS one\n```\n\n```sql\nSELECT 2 AS two\n```\n');

function opened(): NotebookState {
  const s = fold(initialNotebookState, { type: 'files', files: ['/n/a.md', '/n/b.md'] });
  return fold(keys(s, 'enter'), { type: 'opened', notebook: NOTEBOOK });
}

describe('notebook screen state', () => {
  it('looks for notebooks first; ↓ enter opens the second', () => {
    expect(effectsOf(initialNotebookState)).toEqual([{ type: 'list' }]);
    expect(footer(initialNotebookState)).toEqual(['↑↓ choose']);
    const s = fold(initialNotebookState, { type: 'files', files: ['/n/a.md', '/n/b.md'] });
    expect(footer(s)).toEqual(['↑↓ choose', 'enter open']);
    expect(effectsOf(keys(s, 'down', 'enter')).at(-1)).toEqual({ type: 'open', file: '/n/b.md' });
  });

  it('runs the chosen cell as a numbered request and shows its output; a late answer to an old request is dropped', () => {
    let s = keys(opened(), 'down', 'enter');
    expect(s.phase).toBe('cells');
    expect(effectsOf(s).at(-1)).toEqual({ type: 'run-cell', tag: 1, cell: 1 });
    // While it runs no other cell starts and esc does not leave.
    expect(keys(s, 'enter', 'a', 'escape')).toEqual(s);
    s = fold(s, { type: 'cell-done', tag: 1, line: 5, ok: true, lines: ['| two |'], summary: '✓ 1 row(s)' });
    expect(s.outputs).toEqual({ 5: ['| two |'] });
    expect(s.running).toBeUndefined();
    s = keys(s, 'a');
    expect(effectsOf(s).at(-1)).toEqual({ type: 'run-all', tag: 2 });
    expect(fold(s, { type: 'cell-done', tag: 1, line: 1, ok: true, lines: ['late'], summary: 'late' }).outputs[1]).toBeUndefined();
    s = fold(s, { type: 'all-done', tag: 2, ok: false, summary: '✗ ran 2 cell(s), 1 failed' });
    expect(s.message).toEqual({ ok: false, text: '✗ ran 2 cell(s), 1 failed' });
    expect(footer(s)).toEqual(['↑↓ cell', 'enter run cell', 'a run all', 'esc notebooks']);
    expect(keys(s, 'escape').phase).toBe('pick');
  });
});
