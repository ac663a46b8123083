import { Box, Text } from 'ink';
import { useTheme } from '../tui/theme.js';

import type { KeyHint } from '../tui/key-table.js';

export type { KeyHint };

/**
 * One line of the keys that work now. When they do not all fit, the last ones give way, except the final
 * hint (help / back), which always shows.
 */
export function KeyFooter({ hints, width }: { hints: readonly KeyHint[]; width: number }) {
  const theme = useTheme();
  const shown = fitHints(hints, width);
  return (
    <Box>
      {shown.map((hint, i) => (
        <Text key={`${hint.keys}-${i}`}>
          {i > 0 ? '  ' : ''}
          <Text bold color={theme.key}>
            {hint.keys}
          </Text>{' '}
          <Text dimColor>{hint.label}</Text>
        </Text>
      ))}
    </Box>
  );
}

export function fitHints(hints: readonly KeyHint[], width: number): KeyHint[] {
  const size = (h: KeyHint): number => h.keys.length + 1 + h.label.length + 2;
  const last = hints[hints.length - 1];
  const out: KeyHint[] = [];
  let used = last ? size(last) : 0;
  for (const hint of hints.slice(0, -1)) {
    if (used + size(hint) > width) break;
    out.push(hint);
    used += size(hint);
  }
  return last ? [...out, last] : out;
}
