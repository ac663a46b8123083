import type { Key } from 'ink';

/** A one-line text field: its value and where the cursor is (in characters, not UTF-16 units). */
export interface TextState {
  value: string;
  cursor: number;
}

export function textState(value: string): TextState {
  return { value, cursor: [...value].length };
}

/**
 * A key applied to a text field, or undefined when the key is not the field's (Enter, Esc, Tab, ↑↓ stay
 * with the screen). Screens call this from their own key handler, so the field needs no input subscription
 * of its own: a key typed the moment a field appears is never lost.
 */
export function editText(state: TextState, input: string, key: Key): TextState | undefined {
  const chars = [...state.value];
  const at = Math.min(state.cursor, chars.length);
  if (key.return || key.escape || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown) return undefined;
  if (key.leftArrow) return { ...state, cursor: Math.max(0, at - 1) };
  if (key.rightArrow) return { ...state, cursor: Math.min(chars.length, at + 1) };
  if (key.home || (key.ctrl && input === 'a')) return { ...state, cursor: 0 };
  if (key.end || (key.ctrl && input === 'e')) return { ...state, cursor: chars.length };
  if (key.ctrl && input === 'u') return { value: chars.slice(at).join(''), cursor: 0 };
  // Terminals send DEL (0x7f) for the backspace key, which ink reports as delete: both erase to the left.
  if (key.backspace || key.delete) {
    if (at === 0) return state;
    return { value: [...chars.slice(0, at - 1), ...chars.slice(at)].join(''), cursor: at - 1 };
  }
  if (key.ctrl || key.meta || input === '') return undefined;
  // Typed or pasted text; a pasted line break would end a one-line field, so it becomes a space.
  const typed = [...input.replace(/\r?\n|\r/g, ' ')].filter((c) => c >= ' ' && c !== '\u007f');
  if (typed.length === 0) return state;
  return { value: [...chars.slice(0, at), ...typed, ...chars.slice(at)].join(''), cursor: at + typed.length };
}
