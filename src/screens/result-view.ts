import type { KeyName } from '../tui/key-table.js';

export { GAP, layoutResult, headerCells, rowCells, ruleText, type Cell, type LaidColumn, type ResultLayout } from './result-layout.js';
export { recordLines, type RecordLine } from './record-lines.js';

/** Where the result viewer is: which rows and columns show, or which row is shown as a record. */
export interface ResultView {
  /** Table: the first row shown. Record view: the record's row. */
  top: number;
  /**
   * Table: the first scrolled column after the pinned first one (0: the second column of the result).
   * Record view: the first line of the record shown (a record taller than the screen scrolls).
   */
  column: number;
  /** The record view: one row, every column on a line of its own, values whole. */
  record: boolean;
}

export type ViewAction =
  /** `by` rows, or `by` pages with `page` (in the record view a page scrolls the record's lines). */
  | { type: 'scroll'; by: number; page?: boolean }
  | { type: 'scroll-to'; end: boolean }
  | { type: 'columns'; by: number }
  | { type: 'toggle-record' };

/** What the view is clamped to: rows and columns of the result, lines on screen, and the record's lines. */
export interface ViewSize {
  rows: number;
  columns: number;
  /** Lines the rows (or the record's lines) have on screen. */
  visible: number;
  /** Lines of the record on show (see recordLines); default: one a column. */
  lines?: number;
}

export const initialView: ResultView = { top: 0, column: 0, record: false };

const clamp = (n: number, low: number, high: number): number => Math.min(Math.max(n, low), Math.max(low, high));

export function reduceView(view: ResultView, action: ViewAction, size: ViewSize): ResultView {
  const page = Math.max(1, size.visible);
  // A table stops when its last row reaches the bottom; a record can be any row.
  const lastTop = view.record ? size.rows - 1 : size.rows - page;
  const lastLine = (size.lines ?? size.columns) - page;
  switch (action.type) {
    case 'scroll':
      if (view.record && action.page) return { ...view, column: clamp(view.column + action.by * page, 0, lastLine) };
      return { ...view, top: clamp(view.top + action.by * (action.page ? page : 1), 0, lastTop) };
    case 'scroll-to':
      return { ...view, top: action.end ? Math.max(0, lastTop) : 0 };
    case 'columns':
      // The last column can become the first after the pinned one; the record view has no columns to scroll.
      return view.record ? view : { ...view, column: clamp(view.column + action.by, 0, size.columns - 2) };
    case 'toggle-record':
      if (size.rows === 0) return view;
      return view.record
        ? { top: clamp(view.top, 0, size.rows - page), column: 0, record: false }
        : { top: clamp(view.top, 0, size.rows - 1), column: 0, record: true };
  }
}

/** One row of the viewer's keys, for the key table of the screen that shows it. */
export interface ViewerKey {
  keys: readonly KeyName[];
  label?: string;
  hint?: string;
  help?: string;
  action: ViewAction;
}

/** The viewer's keys; rows without label or help only work (their pair's row speaks for both). */
export const VIEWER_KEYS: readonly ViewerKey[] = [
  { keys: ['up'], hint: '↑↓', label: 'scroll', help: 'one row up or down (record view: the previous or next row)', action: { type: 'scroll', by: -1 } },
  { keys: ['down'], action: { type: 'scroll', by: 1 } },
  { keys: ['pageup'], hint: 'pgup/pgdn', label: 'page', help: 'a page up or down (record view: the record\'s lines)', action: { type: 'scroll', by: -1, page: true } },
  { keys: ['pagedown', ' '], action: { type: 'scroll', by: 1, page: true } },
  { keys: ['home'], hint: 'home/end', help: 'the first or the last row', action: { type: 'scroll-to', end: false } },
  { keys: ['end'], action: { type: 'scroll-to', end: true } },
  { keys: ['left'], hint: '←→', label: 'columns', help: 'scroll the columns; the first stays in place', action: { type: 'columns', by: -1 } },
  { keys: ['right'], action: { type: 'columns', by: 1 } },
  { keys: ['v'], label: 'record', help: 'the top row as a record: every column on its line, values whole; v again: the table', action: { type: 'toggle-record' } },
];
