import { Box, Text } from 'ink';
import { useMemo, type ReactNode } from 'react';
import { GAP, headerCells, layoutResult, recordLines, rowCells, ruleText, type Cell, type ResultView } from '../screens/result-view.js';
import { formatInt } from '../tui/format.js';
import type { Field, Row } from '../warehouse/warehouse.js';

export interface ResultViewerProps {
  fields: readonly Field[];
  rows: readonly Row[];
  view: ResultView;
  width: number;
  /** Lines for the rows (the record view's lines); the header and the rule take two more. */
  height: number;
}

/** A result as a table that scrolls both ways, the first column pinned; or one row as a record (`view.record`). */
export function ResultViewer(props: ResultViewerProps) {
  return props.view.record ? <RecordViewer {...props} /> : <TableViewer {...props} />;
}

/** Plain runs joined into one string, NULLs dim: one `<Text>` a run rather than one a cell. */
function cellLine(cells: readonly Cell[]): ReactNode[] {
  const parts: ReactNode[] = [];
  let run = '';
  cells.forEach((c, i) => {
    if (i > 0) run += GAP;
    if (!c.null) run += c.text;
    else {
      if (run !== '') parts.push(run);
      parts.push(
        <Text key={i} dimColor>
          {c.text}
        </Text>,
      );
      run = '';
    }
  });
  if (run !== '') parts.push(run);
  return parts;
}

function hiddenText(before: number, after: number): string {
  return [before > 0 ? `← ${before} more` : '', after > 0 ? `${after} more →` : ''].filter((s) => s !== '').join(' · ');
}

function TableViewer({ fields, rows, view, width, height }: ResultViewerProps) {
  const layout = useMemo(() => layoutResult(fields, rows, { width, column: view.column }), [fields, rows, width, view.column]);
  const hidden = hiddenText(layout.before, layout.after);
  let rule = ruleText(layout);
  if (hidden !== '') {
    // Beside the rule when there is room, else over its end: the header line stays the columns' own.
    const room = Math.max(0, Math.min(layout.width, width - hidden.length - 1));
    rule = `${[...rule].slice(0, room).join('')} ${hidden}`;
  }
  const shown = rows.slice(view.top, view.top + Math.max(1, height));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {headerCells(layout).join(GAP)}
      </Text>
      <Text dimColor wrap="truncate-end">
        {rule}
      </Text>
      {shown.map((row, i) => (
        <Text key={view.top + i} wrap="truncate-end">
          {cellLine(rowCells(layout, fields, row))}
        </Text>
      ))}
    </Box>
  );
}

function RecordViewer({ fields, rows, view, width, height }: ResultViewerProps) {
  const row = rows[view.top];
  const lines = useMemo(() => (row ? recordLines(fields, row, width) : []), [fields, row, width]);
  if (!row) return <Text dimColor>no rows</Text>;
  // The header line is one, the rule's line goes to the record: the same lines as the table.
  const room = Math.max(1, height + 1);
  const start = Math.min(view.column, Math.max(0, lines.length - room));
  const where = lines.length > room ? ` · lines ${start + 1}-${Math.min(lines.length, start + room)} of ${lines.length}` : '';
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold>{`row ${formatInt(view.top + 1)} of ${formatInt(rows.length)}`}</Text>
        <Text dimColor>{where}</Text>
      </Text>
      {lines.slice(start, start + room).map((line, i) => (
        <Text key={start + i} wrap="truncate-end">
          <Text bold>{line.label}</Text>
          {line.null ? <Text dimColor>{line.text}</Text> : line.text}
        </Text>
      ))}
    </Box>
  );
}
