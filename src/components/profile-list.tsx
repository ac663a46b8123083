import { Box, Text } from 'ink';
import { withoutPassword, type Profile } from '../tui/store.js';
import { SelectList } from './select-list.js';

/** Saved ways to reach a warehouse, the current one first. */
export function ProfileList({ profiles, current, selected }: { profiles: readonly Profile[]; current: string; selected: number }) {
  const items = profiles.map((p) => ({
    id: p.name,
    label: p.name,
    note: [describe(p), p.name === current ? '(current)' : ''].filter(Boolean).join(' '),
  }));
  return (
    <Box flexDirection="column">
      <Text bold>Profiles</Text>
      <SelectList items={items} selected={selected} />
    </Box>
  );
}

function describe(p: Profile): string {
  const parts = [p.config ?? 'dwh.cfg'];
  if (p.engine) parts.push(p.engine);
  if (p.dataDir) parts.push(p.dataDir);
  // The current profile may hold a password from --url: it is never shown.
  if (p.url) parts.push(withoutPassword(p.url));
  return parts.join(' · ');
}
