import { Box, Text } from 'ink';
import { useTheme } from '../tui/theme.js';

/**
 * A yes/no question whose default is No: the screen maps y / n / ←→ / Enter with `confirmKey`, so a stray
 * Enter never confirms a destructive action.
 */
export function ConfirmPrompt({ question, yesLabel, yes }: { question: string; yesLabel: string; yes: boolean }) {
  const theme = useTheme();
  const choice = (label: string, on: boolean, color?: string) => (
    <Text bold={on} inverse={on} color={on ? color : undefined}>
      {` ${label} `}
    </Text>
  );
  return (
    <Box flexDirection="column">
      <Text>{question}</Text>
      <Text>
        {choice('No', !yes)} {choice(yesLabel, yes, theme.bad)}
        <Text dimColor>{'  y/n or ←→, enter'}</Text>
      </Text>
    </Box>
  );
}

export type ConfirmAction = 'yes' | 'no' | { select: boolean } | undefined;

/** What a key means in a ConfirmPrompt that currently has `yes` selected or not. */
export function confirmKey(input: string, key: { return: boolean; leftArrow: boolean; rightArrow: boolean; tab: boolean }, yes: boolean): ConfirmAction {
  if (input === 'y' || input === 'Y') return 'yes';
  if (input === 'n' || input === 'N') return 'no';
  if (key.return) return yes ? 'yes' : 'no';
  if (key.leftArrow) return { select: false };
  if (key.rightArrow || key.tab) return { select: true };
  return undefined;
}
