import { Text } from 'ink';
import type { TextState } from '../tui/text-edit.js';

/** A one-line text field with its cursor shown as an inverse cell; keys reach it through `editText`. */
export function TextField({ state, placeholder, focus = true }: { state: TextState; placeholder?: string; focus?: boolean }) {
  const chars = [...state.value];
  if (!focus) return <Text>{state.value}</Text>;
  if (chars.length === 0 && placeholder) {
    return (
      <Text>
        <Text inverse>{placeholder[0] ?? ' '}</Text>
        <Text dimColor>{placeholder.slice(1)}</Text>
      </Text>
    );
  }
  const at = Math.min(state.cursor, chars.length);
  return (
    <Text>
      {chars.slice(0, at).join('')}
      <Text inverse>{chars[at] ?? ' '}</Text>
      {chars.slice(at + 1).join('')}
    </Text>
  );
}
