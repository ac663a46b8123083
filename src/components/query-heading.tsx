import { Box, Text } from 'ink';
import { wrapText } from '../tui/format.js';
import { useTheme } from '../tui/theme.js';

/** The top of the result pane: what is on show, the question it answers (two lines) and its parameters. */
export function QueryHeading({ title, text, params, width }: { title: string; text: string; params: string; width: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Text bold color={theme.accent} wrap="truncate-end">
        {title}
      </Text>
      <Box height={2} flexDirection="column">
        {wrapText(text, width, 2).map((line, i) => (
          <Text key={i} dimColor>
            {line}
          </Text>
        ))}
      </Box>
      <Text dimColor wrap="truncate-end">
        {params || ' '}
      </Text>
    </Box>
  );
}
