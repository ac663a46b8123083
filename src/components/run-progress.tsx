import { Text } from 'ink';
import type { PipelineState } from '../etl/pipeline-state.js';
import { bar, inputShare, stepsDone } from '../etl/run-progress.js';
import { formatSeconds } from '../tui/format.js';
import { useTheme } from '../tui/theme.js';
import { useTicker } from '../tui/use-ticker.js';

/** Cells of the bar: short enough that the line fits a narrow terminal whatever the width was a frame ago. */
const BAR_CELLS = 20;

/**
 * The whole run on one line: a bar of the steps done (the running step's share of its input counts too, so
 * the bar moves during a long load), `3/10 steps`, and the run's elapsed time.
 */
export function RunProgress({ state }: { state: PipelineState }) {
  const theme = useTheme();
  const now = useTicker(250, !state.finished);
  const { done, total } = stepsDone(state);
  const running = state.steps.find((s) => s.status === 'running');
  const share = total === 0 ? 0 : (done + (running ? (inputShare(running) ?? 0) : 0)) / total;
  const seconds = state.finished || state.startedAt === undefined ? state.seconds : Math.max(0, (now - state.startedAt) / 1000);
  return (
    <Text wrap="truncate-end">
      <Text color={state.finished && !state.ok ? theme.warn : theme.accent}>{bar(share, BAR_CELLS)}</Text>
      {` ${done}/${total} steps · ${formatSeconds(seconds)}`}
    </Text>
  );
}
