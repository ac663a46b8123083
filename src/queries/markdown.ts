/**
 * GitHub-flavoured Markdown tables. Cells are escaped so that data can never break the table or turn into
 * markup: `|` would end a cell, a newline the row, and `*`, `` ` ``, `<`, `[` would format or link.
 */
import type { Field, Row } from '../warehouse/warehouse.js';
import { isNumericField, textValue } from './values.js';

/** Text safe inside a table cell: Markdown punctuation backslash-escaped, line breaks as `<br>`. */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/[\\|`*<>[\]]/g, (c) => `\\${c}`)
    .replace(/(^|[^\p{L}\p{N}])_|_(?=$|[^\p{L}\p{N}])/gu, (m) => m.replace('_', '\\_'))
    .replace(/\r?\n|\r/g, '<br>');
}

/** The header and alignment rows (numbers right-aligned). */
export function markdownHeader(fields: readonly Field[]): string {
  const names = fields.map((f) => escapeMarkdownCell(f.name));
  const aligns = fields.map((f) => (isNumericField(f) ? '---:' : '---'));
  return `| ${names.join(' | ')} |\n| ${aligns.join(' | ')} |\n`;
}

export function markdownRow(row: Row, fields: readonly Field[]): string {
  return `| ${fields.map((f) => escapeMarkdownCell(textValue(row[f.name]))).join(' | ')} |\n`;
}

/** A whole table; a result without rows says so under its header. */
export function markdownTable(rows: readonly Row[], fields: readonly Field[]): string {
  if (fields.length === 0) return '';
  const body = rows.map((row) => markdownRow(row, fields)).join('');
  return `${markdownHeader(fields)}${body}${rows.length === 0 ? '\n_No rows._\n' : ''}`;
}
