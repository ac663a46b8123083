import { Box, Text } from 'ink';
import type { Insight } from '../queries/insights.js';
import { clip } from '../tui/format.js';
import type { TextState } from '../tui/text-edit.js';
import { useTheme } from '../tui/theme.js';
import { TextField } from './text-field.js';

/** An insight's parameters as fields; the focused one (`field`) is being edited; the one below says what it means. */
export function ParamForm({ insight, values, focus, field, width }: { insight: Insight; values: Record<string, string>; focus: number; field: TextState; width: number }) {
  const theme = useTheme();
  const nameWidth = Math.max(...insight.params.map((p) => p.name.length), 4);
  const current = insight.params[focus];
  return (
    <Box flexDirection="column" width={width}>
      {insight.params.map((param, i) => (
        <Text key={param.name} wrap="truncate-end">
          <Text color={i === focus ? theme.accent : undefined}>{i === focus ? '› ' : '  '}</Text>
          <Text bold={i === focus}>{param.name.padEnd(nameWidth)}</Text>{' '}
          {i === focus ? (
            <TextField state={field} />
          ) : (
            <Text>{values[param.name] === '' ? <Text dimColor>(empty)</Text> : values[param.name]}</Text>
          )}
        </Text>
      ))}
      {current ? <Text dimColor wrap="truncate-end">{clip(`${current.name}: ${current.description}${current.choices ? ` (${current.choices.join(', ')})` : ''}`, width * 2)}</Text> : null}
    </Box>
  );
}
