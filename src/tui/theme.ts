import { createContext, useContext } from 'react';

/**
 * The few colors the screens use, by meaning. With colors off every entry is undefined, so a `<Text color>`
 * falls back to the terminal's own color: NO_COLOR and --no-color mean no color codes at all (bold, dim and
 * inverse still mark selection and emphasis).
 */
export interface Theme {
  color: boolean;
  ok?: string;
  bad?: string;
  warn?: string;
  accent?: string;
  key?: string;
}

export const COLOR_THEME: Theme = { color: true, ok: 'green', bad: 'red', warn: 'yellow', accent: 'cyan', key: 'cyan' };
export const PLAIN_THEME: Theme = { color: false };

/** Colors are on unless NO_COLOR (any value but empty), --no-color or a dumb terminal says otherwise. */
export function colorEnabled(options: { color?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (options.color === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return env.TERM !== 'dumb';
}

export const ThemeContext = createContext<Theme>(COLOR_THEME);

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
