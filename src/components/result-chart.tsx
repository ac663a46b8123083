import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { barChart } from '../queries/chart.js';
import type { Row } from '../warehouse/warehouse.js';

/** The lines of the bar chart of a result, sized to `width` (label, bar, value). */
export function chartLines(rows: readonly Row[], chart: { label: string; value: string }, width: number): string[] {
  const labelWidth = Math.min(24, Math.max(8, Math.floor(width / 3)));
  const valueWidth = Math.max(...rows.map((r) => String(r[chart.value] ?? '').length), 1);
  const text = barChart(rows, chart, { width: Math.max(5, width - labelWidth - valueWidth - 3), labelWidth });
  return text === '' ? [] : text.trimEnd().split('\n');
}

/** A unicode bar chart of a result, scrolled like the table. */
export function ResultChart({ rows, chart, width, height, offset }: { rows: readonly Row[]; chart: { label: string; value: string }; width: number; height: number; offset: number }) {
  const lines = useMemo(() => chartLines(rows, chart, width), [rows, chart, width]);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">{`${chart.value} by ${chart.label}`}</Text>
      {lines.length === 0 ? <Text dimColor>no numeric values to draw</Text> : null}
      {lines.slice(offset, offset + Math.max(1, height)).map((line, i) => (
        <Text key={offset + i} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
}
