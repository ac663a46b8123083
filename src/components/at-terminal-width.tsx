import { useStdout } from 'ink';
import type { ReactNode } from 'react';

/**
 * Draws `children` at the terminal's width as it is when the line is drawn. A printed line is built one render
 * before ink writes it: a width taken then is the old one if the terminal was resized in between. Read, not
 * subscribed to: a printed line is drawn once (a screenful of them would be a screenful of resize listeners).
 */
export function AtTerminalWidth({ children }: { children: (columns: number) => ReactNode }) {
  const { stdout } = useStdout();
  return <>{children(stdout.columns || 80)}</>;
}
