import { Box, Text } from 'ink';
import { ConfirmPrompt } from './confirm-prompt.js';

export interface PlanProps {
  name: string;
  kind: 'cluster' | 'workgroup';
  steps: readonly { text: string }[];
  /** Optional steps that are off (or cannot be on), with the key that changes them. */
  notes: readonly string[];
  managedPassword: boolean;
  yes: boolean;
}

const BILLED = {
  cluster: 'It is billed from now until it is paused or deleted.',
  workgroup: 'It is billed for each second it runs queries, until it is deleted.',
} as const;

/** The set-up plan, one line per step, before anything is sent; answered with a prompt whose default is No. */
export function ClusterPlan({ name, kind, steps, notes, managedPassword, yes }: PlanProps) {
  const user = kind === 'cluster' ? 'Redshift keeps the master password' : 'AWS keeps the admin password';
  return (
    <Box flexDirection="column">
      <Text bold>{`Plan for ${name} (nothing is sent before you answer):`}</Text>
      {steps.map((step, i) => (
        <Text key={step.text}>{`  ${i + 1}. ${step.text}`}</Text>
      ))}
      {notes.map((note) => (
        <Text key={note} dimColor>{`  –  ${note}`}</Text>
      ))}
      {managedPassword ? <Text dimColor>{`No [CLUSTER] DB_PASSWORD: ${user} in Secrets Manager.`}</Text> : null}
      <ConfirmPrompt question={`Run these ${steps.length} steps? ${BILLED[kind]}`} yesLabel="Create" yes={yes} />
    </Box>
  );
}
