import { Box, Text } from 'ink';
import { relative } from 'node:path';
import type { InputStatus } from '../tui/inputs.js';
import { clipStart, formatInt } from '../tui/format.js';
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

/** Paths under the working folder as ./relative, the way people typed them. */
export function shortPath(path: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path;
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : `./${rel}`;
}
