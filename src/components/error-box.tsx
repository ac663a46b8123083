import { Box, Text } from 'ink';
import { useTheme } from '../tui/theme.js';

/** A failure for people: its title, its one-line message and what to do about it. Never a stack trace. */
export function ErrorBox({ title, message, next }: { title: string; message: string; next?: string }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <Text color={theme.bad} bold>
        ✗ {title}
      </Text>
      <Text>{message}</Text>
      {next ? <Text dimColor>{next}</Text> : null}
    </Box>
  );
}
