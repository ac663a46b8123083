import { Box, Text } from 'ink';
import type { HistoryEntry } from '../tui/store.js';
import { clip, localTime, rowsText } from '../tui/format.js';
import { SelectList } from './select-list.js';
import { paramSummary } from '../queries/params.js';

/** Past queries, newest first: when, what (an insight and its parameters, or the statement) and how many rows. */
export function HistoryList({ entries, selected, width, height }: { entries: readonly HistoryEntry[]; selected: number; width: number; height: number }) {
  if (entries.length === 0) return <Text dimColor>No queries yet: they are kept here as you run them.</Text>;
  const first = Math.max(0, Math.min(selected - Math.floor(height / 2), entries.length - height));
  const items = entries.slice(first, first + height).map((e, i) => ({
    id: `${first + i}`,
    label: clip(`${localTime(e.at).slice(5)} ${describe(e)}`, width - 14),
    note: e.rows === undefined ? undefined : rowsText(e.rows),
  }));
  return (
    <Box flexDirection="column" width={width}>
      <SelectList items={items} selected={selected - first} />
    </Box>
  );
}

function describe(entry: HistoryEntry): string {
  if (entry.kind === 'sql') return `SQL ${entry.text.replace(/\s+/g, ' ')}`;
  const params = paramSummary(entry.params ?? {});
  return params ? `${entry.text} ${params}` : entry.text;
}
