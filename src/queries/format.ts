import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import type { Field, Row } from '../warehouse/warehouse.js';
import { isNumericField, jsonValue, textValue } from './values.js';

export const FORMATS = ['table', 'csv', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * Cells that a spreadsheet would run as a formula are prefixed with an apostrophe (OWASP's advice for CSV
 * injection). Only text is guarded: a negative number is a number.
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One CSV cell: empty for NULL, ISO timestamps, text guarded against formulas (numbers are not). */
export function csvCell(value: unknown, field: Field | undefined): string {
  if (value === null || value === undefined) return '';
  const text = textValue(value);
  return isNumericField(field) || typeof value === 'number' || typeof value === 'bigint' ? text : guardFormula(text);
}

/** CSV (RFC 4180): header row, CRLF-free `\n` records, quoting where needed, ISO timestamps. */
export function csvLines(rows: readonly Row[], fields: readonly Field[], options: { header?: boolean } = {}): string {
  const records = rows.map((row) => fields.map((f) => csvCell(row[f.name], f)));
  const header = options.header ?? true;
  return stringify(header ? [fields.map((f) => f.name), ...records] : records, { eof: true });
}

export function jsonRows(rows: readonly Row[], fields: readonly Field[]): Record<string, unknown>[] {
  return rows.map((row) => Object.fromEntries(fields.map((f) => [f.name, jsonValue(row[f.name], f)])));
}

/**
 * A table for the terminal that fits `width` columns: numbers right-aligned, long cells cut with an
 * ellipsis, the widest columns narrowed first.
 */
export function textTable(rows: readonly Row[], fields: readonly Field[], width = 100, options: { color?: boolean } = {}): string {
  if (fields.length === 0) return '';
  const cells = rows.map((row) => fields.map((f) => oneLine(textValue(row[f.name]))));
  const natural = fields.map((f, i) => Math.max(f.name.length, ...cells.map((r) => r[i]!.length), 1));
  const widths = fitWidths(natural, width - (3 * fields.length + 1));
  const table = new Table({
    head: fields.map((f, i) => clip(f.name, widths[i]!)),
    colWidths: widths.map((w) => w + 2),
    colAligns: fields.map((f) => (isNumericField(f) ? 'right' : 'left')),
    style: { head: options.color ? ['cyan'] : [], border: options.color ? ['grey'] : [] },
    // No rule between rows (a screen shows twice as many), only under the header (added below).
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    wordWrap: false,
  });
  for (const row of cells) table.push(row.map((cell, i) => clip(cell, widths[i]!)));
  const lines = table.toString().split('\n');
  // The header keeps its rule: the top border with junctions in place of corners.
  const rule = lines[0]!.replace('┌', '├').replace(/┬/g, '┼').replace('┐', '┤');
  return [lines[0]!, lines[1]!, rule, ...lines.slice(2)].join('\n');
}

/** Shrinks the widest columns until the total fits (each keeps at least 3 characters). */
export function fitWidths(natural: readonly number[], available: number): number[] {
  const widths = [...natural];
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > Math.max(available, 3 * widths.length)) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= 3) break;
    widths[widest]!--;
    total--;
  }
  return widths;
}

function clip(text: string, width: number): string {
  const chars = [...text];
  return chars.length > width ? `${chars.slice(0, Math.max(1, width - 1)).join('')}…` : text;
}

function oneLine(text: string): string {
  return text.replace(/\r?\n/g, '⏎').replace(/\t/g, ' ');
}
