import type { Key } from 'ink';

const NAMED: Record<string, Partial<Key>> = {
  enter: { return: true },
  left: { leftArrow: true },
  right: { rightArrow: true },
  escape: { escape: true },
  'ctrl+c': { ctrl: true },
};

/** Presses as ink reports them, for folding through a key table: 'enter', 'ctrl+c', 'left', 'right', or a character. */
export function presses(...names: string[]): [string, Key][] {
  return names.map((name) => {
    const flags = NAMED[name];
    if (name === 'ctrl+c') return ['c', flags as Key];
    return flags ? ['', flags as Key] : [name, {} as Key];
  });
}
