/**
 * The walk of a local input folder: every JSON file below it in path order, with its size and modification time
 * when asked. Folders reached through symbolic links are read too, once each: a link to a folder already read (a
 * loop, or a second way to it) is passed over and said, so no file is loaded twice.
 *
 * A large folder is walked by two threads: this one takes the first half of the top folder's entries, a worker
 * (local-walk-worker.ts) the second, and the halves are joined in order. Where either half meets a link to a
 * folder, which half reads that folder first decides what is passed over: the joined halves might then differ from
 * one walk in order, so such a folder is walked again by this thread alone.
 */
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { ConfigError, systemReason } from '../errors.js';
import { spawnModuleWorker } from '../worker-thread.js';
import { isJsonFile } from './source.js';

/** What a walk found, in path order. `sizes` and `mtimes` are filled only by a walk that stats its files. */
export interface Walked {
  paths: string[];
  sizes: number[];
  mtimes: number[];
  /** Entries passed over, each with why: not JSON, a broken link, a link to a folder already read. */
  skipped: string[];
  /** Links to folders met (read or passed over). */
  linkedFolders: number;
}

/** What the worker is given: the top folder, its real path, and the names of the entries it walks. */
export interface WalkHalf {
  dir: string;
  real: string;
  names: string[];
  stats: boolean;
}

export type WalkReply = { ok: true; walked: Walked } | { ok: false; message: string };

/**
 * A folder of fewer files than this (estimated from its first entry) is walked by one thread: starting a worker
 * costs more than it saves.
 */
export const PARALLEL_FROM = 20_000;

const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function emptyWalk(): Walked {
  return { paths: [], sizes: [], mtimes: [], skipped: [], linkedFolders: 0 };
}

export function readFolder(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).sort(byName);
  } catch (error) {
    throw new ConfigError(`input folder ${dir} cannot be read: ${systemReason(error)}`, { cause: error });
  }
}

/**
 * Walks one entry of the folder `dir` (whose real path is `real`) into `out`. `seen`: the real paths of the folders
 * read so far. Only the top and folders reached through a link are resolved (the native call: the JS realpath walks
 * each component itself); a real folder's child is its real path plus the child's name.
 */
export function walkEntry(out: Walked, seen: Set<string>, dir: string, real: string, entry: Dirent, stats: boolean): void {
  const path = join(dir, entry.name);
  const link = entry.isSymbolicLink();
  const kind = link ? linkKind(path) : entry.isDirectory() ? 'dir' : 'file';
  if (kind === 'dir') {
    if (link) out.linkedFolders++;
    walkFolder(out, seen, path, link ? realpathSync.native(path) : join(real, entry.name), stats);
  } else if (kind === 'file' && isJsonFile(entry.name)) {
    out.paths.push(path);
    if (stats) {
      const info = statSync(path);
      out.sizes.push(info.size);
      out.mtimes.push(info.mtimeMs);
    }
  } else out.skipped.push(kind === 'broken' ? `${path} (a broken symbolic link)` : path);
}

export function walkFolder(out: Walked, seen: Set<string>, dir: string, real: string, stats: boolean): void {
  if (seen.has(real)) {
    out.skipped.push(`${dir} (a symbolic link to a folder already read)`);
    return;
  }
  seen.add(real);
  for (const entry of readFolder(dir)) walkEntry(out, seen, dir, real, entry, stats);
}

/** What a symbolic link leads to. */
function linkKind(path: string): 'dir' | 'file' | 'broken' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'broken';
  }
}

/** One thread's walk of the whole folder. */
export function walkAll(dir: string, stats: boolean): Walked {
  const out = emptyWalk();
  walkFolder(out, new Set(), dir, realpathSync.native(dir), stats);
  return out;
}

/**
 * The folder's walk, by two threads when it is large (see the top of this file).
 * @param parallelFrom the estimated files from which a second thread helps (tests set 0 to force it)
 */
export async function walkLarge(dir: string, stats: boolean, parallelFrom = PARALLEL_FROM): Promise<Walked & { threads: 1 | 2 }> {
  const real = realpathSync.native(dir);
  const entries = readFolder(dir);
  const out = emptyWalk();
  const seen = new Set([real]);
  if (entries.length < 4) {
    for (const entry of entries) walkEntry(out, seen, dir, real, entry, stats);
    return { ...out, threads: 1 };
  }
  walkEntry(out, seen, dir, real, entries[0]!, stats);
  if (out.paths.length * entries.length < parallelFrom) {
    for (const entry of entries.slice(1)) walkEntry(out, seen, dir, real, entry, stats);
    return { ...out, threads: 1 };
  }
  const half = Math.ceil((entries.length + 1) / 2);
  const worker = spawnModuleWorker(import.meta.url, 'local-walk-worker', { dir, real, names: entries.slice(half).map((e) => e.name), stats } satisfies WalkHalf);
  const reply = replyOf(worker);
  reply.catch(() => undefined);
  try {
    for (const entry of entries.slice(1, half)) walkEntry(out, seen, dir, real, entry, stats);
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  const rest = await reply;
  if (out.linkedFolders + rest.linkedFolders > 0) return { ...walkAll(dir, stats), threads: 1 };
  return {
    paths: out.paths.concat(rest.paths),
    sizes: out.sizes.concat(rest.sizes),
    mtimes: out.mtimes.concat(rest.mtimes),
    skipped: out.skipped.concat(rest.skipped),
    linkedFolders: 0,
    threads: 2,
  };
}

function replyOf(worker: Worker): Promise<Walked> {
  return new Promise<Walked>((resolve, reject) => {
    worker.once('message', (reply: WalkReply) => (reply.ok ? resolve(reply.walked) : reject(new ConfigError(reply.message))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the folder walk's worker stopped (exit code ${code}) before it replied`)));
  });
}
