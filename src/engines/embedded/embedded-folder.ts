/**
 * The embedded database's folder (DATA_DIR) is ours alone: a folder that holds anything but one of our databases
 * is refused untouched; a new database is built in a hidden sibling folder and renamed into place once complete,
 * so a kill at any moment leaves either no database or a whole one; its files are the owner's only (0600/0700).
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError, systemReason } from '../../errors.js';
import { LOCK_NAME } from './folder-lock.js';
import { processAlive } from '../../warehouse/holder.js';

/** Written into every database this tool creates. */
export const MARKER = 'sparkify-database.json';
const CREATING = '.creating-';

export type FolderState = 'database' | 'new';

/** The folder a DATA_DIR names: a symbolic link is followed, so building a database never replaces the link. */
export function realDataDir(dataDir: string): string {
  try {
    return lstatSync(dataDir).isSymbolicLink() ? realpathSync(dataDir) : dataDir;
  } catch {
    return dataDir;
  }
}

/** What DATA_DIR holds; a ConfigError (exit 2) naming it for anything that is neither nothing nor a database. */
export function inspectDataDir(dataDir: string): FolderState {
  let stat;
  try {
    stat = lstatSync(dataDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'new';
    throw new ConfigError(`[EMBEDDED] DATA_DIR = ${dataDir}: cannot be read: ${systemReason(error)}`, { cause: error });
  }
  if (stat.isSymbolicLink()) stat = statSync(dataDir, { throwIfNoEntry: false }) ?? stat;
  if (!stat.isDirectory()) throw new ConfigError(`[EMBEDDED] DATA_DIR = ${dataDir}: is a file, not a folder; name a folder for the database`);
  let entries: string[];
  try {
    entries = readdirSync(dataDir);
  } catch (error) {
    throw new ConfigError(`[EMBEDDED] DATA_DIR = ${dataDir}: the folder cannot be read: ${systemReason(error)}`, { cause: error });
  }
  const own = entries.filter((e) => !e.startsWith(LOCK_NAME));
  if (own.length === 0) return 'new';
  if (!own.includes('PG_VERSION')) {
    throw new ConfigError(
      `[EMBEDDED] DATA_DIR = ${dataDir}: the folder holds ${own.length} file(s) that are not a sparkify database (e.g. ${own.sort()[0]}); nothing was changed: name an empty or new folder`,
    );
  }
  // A PostgreSQL server's own data folder (it runs, or ran, there): never opened by PGlite.
  if (!own.includes(MARKER) && own.includes('postmaster.pid')) {
    throw new ConfigError(`[EMBEDDED] DATA_DIR = ${dataDir}: is the data folder of a PostgreSQL server, not of the embedded database; name another folder`);
  }
  return 'database';
}

/**
 * Builds a new database with `build` in a hidden sibling folder, then renames it to `dataDir`. When another process
 * finished first, its database is kept and ours removed. Folders left by a process killed while building are
 * removed first.
 */
export async function createInSibling<T>(dataDir: string, build: (folder: string) => Promise<T>): Promise<T> {
  const parent = dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  removeAbandoned(parent, basename(dataDir));
  const folder = join(parent, `.${basename(dataDir)}${CREATING}${process.pid}-${Date.now().toString(36)}`);
  mkdirSync(folder, { mode: 0o700 });
  try {
    const result = await build(folder);
    writeFileSync(join(folder, MARKER), `${JSON.stringify({ format: 1, created: new Date().toISOString() })}\n`, { mode: 0o600 });
    chmodSync(folder, 0o700);
    try {
      // Replaces an empty DATA_DIR; fails when it is not empty (another process's database landed first).
      renameSync(folder, dataDir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'ENOTEMPTY' || code === 'EEXIST') && inspectDataDir(dataDir) === 'database') return result;
      throw error;
    }
    return result;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Siblings `.<name>.creating-<pid>-...` whose process has gone. */
function removeAbandoned(parent: string, name: string): void {
  const prefix = `.${name}${CREATING}`;
  let entries: string[] = [];
  try {
    entries = readdirSync(parent).filter((e) => e.startsWith(prefix));
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(entry.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && !processAlive(pid)) rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

/**
 * Makes an existing database the owner's only (databases made before files were kept 0600/0700), and marks it
 * as ours. Cheap when already done: only the folder's own mode is read.
 */
export function secureDatabase(dataDir: string): void {
  if (!existsSync(join(dataDir, MARKER))) {
    writeFileSync(join(dataDir, MARKER), `${JSON.stringify({ format: 1, adopted: new Date().toISOString() })}\n`, { mode: 0o600 });
  }
  if ((statSync(dataDir).mode & 0o077) === 0) return;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        chmodSync(path, 0o700);
        walk(path);
      } else if (entry.isFile()) chmodSync(path, 0o600);
    }
  };
  walk(dataDir);
  chmodSync(dataDir, 0o700);
}
