import { Box, Text } from 'ink';
import type { PipelineState } from '../etl/pipeline-state.js';
import { etlAdvice } from '../tui/etl-advice.js';
import { formatInt, formatSeconds } from '../tui/format.js';
import { useTheme } from '../tui/theme.js';
import { ErrorBox } from './error-box.js';
import { TableCounts } from './table-counts.js';

/** How an ETL ended: the error and the records it rejected, the rows per table, the time, what next. */
/** `added`: what an incremental run added to each table, one line. */
export function EtlSummary({ state, width, added }: { state: PipelineState; width: number; added?: string }) {
  const theme = useTheme();
  const failed = state.steps.find((s) => s.status === 'failed');
  const verdict = state.ok ? 'done' : state.cancelled ? 'cancelled' : 'failed';
  const advice = etlAdvice(state);
  return (
    <Box flexDirection="column">
      {failed?.error && !state.cancelled ? <ErrorBox title={failed.error.title} message={failed.error.message} /> : null}
      {state.rejections.slice(0, 3).map((r, i) => (
        <Text key={i} color={theme.warn} wrap="truncate-end">{`rejected ${r}`}</Text>
      ))}
      {state.rejectedCount > 3 ? <Text dimColor>{`… ${formatInt(state.rejectedCount - 3)} more rejected record(s)`}</Text> : null}
      {state.warnings.slice(0, 2).map((w, i) => (
        <Text key={i} color={theme.warn} wrap="truncate-end">{`warning: ${w}`}</Text>
      ))}
      {Object.keys(state.counts).length > 0 ? (
        <Box>
          <TableCounts counts={state.counts} width={width} />
        </Box>
      ) : null}
      {added ? <Text wrap="truncate-end">{added}</Text> : null}
      <Text bold color={state.ok ? theme.ok : state.cancelled ? theme.warn : theme.bad}>
        {`${state.ok ? '✓' : '✗'} ETL ${verdict} in ${formatSeconds(state.seconds)}`}
      </Text>
      {advice ? <Text dimColor>{advice}</Text> : null}
    </Box>
  );
}
