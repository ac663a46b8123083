import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { clip } from '../tui/format.js';
import { useAppContext } from '../tui/navigation.js';
import { useTheme } from '../tui/theme.js';
import { useTerminalSize } from '../tui/use-terminal-size.js';
import { HelpPanel } from './help-panel.js';
import { KeyFooter, type KeyHint } from './key-footer.js';

export interface ScreenFrameProps {
  title: string;
  /** Dim text after the title: usually where the screen works (the target). */
  subtitle?: string;
  /** The keys that work now, most useful first; `?` help and q back are added. */
  keys: readonly KeyHint[];
  /** The help's rows (every key that works now, with its sentence); default: the footer's keys. */
  help?: readonly KeyHint[];
  /** One paragraph for the help. */
  about: string;
  /** Replaces `q back` in the footer (the connect screen quits; a text field takes Esc). */
  backHint?: KeyHint | null;
  /** Hide the header (the ETL screen puts it in its static output). */
  header?: boolean;
  children: ReactNode;
}

/** Header, body and a footer of keys; the body gives way to the help while `?` is open. */
export function ScreenFrame({ title, subtitle, keys, help, about, backHint, header = true, children }: ScreenFrameProps) {
  const { helpOpen } = useAppContext();
  const { columns } = useTerminalSize();
  const theme = useTheme();
  const back = backHint === undefined ? { keys: 'q', label: 'back', help: 'q or Esc: back to the connect screen' } : backHint;
  const shared = [{ keys: '?', label: 'help', help: 'this help' }, ...(back ? [back] : [])];
  const hints = [...keys, ...shared];
  const heading = `Sparkify DWH › ${title}`;
  return (
    // No width of its own: the frame stretches to ink's root, which has the new width in the very frame ink draws
    // on a resize (a width from useTerminalSize is still the old one then, and lines wider than the terminal wrap).
    <Box flexDirection="column">
      {header ? (
        <Text wrap="truncate-end">
          <Text bold color={theme.accent}>
            {heading}
          </Text>
          {subtitle ? <Text dimColor>{`  ${clip(subtitle, columns - heading.length - 3)}`}</Text> : null}
        </Text>
      ) : null}
      {helpOpen ? <HelpPanel about={about} hints={help ? [...help, ...shared] : hints} /> : children}
      <KeyFooter hints={helpOpen ? [{ keys: 'any key', label: 'close help' }] : hints} width={columns - 1} />
    </Box>
  );
}
