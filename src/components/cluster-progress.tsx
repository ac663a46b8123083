import { Box, Text } from 'ink';
import { formatSeconds } from '../tui/format.js';
import type { ClusterWait } from '../tui/use-cluster.js';
import { useTicker } from '../tui/use-ticker.js';
import { SpinnerLine } from './spinner-line.js';

const DOING = { create: 'Creating', pause: 'Pausing', resume: 'Resuming', delete: 'Deleting' } as const;

/** A lifecycle operation while it waits: spinner, the state at the last check and the time so far. */
export function ClusterProgress({ wait, identifier, pollSeconds }: { wait: ClusterWait; identifier: string; pollSeconds: number }) {
  const now = useTicker(250);
  const elapsed = formatSeconds(Math.max(0, now - wait.startedAt) / 1000);
  return (
    <Box flexDirection="column">
      <SpinnerLine>
        <Text bold>{`${DOING[wait.action]} ${identifier}`}</Text>
        {` · state ${wait.state} · ${elapsed}`}
      </SpinnerLine>
      <Text dimColor wrap="wrap">
        {wait.stopping
          ? `Stopping the wait; the ${wait.action} goes on in AWS.`
          : `AWS is asked every ${pollSeconds} s. Esc stops waiting; the ${wait.action} itself goes on in AWS.`}
      </Text>
    </Box>
  );
}
