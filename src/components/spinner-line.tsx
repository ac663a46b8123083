import { Text } from 'ink';
import Spinner from 'ink-spinner';
import type { ReactNode } from 'react';
import { useTheme } from '../tui/theme.js';

/** Work under way, on one line: the spinner, then what is being done (cut at the width, never wrapped). */
export function SpinnerLine({ children }: { children: ReactNode }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end">
      <Text color={theme.accent}>
        <Spinner type="dots" />
      </Text>{' '}
      {children}
    </Text>
  );
}
