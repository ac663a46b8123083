import { Box, Text } from 'ink';
import type { StepState } from '../etl/pipeline-state.js';
import { etaSeconds, inputFacts, inputRate } from '../etl/run-progress.js';
import { clip, formatInt, formatRate, formatSeconds } from '../tui/format.js';
import { useTheme } from '../tui/theme.js';
import { useTicker } from '../tui/use-ticker.js';
import { SpinnerLine } from './spinner-line.js';

// rows ("1,000,000 rows"), seconds, rows/s ("1,234,567/s")
const NUMBERS_WIDTH = 15 + 9 + 12;

/**
 * One step of a pipeline on one line: state, title, rows, seconds, and rows/s where the step reads input; a
 * checking step's checklist under it. `width`: the row is that wide (printed rows line up); without it the row
 * fills its box, so the live region follows a resize in the very frame ink draws for it.
 */
export function StepRow({ step, width }: { step: StepState; width?: number }) {
  const theme = useTheme();
  if (step.status !== 'done' || !step.checks?.length) return <StepLine step={step} width={width} />;
  return (
    <Box flexDirection="column" width={width}>
      <StepLine step={step} width={width} />
      {step.checks.map((check) => (
        <Text key={check.text} wrap="truncate-end">
          {'  '}
          <Text color={check.caveat ? theme.warn : theme.ok}>{check.caveat ? '?' : '✓'}</Text>
          <Text dimColor={!check.caveat}>{` ${check.text}`}</Text>
        </Text>
      ))}
    </Box>
  );
}

function StepLine({ step, width }: { step: StepState; width?: number }) {
  const theme = useTheme();
  if (step.status === 'running') return <RunningStep step={step} width={width} />;
  // The detail (files read, checks passed) goes after the title when both fit whole.
  const room = (width ?? 0) - 2 - NUMBERS_WIDTH;
  const detail = step.status === 'done' && step.detail && step.title.length + step.detail.length + 3 <= room ? ` · ${step.detail}` : '';
  const icon = { waiting: '·', done: '✓', failed: '✗', skipped: '-' }[step.status];
  const color = { waiting: undefined, done: theme.ok, failed: theme.bad, skipped: theme.warn }[step.status];
  const numbers =
    step.status === 'done'
      ? numberColumns(step.rows, step.seconds, inputRate(step))
      : step.status === 'failed'
        ? `failed after ${formatSeconds(step.seconds)}`.padStart(NUMBERS_WIDTH)
        : step.status === 'skipped'
          ? clip(`skipped: ${step.reason ?? ''}`, NUMBERS_WIDTH).padStart(NUMBERS_WIDTH)
          : 'waiting'.padStart(NUMBERS_WIDTH);
  return (
    <Box width={width}>
      <Box flexGrow={1} flexShrink={1}>
        <Text wrap="truncate-end" dimColor={step.status === 'waiting'}>
          <Text color={color}>{icon}</Text> {step.title}
          <Text dimColor>{detail}</Text>
        </Text>
      </Box>
      <Box flexShrink={0}>
        <Text color={step.status === 'failed' ? theme.bad : undefined} dimColor={step.status !== 'done'}>
          {numbers}
        </Text>
      </Box>
    </Box>
  );
}

/** The running step: rows and rate only for a step that reads input; under it, files and MB of how many, and the ETA. */
function RunningStep({ step, width }: { step: StepState; width?: number }) {
  const now = useTicker(250);
  const seconds = step.startedAt === undefined ? step.seconds : Math.max(step.seconds, (now - step.startedAt) / 1000);
  const eta = etaSeconds(step);
  const facts = [
    ...inputFacts(step),
    eta !== undefined ? `ETA ${formatSeconds(eta)}` : '',
    step.rejected > 0 ? `${formatInt(step.rejected)} rejected` : '',
  ].filter(Boolean);
  return (
    <Box flexDirection="column" width={width}>
      <Box>
        <Box flexGrow={1} flexShrink={1}>
          <SpinnerLine>
            <Text bold>{step.title}</Text>
          </SpinnerLine>
        </Box>
        <Box flexShrink={0}>
          <Text>{numberColumns(step.readsInput ? step.rows : 0, seconds, inputRate(step))}</Text>
        </Box>
      </Box>
      {facts.length > 0 ? (
        <Text dimColor wrap="truncate-end">
          {`  ${facts.join(' · ')}`}
        </Text>
      ) : null}
    </Box>
  );
}

function numberColumns(rows: number, seconds: number, rate: number | undefined): string {
  return [(rows > 0 ? `${formatInt(rows)} rows` : '').padStart(15), formatSeconds(seconds).padStart(9), (rate !== undefined ? formatRate(rate) : '').padStart(12)].join('');
}
