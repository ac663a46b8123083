import { Box, Text } from 'ink';
import { formatInt } from '../tui/format.js';
import { useTheme } from '../tui/theme.js';

const CELL = 27;

/**
 * Rows per table, or "missing" for a table that does not exist yet, in as many columns as the width takes
 * (two on 80 columns), so the seven tables cost four lines.
 */
export function TableCounts({ counts, width }: { counts: Record<string, number | null>; width: number }) {
  const theme = useTheme();
  const entries = Object.entries(counts);
  const perLine = Math.max(1, Math.min(3, Math.floor(width / (CELL + 2))));
  const lines: (typeof entries)[] = [];
  for (let i = 0; i < entries.length; i += perLine) lines.push(entries.slice(i, i + perLine));
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i}>
          {line.map(([table, n], j) => (
            <Text key={table}>
              {j > 0 ? '  ' : ''}
              {table.padEnd(CELL - 11)}
              {n === null ? (
                <Text color={theme.warn}>{'missing'.padStart(11)}</Text>
              ) : (
                <Text bold={n > 0}>{formatInt(n).padStart(11)}</Text>
              )}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
