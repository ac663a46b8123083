import { Box, useInput } from 'ink';
import { ErrorBox } from '../components/error-box.js';
import { KeyFooter } from '../components/key-footer.js';
import { useTerminalSize } from '../tui/use-terminal-size.js';

/** dwh.cfg could not be read: what is wrong with it, and a key to read it again once fixed. */
export function ConfigErrorScreen({ error, onRetry, onQuit }: { error: { title: string; message: string }; onRetry: () => void; onQuit: () => void }) {
  const { columns } = useTerminalSize();
  useInput((input, key) => {
    if (input === 'r') onRetry();
    else if (input === 'q' || key.escape || (key.ctrl && input === 'c')) onQuit();
  });
  return (
    <Box flexDirection="column" width={columns}>
      <ErrorBox title={error.title} message={error.message} next="Fix the setting in dwh.cfg (or the flag), then press r to read it again." />
      <KeyFooter
        hints={[
          { keys: 'r', label: 'read dwh.cfg again' },
          { keys: 'q', label: 'quit' },
        ]}
        width={columns - 1}
      />
    </Box>
  );
}
