/**
 * The embedded database's folder lock: PGlite is one process's database, and two processes writing the same
 * folder corrupt it. proper-lockfile does the locking (an atomic mkdir of `sparkify.lock`, its mtime refreshed
 * while held, removed at exit, including on SIGINT/SIGTERM). Next to it, `sparkify.lock.json` says who holds it.
 *
 * One addition of ours: proper-lockfile calls a lock stale only once its mtime is older than `STALE_MS`, so after a
 * SIGKILL the folder would look busy for that long. A holder on this machine whose process is gone is stale at
 * once: it cannot be refreshing its lock.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { InUseError, SparkifyError } from '../../errors.js';
import { describeHolder, processAlive } from '../../warehouse/holder.js';
import type { Holder, WriterLock } from '../../warehouse/warehouse.js';

export const LOCK_NAME = 'sparkify.lock';
const OWNER_NAME = 'sparkify.lock.json';
/** A holder on another machine (a shared folder) that stops refreshing its lock for this long is gone. */
const STALE_MS = 30_000;
const RETRY_MS = 250;

export interface FolderLockOptions {
  holder: Holder;
  /** Seconds to wait for the holder to let go; 0 refuses at once, Infinity waits as long as it takes. */
  wait?: number;
  onWait?: (holder: string) => void;
  /** The lock was lost while held (its folder removed, the clock jumped): the work must stop. */
  onLost?: (error: Error) => void;
}

/** Takes the lock of `folder` (which must exist), or throws an InUseError naming its holder. */
export async function lockFolder(folder: string, options: FolderLockOptions): Promise<WriterLock> {
  const deadline = Date.now() + Math.max(0, options.wait ?? 0) * 1000;
  let told = false;
  for (;;) {
    try {
      const release = await lockfile.lock(folder, {
        lockfilePath: join(folder, LOCK_NAME),
        realpath: false,
        stale: STALE_MS,
        onCompromised: (error) => options.onLost?.(error),
      });
      writeOwner(folder, options.holder);
      let held = true;
      return {
        release: async () => {
          if (!held) return;
          held = false;
          rmSync(join(folder, OWNER_NAME), { force: true });
          await release().catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
        throw new SparkifyError('Cannot lock the database folder', `${folder}: ${(error as Error).message}`, { cause: error });
      }
    }
    const owner = readOwner(folder);
    if (owner && owner.host === hostname() && !processAlive(owner.pid)) {
      // Its process is gone (killed): the lock is stale, whatever its age. The owner file goes first, so a third
      // process looking now sees a lock without a known owner, which it leaves alone.
      rmSync(join(folder, OWNER_NAME), { force: true });
      rmSync(join(folder, LOCK_NAME), { recursive: true, force: true });
      continue;
    }
    const who = owner ? describeHolder(owner) : 'another process';
    if (Date.now() >= deadline) throw new InUseError(who, `the embedded database ${folder}`);
    if (!told) options.onWait?.(who);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

/** Who holds the folder's lock, if anyone does (for messages only: the answer may be stale at once). */
export function folderHolder(folder: string): Holder | undefined {
  return readOwner(folder);
}

function writeOwner(folder: string, holder: Holder): void {
  const file = join(folder, OWNER_NAME);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

function readOwner(folder: string): Holder | undefined {
  try {
    const value = JSON.parse(readFileSync(join(folder, OWNER_NAME), 'utf8')) as Partial<Holder>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string') return undefined;
    return value as Holder;
  } catch {
    return undefined;
  }
}
