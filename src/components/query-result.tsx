import { Box, Text } from 'ink';
import { formatInt, formatSeconds, rowsText } from '../tui/format.js';
import type { Problem, ShownResult } from '../tui/use-query.js';
import { ErrorBox } from './error-box.js';
import { ResultChart } from './result-chart.js';
import { ResultTable } from './result-table.js';
import { SpinnerLine } from './spinner-line.js';

export interface QueryResultProps {
  result?: ShownResult;
  running: boolean;
  error?: Problem;
  chart: boolean;
  /** First line shown, lines that fit, lines in all (rows, or chart bars). */
  offset: number;
  visible: number;
  lines: number;
  width: number;
}

/** A result: rows, time and where the view is, then the table or the chart; or the error, or a hint. */
export function QueryResult({ result, running, error, chart, offset, visible, lines, width }: QueryResultProps) {
  if (running) return <SpinnerLine>Running…</SpinnerLine>;
  if (error) return <ErrorBox title={error.title} message={error.message} />;
  if (!result) return <Text dimColor>enter runs it; p edits its parameters first.</Text>;
  const drawn = chart ? result.insight?.chart : undefined;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>{result.fields.length > 0 ? rowsText(result.rows.length) : `${rowsText(result.rowCount)} affected`}</Text>
        {` · ${formatSeconds(result.seconds)}`}
        {lines > visible ? ` · ${offset + 1}-${Math.min(lines, offset + visible)} of ${formatInt(lines)}` : ''}
        <Text dimColor>{result.note ? ` · ${result.note}` : ''}</Text>
      </Text>
      {result.fields.length === 0 ? null : drawn ? (
        <ResultChart rows={result.rows} chart={drawn} width={width} height={visible} offset={offset} />
      ) : (
        <ResultTable fields={result.fields} rows={result.rows} width={width} height={visible} offset={offset} />
      )}
    </Box>
  );
}
