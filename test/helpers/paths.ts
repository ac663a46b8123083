import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BIN = join(ROOT, 'bin', 'sparkify');

/** The read-only sample data next to the project (see ../shared/data/README.md); absent on some machines. */
export const SHARED_DATA = resolve(ROOT, '..', 'shared', 'data');
export const SAMPLE = join(SHARED_DATA, 'udacity-sample');
export const SONGS_LARGE = join(SHARED_DATA, 'udacity-songs-large');
export const HAS_SHARED = existsSync(join(SAMPLE, 'COUNTS.txt'));

/** A new temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'sparkify-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
