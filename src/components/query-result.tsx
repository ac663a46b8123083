import { Box, Text } from 'ink';
import { formatInt, formatSeconds, rowsText } from '../tui/format.js';
import type { Problem, ShownResult } from '../tui/use-query.js';
import { initialView, type ResultView } from '../screens/result-view.js';
import { ErrorBox } from './error-box.js';
import { ResultChart } from './result-chart.js';
import { ResultViewer } from './result-viewer.js';
import { SpinnerLine } from './spinner-line.js';

export interface QueryResultProps {
  result?: ShownResult;
  running: boolean;
  /** Esc asked the server to stop the running query. */
  cancelling?: boolean;
  error?: Problem;
  chart: boolean;
  /** First line shown, lines that fit, lines in all (rows, or chart bars). */
  offset: number;
  visible: number;
  lines: number;
  width: number;
  /** Where the table is scrolled to; default: initialView at row `offset` (charts scroll by `offset` alone). */
  view?: ResultView;
}

/** A result: rows, time and where the view is, then the table or the chart; or the error, or a hint. */
export function QueryResult({ result, running, cancelling, error, chart, offset, visible, lines, width, view }: QueryResultProps) {
  if (running) return <SpinnerLine>{cancelling ? 'Cancelling: waiting for the server to stop it…' : 'Running… (esc cancels)'}</SpinnerLine>;
  if (error) return <ErrorBox title={error.title} message={error.message} />;
  if (!result) return <Text dimColor>enter runs it; p edits its parameters first.</Text>;
  const drawn = chart ? result.insight?.chart : undefined;
  const table = view ?? { ...initialView, top: offset };
  // The record view says which row it shows itself; the table and the chart say which lines.
  const first = drawn ? offset : table.top;
  const range = !drawn && table.record ? '' : lines > visible ? ` · ${first + 1}-${Math.min(lines, first + visible)} of ${formatInt(lines)}` : '';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>{result.fields.length > 0 ? rowsText(result.rows.length) : `${rowsText(result.rowCount)} affected`}</Text>
        {` · ${formatSeconds(result.seconds)}`}
        {range}
        <Text dimColor>{result.note ? ` · ${result.note}` : ''}</Text>
      </Text>
      {result.fields.length === 0 ? null : drawn ? (
        <ResultChart rows={result.rows} chart={drawn} width={width} height={visible} offset={offset} />
      ) : (
        <ResultViewer fields={result.fields} rows={result.rows} view={table} width={width} height={visible} />
      )}
    </Box>
  );
}
