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

/** CSV (RFC 4180): header row, CRLF-free `\n` records, quoting where needed, ISO timestamps. */
export function csvLines(rows: readonly Row[], fields: readonly Field[], options: { header?: boolean } = {}): string {
  const records = rows.map((row) =>
    fields.map((f) => {
      const value = row[f.name];
      if (value === null || value === undefined) return '';
      const text = textValue(value);
      return isNumericField(f) || typeof value === 'number' ? text : guardFormula(text);
    }),
  );
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
    wordWrap: false,
  });
  for (const row of cells) table.push(row.map((cell, i) => clip(cell, widths[i]!)));
  return table.toString();
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
