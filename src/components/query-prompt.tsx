import { Box, Text } from 'ink';
import { sqlKind } from '../queries/sql-kind.js';
import type { TextState } from '../tui/text-edit.js';
import { useTheme } from '../tui/theme.js';
import { ConfirmPrompt } from './confirm-prompt.js';
import { TextField } from './text-field.js';

export type PromptState =
  | { kind: 'sql'; field: TextState }
  | { kind: 'confirm-sql'; field: TextState; yes: boolean }
  | { kind: 'export'; field: TextState }
  | { kind: 'save'; step: 'id' | 'title'; field: TextState }
  | { kind: 'message'; ok: boolean; text: string }
  | { kind: 'none' };

/** The line under the result: the SQL cell, its confirmation, the export path, or what just happened. */
export function QueryPrompt({ prompt }: { prompt: PromptState }) {
  const theme = useTheme();
  switch (prompt.kind) {
    case 'sql':
    case 'confirm-sql':
      return (
        <Box flexDirection="column">
          <Text>
            <Text bold>SQL› </Text>
            <TextField state={prompt.field} focus={prompt.kind === 'sql'} placeholder="SELECT … (enter runs)" />
          </Text>
          {prompt.kind === 'confirm-sql' ? <ConfirmPrompt question={`${sqlKind(prompt.field.value).keyword} changes data. Run it?`} yesLabel="Run it" yes={prompt.yes} /> : null}
        </Box>
      );
    case 'export':
      return (
        <Text>
          <Text bold>Export CSV to: </Text>
          <TextField state={prompt.field} />
        </Text>
      );
    case 'save':
      return (
        <Text>
          <Text bold>{prompt.step === 'id' ? 'Save as query, id (file name): ' : 'Title: '}</Text>
          <TextField state={prompt.field} />
        </Text>
      );
    case 'message':
      return <Text color={prompt.ok ? theme.ok : theme.warn}>{prompt.text}</Text>;
    case 'none':
      return null;
  }
}
