/**
 * PGlite's file system layer sets modes of its own on the database's files (0666 and 0644 seen, whatever the
 * umask), and a database holds everything the warehouse knows. In the worker thread that runs PGlite, and nowhere
 * else, the `fs` functions that set a mode have group and other bits taken off, so files are 0600 and folders 0700.
 */
import fs from 'node:fs';

const PRIVATE = ~0o077;

type Fn = (...args: never[]) => unknown;

function wrap<K extends keyof typeof fs>(name: K, modeArg: number, optionsMode = false): void {
  const original = fs[name] as unknown as Fn;
  (fs as unknown as Record<string, Fn>)[name] = function (this: unknown, ...args: unknown[]) {
    const value = args[modeArg];
    if (typeof value === 'number') args[modeArg] = value & PRIVATE;
    else if (optionsMode && value && typeof value === 'object' && typeof (value as { mode?: unknown }).mode === 'number') {
      args[modeArg] = { ...(value as object), mode: (value as { mode: number }).mode & PRIVATE };
    }
    return original.apply(this, args as never[]);
  };
}

/** Installs the masks, once per thread. */
export function ownerOnlyFiles(): void {
  const marked = fs as unknown as { __sparkifyOwnerOnly?: boolean };
  if (marked.__sparkifyOwnerOnly) return;
  marked.__sparkifyOwnerOnly = true;
  wrap('chmodSync', 1);
  wrap('fchmodSync', 1);
  wrap('openSync', 2);
  wrap('mkdirSync', 1, true);
  wrap('writeFileSync', 2, true);
}
