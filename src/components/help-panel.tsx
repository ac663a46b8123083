import { Box, Text } from 'ink';
import { useTheme } from '../tui/theme.js';
import type { KeyHint } from './key-footer.js';

/** `?`: what the screen is for and every key it takes, with what each does. */
export function HelpPanel({ about, hints }: { about: string; hints: readonly KeyHint[] }) {
  const theme = useTheme();
  const width = Math.max(...hints.map((h) => h.keys.length), 3);
  return (
    <Box flexDirection="column">
      <Text>{about}</Text>
      <Text> </Text>
      {hints.map((hint, i) => (
        <Text key={`${hint.keys}-${i}`}>
          <Text bold color={theme.key}>
            {hint.keys.padEnd(width)}
          </Text>
          {'  '}
          {hint.help ?? hint.label}
        </Text>
      ))}
      <Text> </Text>
      <Text dimColor>Press any key to close this help.</Text>
    </Box>
  );
}
