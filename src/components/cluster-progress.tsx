import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { formatSeconds } from '../tui/format.js';
import { useTheme } from '../tui/theme.js';
import type { ClusterWait } from '../tui/use-cluster.js';
import { useTicker } from '../tui/use-ticker.js';

const DOING = { create: 'Creating', pause: 'Pausing', resume: 'Resuming', delete: 'Deleting' } as const;

/** A lifecycle operation while it waits: spinner, the state at the last check and the time so far. */
export function ClusterProgress({ wait, identifier, pollSeconds }: { wait: ClusterWait; identifier: string; pollSeconds: number }) {
  const theme = useTheme();
  const now = useTicker(250);
  const elapsed = formatSeconds(Math.max(0, now - wait.startedAt) / 1000);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text color={theme.accent}>
          <Spinner type="dots" />
        </Text>{' '}
        <Text bold>{`${DOING[wait.action]} ${identifier}`}</Text>
        {` · state ${wait.state} · ${elapsed}`}
      </Text>
      <Text dimColor wrap="wrap">
        {wait.stopping
          ? `Stopping the wait; the ${wait.action} goes on in AWS.`
          : `AWS is asked every ${pollSeconds} s. Esc stops waiting; the ${wait.action} itself goes on in AWS.`}
      </Text>
    </Box>
  );
}
