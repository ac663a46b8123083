import stringWidth from 'string-width';
import { textValue } from '../queries/values.js';
import { clip } from '../tui/format.js';
import type { Field, Row } from '../warehouse/warehouse.js';
import { NULL_TEXT, padCells } from './result-layout.js';

/** A line of the record view: the column's name (blank on a value's further lines) and a piece of its value. */
export interface RecordLine {
  label: string;
  text: string;
  null: boolean;
}

const graphemes = new Intl.Segmenter();

/**
 * Breaks one line of text into pieces of at most `width` cells, at the last space that fits where there is
 * one (that space is the break), else between two characters: nothing of the value is lost.
 */
export function wrapCells(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const cells = stringWidth(segment);
    if (used + cells > width && line !== '') {
      const space = line.lastIndexOf(' ');
      if (segment === ' ') {
        lines.push(line);
        line = '';
        used = 0;
        continue;
      }
      if (space > 0) {
        lines.push(line.slice(0, space));
        line = line.slice(space + 1);
      } else {
        lines.push(line);
        line = '';
      }
      used = stringWidth(line);
    }
    line += segment;
    used += cells;
  }
  lines.push(line);
  return lines;
}

/**
 * One row as `column: value` lines, every value whole: wrapped to `width` cells and broken where it holds
 * line breaks (tabs as spaces, other control characters as �); NULL marked, '' an empty value.
 */
export function recordLines(fields: readonly Field[], row: Row, width: number): RecordLine[] {
  const names = fields.map((f) => stringWidth(f.name));
  // Long names give way to values: at most a third of the width.
  const nameCells = Math.min(Math.max(0, ...names), Math.max(8, Math.floor(width / 3)));
  const valueCells = Math.max(1, width - nameCells - 2);
  const blank = ' '.repeat(nameCells + 2);
  return fields.flatMap((f): RecordLine[] => {
    const label = `${padCells(`${clip(f.name, nameCells)}:`, nameCells + 1, false)} `;
    const value = row[f.name];
    if (value === null || value === undefined) return [{ label, text: NULL_TEXT, null: true }];
    const parts = textValue(value).replace(/\t/g, ' ').split(/\r\n|\r|\n/);
    const pieces = parts.flatMap((part) => wrapCells(part.replace(/\p{Cc}/gu, '\ufffd'), valueCells));
    return pieces.map((piece, i) => ({ label: i === 0 ? label : blank, text: piece, null: false }));
  });
}
