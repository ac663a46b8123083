import stringWidth from 'string-width';
import { isNumericField, textValue } from '../queries/values.js';
import { clip } from '../tui/format.js';
import type { Field, Row } from '../warehouse/warehouse.js';

/** Text columns are at most this many cells wide while other columns wait for room (numbers never are). */
export const TEXT_CAP = 40;
/** Narrower still when a few columns would not fit side by side: long text gives way before whole columns do. */
const SHARED_CAP_MIN = 16;
const COLUMNS_TO_SHOW = 4;
export const GAP = ' │ ';
const GAP_CELLS = stringWidth(GAP);
export const NULL_TEXT = 'NULL';

export interface LaidColumn {
  /** Position in the result's fields. */
  index: number;
  name: string;
  /** Terminal cells. */
  width: number;
  numeric: boolean;
}

/** The columns to draw: the first, pinned, then those from the scrolled one that fit; and how many are not shown. */
export interface ResultLayout {
  columns: LaidColumn[];
  before: number;
  after: number;
  /** Cells of a whole line, gaps included. */
  width: number;
}

/** A cell ready to draw: cut and padded to its column; `null` ones are drawn dim. */
export interface Cell {
  text: string;
  null: boolean;
}

/** One line whatever the value holds: a line break shows as ⏎, a tab as a space, other control characters as �. */
export function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '⏎').replace(/\t/g, ' ').replace(/\p{Cc}/gu, '\ufffd');
}

interface Measure {
  fields: readonly Field[];
  natural: number[];
  numeric: boolean[];
}

// Measuring every cell is the costly part (a thousand rows of wide text); it depends on the rows only, and a
// result's rows array is the same object for as long as it is on show, while widths and scrolling change.
const measured = new WeakMap<readonly Row[], Measure>();

function measure(fields: readonly Field[], rows: readonly Row[]): Measure {
  const known = measured.get(rows);
  if (known && known.fields === fields) return known;
  const natural = fields.map((f) => stringWidth(oneLine(f.name)));
  const numeric = fields.map((f) => isNumericField(f));
  for (const row of rows) {
    fields.forEach((f, i) => {
      const value = row[f.name];
      if (typeof value === 'number' || typeof value === 'bigint') numeric[i] = true;
      const cells = value === null || value === undefined ? NULL_TEXT.length : stringWidth(oneLine(textValue(value)));
      if (cells > natural[i]!) natural[i] = cells;
    });
  }
  const result = { fields, natural: natural.map((w) => Math.max(1, w)), numeric };
  measured.set(rows, result);
  return result;
}

/**
 * Which columns fit `width` from the scrolled `column`, each as wide as its widest cell: text capped at
 * TEXT_CAP (less in a narrow pane, so that a few columns show side by side) until there is room to spare, numbers whole (the table scrolls rather than cut a number).
 */
export function layoutResult(fields: readonly Field[], rows: readonly Row[], options: { width: number; column: number }): ResultLayout {
  if (fields.length === 0) return { columns: [], before: 0, after: 0, width: 0 };
  const { natural, numeric } = measure(fields, rows);
  const cap = Math.min(TEXT_CAP, Math.max(SHARED_CAP_MIN, Math.floor(options.width / Math.min(fields.length, COLUMNS_TO_SHOW))));
  const capped = (i: number): number => (numeric[i] ? natural[i]! : Math.min(natural[i]!, cap));
  const laid = (i: number, width: number): LaidColumn => ({ index: i, name: fields[i]!.name, width, numeric: numeric[i]! });
  const first = Math.min(Math.max(0, options.column), Math.max(0, fields.length - 2)) + 1;
  const columns = [laid(0, capped(0))];
  let used = columns[0]!.width;
  for (let i = first; i < fields.length; i++) {
    const room = options.width - used - GAP_CELLS;
    if (capped(i) > room) {
      // The scrolled column shows even when it does not fit: text narrowed, a number whole.
      if (columns.length === 1) columns.push(laid(i, numeric[i] ? capped(i) : Math.max(room, Math.min(capped(i), 5))));
      break;
    }
    columns.push(laid(i, capped(i)));
    used += GAP_CELLS + capped(i);
  }
  used = columns.reduce((sum, c) => sum + c.width, GAP_CELLS * (columns.length - 1));
  // Room to spare goes to the capped text, so a few columns of long text show whole.
  for (const c of columns) {
    const more = Math.min(Math.max(0, options.width - used), natural[c.index]! - c.width);
    if (more > 0 && !c.numeric) {
      c.width += more;
      used += more;
    }
  }
  const shown = columns.length - 1;
  return { columns, before: first - 1, after: Math.max(0, fields.length - first - shown), width: used };
}

export function padCells(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return right ? fill + text : text + fill;
}

function cell(value: unknown, column: LaidColumn): Cell {
  if (value === null || value === undefined) return { text: padCells(NULL_TEXT, column.width, column.numeric), null: true };
  return { text: padCells(clip(oneLine(textValue(value)), column.width), column.width, column.numeric), null: false };
}

export function headerCells(layout: ResultLayout): string[] {
  return layout.columns.map((c) => padCells(clip(oneLine(c.name), c.width), c.width, c.numeric));
}

export function rowCells(layout: ResultLayout, fields: readonly Field[], row: Row): Cell[] {
  return layout.columns.map((c) => cell(row[fields[c.index]!.name], c));
}

/** The rule under the header, its junctions under the gaps. */
export function ruleText(layout: ResultLayout): string {
  return layout.columns.map((c) => '─'.repeat(c.width)).join('─┼─');
}
