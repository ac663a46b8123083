/**
 * A cached copy of a freshly initialised PGlite database. Initialising one runs initdb inside WebAssembly
 * (2-5 s here); unpacking the same files from a tarball takes about half that. The first new database on a
 * machine is initialised as usual and saved; every later one starts from the copy. The cache is keyed by
 * PGlite's version, so an upgrade never reuses files of another format.
 *
 * Where: $SPARKIFY_CACHE_DIR, else $XDG_CACHE_HOME/sparkify, else ~/.cache/sparkify. SPARKIFY_CACHE_DIR=off
 * turns it off.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

function pgliteVersion(): string {
  try {
    const main = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const pkg = JSON.parse(readFileSync(join(dirname(main), '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The template's path, or undefined when caching is off. */
export function templateFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env.SPARKIFY_CACHE_DIR;
  if (setting === 'off') return undefined;
  const dir = setting || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sparkify');
  return join(dir, `pglite-${pgliteVersion()}-empty.tar.gz`);
}

/** The template's bytes, if one was saved. */
export function readTemplate(file: string | undefined): Blob | undefined {
  if (!file || !existsSync(file)) return undefined;
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    return undefined;
  }
}

/**
 * Saves a just-initialised database as the template. Best effort: a read-only home or a full disk only
 * means the next database is initialised again. Written under a temporary name and renamed, so a reader
 * never sees half a file.
 */
export async function saveTemplate(db: PGlite, file: string | undefined): Promise<void> {
  if (!file) return;
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const dump = await db.dumpDataDir('gzip');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
  }
}
