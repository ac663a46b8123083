import { Box, Text } from 'ink';
import { useTheme } from '../tui/theme.js';

export interface SelectItem {
  id: string;
  label: string;
  /** Dim text after the label. */
  note?: string;
  disabled?: boolean;
}

/** A vertical menu; the screen owns the selection and the keys. */
export function SelectList({ items, selected, width }: { items: readonly SelectItem[]; selected: number; width?: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={width}>
      {items.map((item, i) => {
        const current = i === selected;
        return (
          <Text key={item.id} wrap="truncate-end" dimColor={item.disabled}>
            <Text color={current ? theme.accent : undefined}>{current ? '› ' : '  '}</Text>
            <Text bold={current} inverse={current && !theme.color}>
              {item.label}
            </Text>
            {item.note ? <Text dimColor>{`  ${item.note}`}</Text> : null}
          </Text>
        );
      })}
    </Box>
  );
}

/** The next enabled index in a direction, wrapping around. */
export function moveSelection(items: readonly SelectItem[], from: number, step: 1 | -1): number {
  for (let i = 1; i <= items.length; i++) {
    const next = (from + step * i + items.length * i) % items.length;
    if (!items[next]?.disabled) return next;
  }
  return from;
}
