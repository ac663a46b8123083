/**
 * Where `--out` writes, and how, so that nothing of the user's is lost:
 * - a new path, or a regular file: written to a temporary file in the same folder, flushed to disk, then renamed
 *   over the target, so a failure (a full disk, an error half-way) leaves the previous file as it was;
 * - a symbolic link: its target is replaced the same way, and the link stays a link;
 * - a FIFO or a character device (`/dev/stdout`, a terminal, a null device): written directly, never replaced.
 * Written here rather than with write-file-atomic: exports stream rows of any number, which that library would need
 * whole in memory, and it renames over FIFOs and devices.
 */
import { createWriteStream, lstatSync, realpathSync, statSync } from 'node:fs';
import { chmod, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ConfigError, SparkifyError, systemReason } from '../errors.js';

export interface OutputTarget {
  /** The file that ends up written (a link's target). */
  path: string;
  /** `replace`: atomically, through a temporary file; `direct`: a FIFO or device, written as it is. */
  how: 'replace' | 'direct';
  /** The mode of the file being replaced, which the new one keeps. */
  mode?: number;
}

/** Where `path` writes; a ConfigError (exit 2) for a missing folder or a folder as the file. */
export function outputTarget(path: string, flag = '--out'): OutputTarget {
  let target = resolve(path);
  let stat = lstatSync(target, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) {
    try {
      target = realpathSync(target);
    } catch {
      throw new ConfigError(`${flag} ${path}: is a symbolic link to a path that does not exist`);
    }
    stat = statSync(target, { throwIfNoEntry: false });
  }
  const folder = dirname(target);
  const parent = statSync(folder, { throwIfNoEntry: false });
  if (!parent?.isDirectory()) throw new ConfigError(`${flag} ${path}: the folder ${folder} does not exist`);
  if (!stat) return { path: target, how: 'replace' };
  if (stat.isDirectory()) throw new ConfigError(`${flag} ${path} is a folder; give a file name`);
  if (stat.isFile()) return { path: target, how: 'replace', mode: stat.mode & 0o7777 };
  return { path: target, how: 'direct' };
}

/**
 * Writes what `produce` puts into the stream it is given (which it must end) to `path`, as described above.
 * Resolves with the path written; a failed write rejects with one line (`Disk full`, `Cannot write`), and the
 * previous file is intact.
 */
export async function writeOutput(path: string, produce: (out: Writable) => Promise<void>, flag = '--out'): Promise<string> {
  const target = outputTarget(path, flag);
  if (target.how === 'direct') {
    const stream = createWriteStream(target.path, { flags: 'w' });
    try {
      await produce(stream);
      await finished(stream);
    } catch (error) {
      stream.destroy();
      throw outputError(error, path, flag, false);
    }
    return target.path;
  }
  const temporary = join(dirname(target.path), `.${basename(target.path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  // `wx`: a new file, never one that exists; `flush`: on disk before it is closed, and so before the rename.
  const stream = createWriteStream(temporary, { flags: 'wx', flush: true });
  try {
    await produce(stream);
    await finished(stream);
    if (target.mode !== undefined) await chmod(temporary, target.mode);
    await rename(temporary, target.path);
    return target.path;
  } catch (error) {
    stream.destroy();
    await rm(temporary, { force: true });
    throw outputError(error, path, flag, true);
  }
}

/** Writes a text whole (a table, a report), the same way. */
export function writeOutputText(path: string, text: string, flag = '--out'): Promise<string> {
  return writeOutput(
    path,
    (out) =>
      new Promise<void>((resolveWrite, rejectWrite) => {
        out.once('error', rejectWrite);
        out.end(text, () => resolveWrite());
      }),
    flag,
  );
}

function outputError(error: unknown, path: string, flag: string, kept: boolean): Error {
  if (error instanceof SparkifyError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const previous = kept ? '; the previous file, if any, was kept' : '';
  if (code === 'ENOSPC' || code === 'EDQUOT') return new SparkifyError('Disk full', `${flag} ${path}: no space left on the device${previous}`, { cause: error });
  const reason = systemReason(error);
  return new SparkifyError('Cannot write', `${flag} ${path}: ${reason}${previous}`, { cause: error });
}
