import { Box, Text } from 'ink';
import type { Op } from '../tui/cluster-effects.js';
import { formatSeconds } from '../tui/format.js';
import { useTicker } from '../tui/use-ticker.js';
import { SpinnerLine } from './spinner-line.js';

const DOING: Record<Op, [string, string]> = { create: ['Creating', 'creating'], pause: ['Pausing', 'pausing'], resume: ['Resuming', 'resuming'], delete: ['Deleting', 'deleting'] };

/** A waiting step: spinner, the state at the last check and the time so far. */
export function ClusterProgress({ op, name, state, startedAt, pollSeconds }: { op: Op; name: string; state?: string; startedAt?: number; pollSeconds: number }) {
  const now = useTicker(250);
  const elapsed = startedAt === undefined ? '' : ` · ${formatSeconds(Math.max(0, now - startedAt) / 1000)}`;
  return (
    <Box flexDirection="column">
      <SpinnerLine>
        <Text bold>{`${DOING[op][0]} ${name}`}</Text>
        {` · state ${state ?? DOING[op][1]}${elapsed}`}
      </SpinnerLine>
      <Text dimColor wrap="wrap">{`AWS is asked every ${pollSeconds} s. Esc stops waiting; the ${op} itself goes on in AWS.`}</Text>
    </Box>
  );
}
