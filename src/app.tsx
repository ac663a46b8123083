import { Box, render, Text, useApp, useInput } from 'ink';
import type { GlobalOptions } from './cli/context.js';

function App({ globals }: { globals: GlobalOptions }) {
  const { exit } = useApp();
  useInput((input, key) => {
    if (input === 'q' || key.escape) exit();
  });
  return (
    <Box flexDirection="column">
      <Text bold>Sparkify DWH</Text>
      <Text>config: {globals.config ?? 'dwh.cfg'}</Text>
      <Text dimColor>q quit</Text>
    </Box>
  );
}

/** Renders the TUI until the user quits; resolves with the exit code. */
export async function runApp(globals: GlobalOptions): Promise<number> {
  const instance = render(<App globals={globals} />);
  await instance.waitUntilExit();
  return 0;
}
