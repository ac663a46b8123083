import type { Key } from 'ink';

/** A key the screen answers to: shown in the footer (`keys label`) and explained in the help (`help`). */
export interface KeyHint {
  keys: string;
  label: string;
  help?: string;
}

/**
 * The names a key table speaks: one printable character ('p', '?', ' ') or a named key. `text` stands for any
 * key a text field takes (typed or pasted characters, backspace, ←→, home/end, ctrl+a/e/u).
 */
export type KeyName =
  | 'enter'
  | 'escape'
  | 'tab'
  | 'shift+tab'
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'pageup'
  | 'pagedown'
  | 'home'
  | 'end'
  | 'backspace'
  | 'ctrl+c'
  | 'text'
  | (string & {});

/** What a key press is, once: its name (a character or a named key) and what ink reported. */
export interface Press {
  name: string;
  input: string;
  key: Key;
}

/**
 * One row of a screen's key table: the keys, when they apply, what they do, and how the footer and the `?`
 * help show them. The input handler, the footer and the help are all read from the same rows, so a key that
 * works is always listed, and a listed key always works.
 */
export interface KeyBinding<S, A> {
  keys: readonly KeyName[];
  /** Shown in the footer as `hint label`; a row without a label is only in the help. */
  label?: string;
  /** How the keys are written in the footer and help; default: the key names joined by '/'. */
  hint?: string;
  /** The help's sentence; default: the label. */
  help?: string;
  /** When the row applies; default: always. */
  when?: (state: S) => boolean;
  /** The action, or a function of the state and the press (undefined: the key does nothing now). */
  action: A | ((state: S, press: Press) => A | undefined);
}

export type KeyTable<S, A> = readonly KeyBinding<S, A>[];

const NAMED: [keyof Key, string][] = [
  ['return', 'enter'],
  ['escape', 'escape'],
  ['upArrow', 'up'],
  ['downArrow', 'down'],
  ['leftArrow', 'left'],
  ['rightArrow', 'right'],
  ['pageUp', 'pageup'],
  ['pageDown', 'pagedown'],
  ['home', 'home'],
  ['end', 'end'],
];

/** The name of a press: 'ctrl+c', 'shift+tab', 'enter', 'up', or the character typed. */
export function keyName(input: string, key: Key): string {
  if (key.ctrl && input === 'c') return 'ctrl+c';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  // Terminals send DEL (0x7f) for the backspace key, which ink reports as delete: both erase to the left.
  if (key.backspace || key.delete) return 'backspace';
  for (const [flag, name] of NAMED) if (key[flag]) return name;
  if (key.ctrl) return `ctrl+${input}`;
  return input;
}

/** Keys a one-line text field takes (see text-edit.ts). */
function isTextKey(name: string, press: Press): boolean {
  if (['left', 'right', 'home', 'end', 'backspace', 'ctrl+a', 'ctrl+e', 'ctrl+u'].includes(name)) return true;
  return !press.key.ctrl && !press.key.meta && press.input !== '' && !NAMED.some(([flag]) => press.key[flag]);
}

function matches<S, A>(binding: KeyBinding<S, A>, press: Press): boolean {
  return binding.keys.some((k) => k === press.name || (k === 'text' && isTextKey(press.name, press)));
}

const applies = <S, A>(binding: KeyBinding<S, A>, state: S): boolean => binding.when?.(state) ?? true;

/** The action a key means in this state: the first row that applies and names it; undefined when none does. */
export function keyAction<S, A>(table: KeyTable<S, A>, state: S, input: string, key: Key): A | undefined {
  const press: Press = { name: keyName(input, key), input, key };
  for (const binding of table) {
    if (!applies(binding, state) || !matches(binding, press)) continue;
    const action = typeof binding.action === 'function' ? (binding.action as (s: S, p: Press) => A | undefined)(state, press) : binding.action;
    if (action !== undefined) return action;
  }
  return undefined;
}

const SHOWN: Record<string, string> = { enter: 'enter', escape: 'esc', up: '↑', down: '↓', left: '←', right: '→', pageup: 'pgup', pagedown: 'pgdn', ' ': 'space' };

function hintOf<S, A>(binding: KeyBinding<S, A>): string {
  return binding.hint ?? binding.keys.map((k) => SHOWN[k] ?? k).join('/');
}

/** The footer: rows with a label that apply now, in table order. */
export function footerKeys<S, A>(table: KeyTable<S, A>, state: S): KeyHint[] {
  return table.filter((b) => b.label !== undefined && applies(b, state)).map((b) => ({ keys: hintOf(b), label: b.label!, help: b.help }));
}

/** The help: every row that applies now, with its sentence. */
export function helpKeys<S, A>(table: KeyTable<S, A>, state: S): KeyHint[] {
  return table
    .filter((b) => applies(b, state) && (b.label !== undefined || b.help !== undefined))
    .map((b) => ({ keys: hintOf(b), label: b.label ?? '', help: b.help ?? b.label }));
}

/** Folds presses through a key table and a reducer, as the screen does one key at a time (for tests and bursts). */
export function foldKeys<S, A>(table: KeyTable<S, A>, reduce: (state: S, action: A) => S, state: S, presses: readonly [string, Key][]): S {
  for (const [input, key] of presses) {
    const action = keyAction(table, state, input, key);
    if (action !== undefined) state = reduce(state, action);
  }
  return state;
}
