import { Box, Text } from 'ink';
import type { Insight } from '../queries/insights.js';
import { clip } from '../tui/format.js';
import { useTheme } from '../tui/theme.js';

/** The saved insights by title (the user's own queries marked ✎), the chosen one marked; a window of `height` lines follows the choice. */
export function InsightList({ insights, selected, width, height, focused }: { insights: readonly Insight[]; selected: number; width: number; height: number; focused: boolean }) {
  const theme = useTheme();
  const first = Math.max(0, Math.min(selected - Math.floor(height / 2), insights.length - height));
  const shown = insights.slice(first, first + height);
  return (
    <Box flexDirection="column" width={width}>
      {shown.map((insight, i) => {
        const current = first + i === selected;
        return (
          <Text key={insight.id} wrap="truncate-end" bold={current} dimColor={!current && !focused}>
            <Text color={current ? theme.accent : undefined}>{current ? '› ' : '  '}</Text>
            <Text inverse={current && focused && !theme.color}>{clip(`${'file' in insight ? '✎ ' : ''}${insight.title}`, width - 2)}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
