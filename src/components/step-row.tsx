import { Box, Text } from 'ink';
import { rowsPerSecond, type StepState } from '../etl/pipeline-state.js';
import { clip, formatInt, formatRate, formatSeconds } from '../tui/format.js';
import { useTheme } from '../tui/theme.js';
import { useTicker } from '../tui/use-ticker.js';
import { SpinnerLine } from './spinner-line.js';

// rows ("1,000,000 rows"), seconds, rows/s ("1,234,567/s")
const NUMBERS_WIDTH = 15 + 9 + 12;

/**
 * One step of a pipeline on one line: state, title, rows, seconds and rows/s; a checking step's checklist under it,
 * one line per check.
 */
export function StepRow({ step, width }: { step: StepState; width: number }) {
  const theme = useTheme();
  if (step.status !== 'done' || !step.checks?.length) return <StepLine step={step} width={width} />;
  return (
    <Box flexDirection="column">
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

function StepLine({ step, width }: { step: StepState; width: number }) {
  const theme = useTheme();
  const titleWidth = Math.max(10, width - 2 - NUMBERS_WIDTH);
  if (step.status === 'running') return <RunningStep step={step} title={clip(step.title, titleWidth).padEnd(titleWidth)} />;
  // The detail (files read, checks passed) goes after the title when both fit.
  const detail = step.status === 'done' && step.detail && step.title.length + step.detail.length + 3 <= titleWidth ? ` · ${step.detail}` : '';
  const title = clip(step.title, titleWidth);
  const pad = ' '.repeat(Math.max(0, titleWidth - title.length - detail.length));
  const icon = { waiting: '·', done: '✓', failed: '✗', skipped: '-' }[step.status];
  const color = { waiting: undefined, done: theme.ok, failed: theme.bad, skipped: theme.warn }[step.status];
  const numbers =
    step.status === 'done'
      ? numberColumns(step.rows, step.seconds, rowsPerSecond(step))
      : step.status === 'failed'
        ? `failed after ${formatSeconds(step.seconds)}`.padStart(NUMBERS_WIDTH)
        : step.status === 'skipped'
          ? clip(`skipped: ${step.reason ?? ''}`, NUMBERS_WIDTH).padStart(NUMBERS_WIDTH)
          : 'waiting'.padStart(NUMBERS_WIDTH);
  return (
    <Text wrap="truncate-end" dimColor={step.status === 'waiting'}>
      <Text color={color}>{icon}</Text> {title}
      <Text dimColor>{detail}</Text>
      {pad}
      <Text color={step.status === 'failed' ? theme.bad : undefined} dimColor={step.status !== 'done'}>
        {numbers}
      </Text>
    </Text>
  );
}

function RunningStep({ step, title }: { step: StepState; title: string }) {
  const now = useTicker(250);
  const seconds = step.startedAt === undefined ? step.seconds : Math.max(step.seconds, (now - step.startedAt) / 1000);
  // The rate of the last progress report: rows and seconds measured together.
  const rate = rowsPerSecond(step);
  const facts = [
    step.files ? `${formatInt(step.files)} file(s)` : '',
    step.bytes ? `${(step.bytes / 1e6).toFixed(1)} MB read` : '',
    step.rejected > 0 ? `${formatInt(step.rejected)} rejected` : '',
  ].filter(Boolean);
  return (
    <Box flexDirection="column">
      <SpinnerLine>
        <Text bold>{title}</Text>
        {numberColumns(step.rows, seconds, rate)}
      </SpinnerLine>
      {facts.length > 0 ? <Text dimColor>{`  ${facts.join(' · ')}`}</Text> : null}
    </Box>
  );
}

function numberColumns(rows: number, seconds: number, rate: number | undefined): string {
  return [
    (rows > 0 ? `${formatInt(rows)} rows` : '').padStart(15),
    formatSeconds(seconds).padStart(9),
    (rate !== undefined ? formatRate(rate) : '').padStart(12),
  ].join('');
}
