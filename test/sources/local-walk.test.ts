import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PARALLEL_FROM, walkAll, walkLarge } from '../../src/sources/local-walk.js';
import { LocalSource } from '../../src/sources/local.js';
import { tempDir } from '../helpers/paths.js';

/** A song-like tree: six top folders, two levels, JSON files and a note that is not JSON. */
function tree(base: string): void {
  for (const top of ['A', 'B', 'C', 'D', 'E', 'F']) {
    for (const mid of ['x', 'y']) {
      const dir = join(base, top, mid);
      mkdirSync(dir, { recursive: true });
      for (let i = 0; i < 3; i++) writeFileSync(join(dir, `${top}${mid}${i}.json`), `{"n": ${i}}`.padEnd(10 + i, ' '));
    }
  }
  writeFileSync(join(base, 'E', 'notes.txt'), 'not json');
}

describe('the walk of a large folder by two threads', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  const folder = (): string => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    return t.dir;
  };

  it('finds what one thread finds, in the same order, with the same sizes and times', async () => {
    const base = folder();
    tree(base);
    const two = await walkLarge(base, true, 0);
    expect(two.threads).toBe(2);
    const one = walkAll(base, true);
    expect(one.paths).toHaveLength(36);
    expect(two.paths).toEqual(one.paths);
    expect(two.sizes).toEqual(one.sizes);
    expect(two.mtimes).toEqual(one.mtimes);
    expect(two.skipped).toEqual([join(base, 'E', 'notes.txt')]);
    // The listing a run records uses it.
    const listed = await new LocalSource(base, 0).list();
    expect(listed.map((f) => f.id)).toEqual(one.paths);
    expect(listed.map((f) => f.size)).toEqual(one.sizes);
  });

  it('walks a folder with links to folders again on one thread: the first way to a folder is read, later ones passed over', async () => {
    const base = folder();
    tree(base);
    // A link in the first half to a folder of the second, and one in the second half back to the first.
    symlinkSync(join(base, 'F', 'x'), join(base, 'B', 'to-F-x'));
    symlinkSync(join(base, 'A'), join(base, 'E', 'to-A'));
    const two = await walkLarge(base, true, 0);
    expect(two.threads).toBe(1);
    const one = walkAll(base, true);
    expect(two.paths).toEqual(one.paths);
    expect(one.paths.filter((p) => p.includes('to-F-x'))).toHaveLength(3);
    expect(one.paths.some((p) => p.startsWith(join(base, 'F', 'x')))).toBe(false);
    expect(one.skipped).toEqual(expect.arrayContaining([`${join(base, 'E', 'to-A')} (a symbolic link to a folder already read)`, `${join(base, 'F', 'x')} (a symbolic link to a folder already read)`]));
  });

  it('keeps a small folder on one thread', async () => {
    const base = folder();
    tree(base);
    expect((await walkLarge(base, true)).threads).toBe(1);
    expect(PARALLEL_FROM).toBeGreaterThan(36 * 6);
  });

  it('passes over a broken link in the second half, as one thread does', async () => {
    const base = folder();
    tree(base);
    symlinkSync(join(base, 'nowhere'), join(base, 'F', 'gone.json'));
    const two = await walkLarge(base, true, 0);
    expect(two.threads).toBe(2);
    expect(two.skipped).toEqual(walkAll(base, true).skipped);
    expect(two.skipped).toContain(`${join(base, 'F', 'gone.json')} (a broken symbolic link)`);
  });
});
