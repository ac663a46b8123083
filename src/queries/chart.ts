/** Horizontal bar charts in text, with eighth-block precision (█ ▉ ▊ ▋ ▌ ▍ ▎ ▏), for terminals and Markdown. */
import type { Row } from '../warehouse/warehouse.js';
import { textValue } from './values.js';

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;

export interface BarChartOptions {
  /** Characters of the longest bar; default 40. */
  width?: number;
  /** Characters of the widest label; longer ones are cut with an ellipsis; default 28. */
  labelWidth?: number;
}

/**
 * A bar of `value` on a scale where `max` fills `width` characters. A positive value too small to show still
 * gets the thinnest bar, so "little" never looks like "none"; zero, negative and non-numbers get none.
 */
export function bar(value: number, max: number, width: number): string {
  if (!Number.isFinite(value) || value <= 0 || !(max > 0)) return '';
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/**
 * One line per row: label, bar, value. Empty when no row has a numeric value (nothing to draw).
 */
export function barChart(rows: readonly Row[], chart: { label: string; value: string }, options: BarChartOptions = {}): string {
  const width = options.width ?? 40;
  const points = rows.map((row) => ({ label: oneLine(textValue(row[chart.label])), value: numberOf(row[chart.value]), text: textValue(row[chart.value]) }));
  const values = points.map((p) => p.value).filter((v): v is number => v !== undefined);
  if (values.length === 0) return '';
  const max = Math.max(...values);
  const labelWidth = Math.min(options.labelWidth ?? 28, Math.max(...points.map((p) => length(p.label))));
  const lines = points.map((p) => {
    const label = clip(p.label, labelWidth);
    const drawn = bar(p.value ?? 0, max, width);
    return `${label}${' '.repeat(labelWidth - length(label))} ${drawn}${' '.repeat(width - length(drawn))} ${p.text}`.trimEnd();
  });
  return `${lines.join('\n')}\n`;
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function length(text: string): number {
  return [...text].length;
}

function clip(text: string, width: number): string {
  const chars = [...text];
  return chars.length > width ? `${chars.slice(0, Math.max(1, width - 1)).join('')}…` : text;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}
