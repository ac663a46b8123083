import { Box, Text } from 'ink';
import { SAMPLE_SIZES } from '../tui/inputs.js';
import { formatInt, formatSeconds, shortPath } from '../tui/format.js';
import { useTheme } from '../tui/theme.js';
import { useTicker } from '../tui/use-ticker.js';
import type { Generation } from '../tui/use-generate.js';
import { SelectList, type SelectItem } from './select-list.js';
import { SpinnerLine } from './spinner-line.js';

/**
 * The answers to the offer, "no" first: the highlight starts there, so a stray Enter writes nothing (generating
 * writes files; ↓ picks a size).
 */
export const SIZE_ITEMS: SelectItem[] = [
  { id: 'no', label: 'no'.padEnd(7), note: 'not now: I will point dwh.cfg at my data' },
  ...SAMPLE_SIZES.map((s) => ({ id: s.id, label: s.id.padEnd(7), note: `${formatInt(s.songs)} songs, ${formatInt(s.events)} events` })),
];

/** The offer to write a sample dataset, its progress, and how it went. */
export function GenerateOffer({ generation, out, selected, missing }: { generation: Generation; out: string; selected: number; missing: boolean }) {
  const theme = useTheme();
  if (generation.status === 'running') return <Generating generation={generation} />;
  return (
    <Box flexDirection="column">
      {generation.status === 'failed' && generation.error ? (
        <Text color={theme.bad}>{`✗ ${generation.error.title}: ${generation.error.message}`}</Text>
      ) : null}
      <Text bold>
        {missing ? 'There is no input data yet. ' : ''}Generate a sample dataset into {shortPath(out)}?
      </Text>
      <SelectList items={SIZE_ITEMS} selected={selected} />
    </Box>
  );
}

function Generating({ generation }: { generation: Generation }) {
  const now = useTicker(250);
  const seconds = generation.startedAt ? (now - generation.startedAt) / 1000 : 0;
  const size = generation.size;
  const done = generation.progress;
  return (
    <Box flexDirection="column">
      <SpinnerLine>
        Generating {size ? `${formatInt(size.songs)} songs and ${formatInt(size.events)} events` : 'a sample'} into{' '}
        {shortPath(generation.out ?? '')}…
      </SpinnerLine>
      <Text dimColor>{`  ${done ? `${formatInt(done.songs)} songs, ${formatInt(done.events)} events written · ` : ''}${formatSeconds(seconds)}`}</Text>
    </Box>
  );
}
