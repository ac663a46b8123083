import type { Key } from 'ink';
import { NO_KEY } from '../../src/tui/key-router.js';

export { NO_KEY };

/** One press as ink reports it: the input and its flags. */
export const press = (input: string, flags: Partial<Key> = {}): [string, Key] => [input, { ...NO_KEY, ...flags }];

const NAMED: Record<string, [string, Partial<Key>]> = {
  enter: ['', { return: true }],
  escape: ['', { escape: true }],
  up: ['', { upArrow: true }],
  down: ['', { downArrow: true }],
  left: ['', { leftArrow: true }],
  right: ['', { rightArrow: true }],
  pgup: ['', { pageUp: true }],
  pgdn: ['', { pageDown: true }],
  home: ['', { home: true }],
  end: ['', { end: true }],
  tab: ['', { tab: true }],
  backspace: ['', { backspace: true }],
  'ctrl+c': ['c', { ctrl: true }],
};

/** Presses by name ('enter', 'escape', 'up', 'pgdn', 'backspace', 'ctrl+c', ...) or as the character typed. */
export function presses(...names: string[]): [string, Key][] {
  return names.map((name) => {
    const named = NAMED[name];
    return named ? press(...named) : press(name);
  });
}

/** Text typed one character at a time. */
export const typed = (text: string): [string, Key][] => [...text].map((c) => press(c));
