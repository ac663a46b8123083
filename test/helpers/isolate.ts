import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { ROOT } from './paths.js';

/**
 * Runs before every test file (vitest `setupFiles`): the file gets a working folder and a home of its own, so
 * nothing in the project folder (a ./data or ./dwh.cfg that `npm start` wrote, a .sparkify database) and nothing
 * in the user's home (conf's profiles and history) reaches a test, and no test writes there. Subprocesses
 * inherit both.
 */
export interface Isolation {
  home: string;
  cwd: string;
}

/**
 * How deep the working folder sits below the temp folder. Messages show a path relative to the working folder
 * when that is shorter (shownPath): each level adds `../` (3 characters) to the way to another temp folder, so
 * at this depth the other tests' temp paths are shown whole, as they were from the project folder.
 */
export function depthBelowTemp(temp = tmpdir()): number {
  return Math.floor((temp.length + 1) / 3) + 1;
}

export function isolate(): Isolation {
  const home = mkdtempSync(join(tmpdir(), 'sparkify-home-'));
  const cwd = join(home, ...Array.from({ length: depthBelowTemp() - 1 }, (_, i) => `w${i}`));
  mkdirSync(cwd, { recursive: true });
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = join(home, '.config');
  process.env.XDG_CACHE_HOME = join(home, '.cache');
  // The run's own PGlite template cache, made once by the global setup (a cold one costs seconds per database).
  process.env.SPARKIFY_CACHE_DIR ||= inject('cacheDir');
  process.chdir(cwd);
  return { home, cwd };
}

const isolation = isolate();
afterAll(() => {
  process.chdir(ROOT);
  rmSync(isolation.home, { recursive: true, force: true });
});
