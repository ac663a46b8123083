import { Box, Text } from 'ink';
import type { TextState } from '../tui/text-edit.js';
import { useTheme } from '../tui/theme.js';
import { TextField } from './text-field.js';

/**
 * Deleting a cluster cannot be undone: the person types its identifier to confirm, and sees whether a final
 * snapshot is taken (tab switches) before anything happens.
 */
export function ClusterDeletePrompt({ identifier, snapshot, typed, mismatch }: { identifier: string; snapshot: string | false; typed: TextState; mismatch: boolean }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Text bold color={theme.bad}>{`Delete cluster ${identifier}? This cannot be undone.`}</Text>
      {snapshot === false ? (
        <Text color={theme.warn}>No final snapshot is taken: the data in the cluster is lost for good (tab: take one).</Text>
      ) : (
        <Text>{`A final snapshot ${snapshot} is taken first (tab: take none).`}</Text>
      )}
      <Text>
        {`Type ${identifier} to delete it: `}
        <TextField state={typed} />
      </Text>
      {mismatch ? <Text color={theme.bad}>{`✗ That is not ${identifier}: nothing was deleted.`}</Text> : null}
    </Box>
  );
}
