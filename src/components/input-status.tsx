import { Box, Text } from 'ink';
import type { InputStatus } from '../tui/inputs.js';
import { clipStart, formatInt, shortPath } from '../tui/format.js';
import { useTheme } from '../tui/theme.js';

/** The two input locations and whether they hold JSON files. */
export function InputStatusLines({ statuses, width }: { statuses: readonly InputStatus[]; width: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      {statuses.map((s) => {
        const state =
          s.state === 'ok'
            ? `${formatInt(s.files)} JSON file(s)`
            : s.state === 'remote'
              ? 'read from S3 by the ETL'
              : s.state === 'missing'
                ? 'missing'
                : 'no JSON files';
        const where = clipStart(shortPath(s.location), Math.max(10, width - 10 - state.length - 2));
        return (
          <Text key={s.label} wrap="truncate-end">
            {s.label.padEnd(8)}
            {where}
            {'  '}
            <Text color={s.state === 'ok' ? theme.ok : s.state === 'remote' ? undefined : theme.warn}>{state}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
