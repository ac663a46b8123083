import { Box, Text } from 'ink';
import type { RunStep } from '../screens/cluster-run.js';
import { useTheme } from '../tui/theme.js';
import { SpinnerLine } from './spinner-line.js';

const MARK: Record<RunStep['status'], string> = { pending: '·', running: '›', done: '✓', failed: '✗', stopped: '■', skipped: '–' };

/**
 * The steps of an operation as they run: ✓ with what each did, ✗ for the one that failed (its error is shown
 * below), and the ones after it marked skipped. `spin` puts the spinner on the running step (a wait has its own).
 */
export function ClusterSteps({ steps, spin }: { steps: readonly RunStep[]; spin: boolean }) {
  const theme = useTheme();
  const color = { done: theme.ok, failed: theme.bad, stopped: theme.warn } as Partial<Record<RunStep['status'], string>>;
  return (
    <Box flexDirection="column">
      {steps.map((step, i) =>
        step.status === 'running' && spin ? (
          <SpinnerLine key={step.kind}>{`${i + 1}. ${step.text}`}</SpinnerLine>
        ) : (
          <Box key={step.kind} flexDirection="column">
            <Text dimColor={step.status === 'pending' || step.status === 'skipped'}>
              <Text color={color[step.status]}>{MARK[step.status]}</Text>
              {` ${i + 1}. ${step.text}${step.status === 'skipped' ? ' (skipped)' : ''}`}
            </Text>
            {step.detail ? <Text dimColor>{`     ${step.detail}`}</Text> : null}
          </Box>
        ),
      )}
    </Box>
  );
}
