import { Box, Text } from 'ink';
import type { TextState } from '../tui/text-edit.js';
import { useTheme } from '../tui/theme.js';
import { TextField } from './text-field.js';

export interface DeletePromptProps {
  kind: 'cluster' | 'workgroup';
  name: string;
  namespace?: string;
  snapshot: string | false;
  typed: TextState;
  mismatch: boolean;
  /** Also remove the IAM role and the address rules the set-up made. */
  removeSetup: boolean;
  roleArn?: string;
}

/**
 * Deleting cannot be undone: the person types the name to confirm, and sees whether a final snapshot is taken
 * (tab) and whether what the set-up made goes too (ctrl+r) before anything happens.
 */
export function ClusterDeletePrompt(props: DeletePromptProps) {
  const { kind, name, snapshot, typed, mismatch, removeSetup, roleArn } = props;
  const theme = useTheme();
  const what = kind === 'cluster' ? `cluster ${name}` : `workgroup ${name} and its namespace ${props.namespace}`;
  const data = kind === 'cluster' ? 'the data in the cluster' : 'the databases of the namespace';
  return (
    <Box flexDirection="column">
      <Text bold color={theme.bad}>{`Delete ${what}? This cannot be undone.`}</Text>
      {snapshot === false ? (
        <Text color={theme.warn}>{`No final snapshot is taken: ${data} is lost for good (tab: take one).`}</Text>
      ) : (
        <Text>{`A final snapshot ${snapshot} is taken first (tab: take none).`}</Text>
      )}
      {removeSetup ? (
        <Text>{`Also removed: sparkify's address rules${roleArn ? ` and the IAM role ${roleArn}, if sparkify made it` : ' (no [IAM_ROLE] ARN: no role)'} (ctrl+r: keep them).`}</Text>
      ) : (
        <Text dimColor>The IAM role and the address rules are kept (ctrl+r: remove what sparkify made).</Text>
      )}
      <Text>
        {`Type ${name} to delete it: `}
        <TextField state={typed} />
      </Text>
      {mismatch ? <Text color={theme.bad}>{`✗ That is not ${name}: nothing was deleted.`}</Text> : null}
    </Box>
  );
}
