import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { fitWidths } from '../queries/format.js';
import { isNumericField, textValue } from '../queries/values.js';
import type { Field, Row } from '../warehouse/warehouse.js';
import { clip } from '../tui/format.js';

const GAP = ' │ ';

/** The cells of a result as one-line text, with the column widths that fit `width`. */
export function tableLayout(fields: readonly Field[], rows: readonly Row[], width: number): { widths: number[]; cells: string[][] } {
  const cells = rows.map((row) => fields.map((f) => textValue(row[f.name]).replace(/\s*[\r\n]+\s*/g, ' ⏎ ').replace(/\t/g, ' ')));
  const data = fields.map((_, i) => Math.max(1, ...cells.map((r) => [...r[i]!].length)));
  const available = width - GAP.length * Math.max(0, fields.length - 1);
  const natural = fields.map((f, i) => Math.max(f.name.length, data[i]!));
  // Short values under a long name ("listeners" over 2-digit counts) give up header room first, one
  // character at a time down to 5, so text columns keep as much of their values as fits.
  let total = natural.reduce((a, b) => a + b, 0);
  while (total > available) {
    const excess = natural.map((w, i) => w - Math.max(data[i]!, 5));
    const most = excess.indexOf(Math.max(...excess));
    if (excess[most]! <= 0) break;
    natural[most]!--;
    total--;
  }
  return { widths: fitWidths(natural, available), cells };
}

/**
 * A result as a table that fits the width (the widest columns are narrowed, cells cut with an ellipsis,
 * numbers right-aligned) showing `height` rows from `offset`. The header stays put while the rows scroll.
 */
export function ResultTable({ fields, rows, width, height, offset }: { fields: readonly Field[]; rows: readonly Row[]; width: number; height: number; offset: number }) {
  // Laid out once per result and width, not on every scroll key: a result holds up to a thousand rows.
  const { widths, cells, numeric } = useMemo(
    () => ({ ...tableLayout(fields, rows, width), numeric: fields.map((f) => isNumericField(f) || rows.some((r) => typeof r[f.name] === 'number')) }),
    [fields, rows, width],
  );
  const line = (values: readonly string[]): string =>
    values.map((v, i) => (numeric[i] ? clip(v, widths[i]!).padStart(widths[i]!) : clip(v, widths[i]!).padEnd(widths[i]!))).join(GAP);
  const shown = cells.slice(offset, offset + Math.max(1, height));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {line(fields.map((f) => f.name))}
      </Text>
      <Text dimColor wrap="truncate-end">
        {widths.map((w) => '─'.repeat(w)).join('─┼─')}
      </Text>
      {shown.map((row, i) => (
        <Text key={offset + i} wrap="truncate-end">
          {line(row)}
        </Text>
      ))}
    </Box>
  );
}
