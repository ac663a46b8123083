import type { Notebook } from '../queries/notebook.js';
import type { KeyTable } from '../tui/key-table.js';
import { NO_EFFECTS, withEffect, type WithEffects } from '../tui/use-screen-state.js';

export type NotebookEffect =
  | { type: 'list' }
  | { type: 'open'; file: string }
  /** Run cell `cell` (an index) of the open notebook as request `tag`: shown, not written. */
  | { type: 'run-cell'; tag: number; cell: number }
  /** Run every cell and write the notebook with its results (as `sparkify notebook run`), as request `tag`. */
  | { type: 'run-all'; tag: number };

export type NotebookAction =
  | { type: 'files'; files: string[] }
  | { type: 'move'; by: 1 | -1 }
  | { type: 'open' }
  | { type: 'opened'; notebook: Notebook; outputs?: Record<number, string[]> }
  | { type: 'problem'; text: string }
  | { type: 'run-cell' }
  | { type: 'run-all' }
  | { type: 'cell-done'; tag: number; line: number; ok: boolean; lines: string[]; summary: string }
  | { type: 'all-done'; tag: number; ok: boolean; summary: string }
  | { type: 'close' };

export interface NotebookState extends WithEffects<NotebookEffect> {
  /** pick: the notebooks found; cells: the open one's cells. */
  phase: 'pick' | 'cells';
  files: string[];
  file: number;
  notebook?: Notebook;
  cell: number;
  tag: number;
  running?: number;
  /** The last output of each cell, by the line of its fence. */
  outputs: Record<number, string[]>;
  message?: { ok: boolean; text: string };
}

const empty: NotebookState = { ...NO_EFFECTS, phase: 'pick', files: [], file: 0, cell: 0, tag: 0, outputs: {} };

/** The screen as it first shows: looking for notebooks. */
export const initialNotebookState: NotebookState = withEffect(empty, { type: 'list' });

export function notebookReducer(s: NotebookState, a: NotebookAction): NotebookState {
  switch (a.type) {
    case 'files':
      return { ...s, files: a.files, file: Math.min(s.file, Math.max(0, a.files.length - 1)) };
    case 'move': {
      if (s.phase === 'pick') return s.files.length === 0 ? s : { ...s, file: (s.file + s.files.length + a.by) % s.files.length };
      const n = s.notebook?.cells.length ?? 0;
      return n === 0 ? s : { ...s, cell: (s.cell + n + a.by) % n };
    }
    case 'open': {
      const file = s.files[s.file];
      return file ? withEffect({ ...s, message: undefined }, { type: 'open', file }) : s;
    }
    case 'opened':
      return { ...s, phase: 'cells', notebook: a.notebook, cell: Math.min(s.cell, Math.max(0, a.notebook.cells.length - 1)), outputs: a.outputs ?? {} };
    case 'problem':
      return { ...s, running: undefined, message: { ok: false, text: a.text } };
    case 'run-cell': {
      if (s.running !== undefined || !s.notebook?.cells[s.cell]) return s;
      const tag = s.tag + 1;
      return withEffect({ ...s, tag, running: tag, message: undefined }, { type: 'run-cell', tag, cell: s.cell });
    }
    case 'run-all': {
      if (s.running !== undefined || !s.notebook) return s;
      const tag = s.tag + 1;
      return withEffect({ ...s, tag, running: tag, message: undefined }, { type: 'run-all', tag });
    }
    case 'cell-done':
      if (a.tag !== s.running) return s;
      return { ...s, running: undefined, outputs: { ...s.outputs, [a.line]: a.lines }, message: { ok: a.ok, text: a.summary } };
    case 'all-done':
      if (a.tag !== s.running) return s;
      return { ...s, running: undefined, message: { ok: a.ok, text: a.summary } };
    case 'close':
      return s.running !== undefined ? s : { ...s, phase: 'pick', notebook: undefined, cell: 0, outputs: {}, message: undefined };
  }
}

const picking = (s: NotebookState): boolean => s.phase === 'pick';
const inCells = (s: NotebookState): boolean => s.phase === 'cells' && s.running === undefined;

/** Every key of the notebook screen: the input handler, the footer and the `?` help are read from these rows. */
export const NOTEBOOK_KEYS: KeyTable<NotebookState, NotebookAction> = [
  { keys: ['up', 'k'], hint: '↑↓', label: 'choose', help: 'move in the list of notebooks', when: picking, action: { type: 'move', by: -1 } },
  { keys: ['down', 'j'], when: picking, action: { type: 'move', by: 1 } },
  { keys: ['enter'], label: 'open', help: 'open the chosen notebook: its cells', when: (s) => picking(s) && s.files.length > 0, action: { type: 'open' } },
  { keys: ['up', 'k'], hint: '↑↓', label: 'cell', help: 'move between the cells', when: inCells, action: { type: 'move', by: -1 } },
  { keys: ['down', 'j'], when: inCells, action: { type: 'move', by: 1 } },
  { keys: ['enter'], label: 'run cell', help: 'run the chosen cell and show its result (the file is not changed)', when: inCells, action: { type: 'run-cell' } },
  { keys: ['a'], label: 'run all', help: 'run every cell and write the results into the notebook, as sparkify notebook run does', when: inCells, action: { type: 'run-all' } },
  { keys: ['escape', 'q'], hint: 'esc', label: 'notebooks', help: 'esc or q: back to the list of notebooks', when: inCells, action: { type: 'close' } },
];
