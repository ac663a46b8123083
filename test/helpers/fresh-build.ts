import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { ROOT } from './paths.js';

/**
 * Makes dist/ (what bin/sparkify runs) current with src/ before any test spawns the CLI, so a subprocess test
 * can never pass against an old build. `tsc -b` compares the sources and tsconfig with its build info and
 * rebuilds only when one changed (a fraction of a second otherwise). Type errors still emit JavaScript, and the
 * type check proper is `npm test`'s own step: they are reported here, not fatal. Suites started at the same time
 * build one after the other. Returns what it did, for the run's log.
 */
export async function ensureFreshBuild(root = ROOT): Promise<string> {
  const release = await lockfile.lock(root, { lockfilePath: join(root, '.build.lock'), retries: { retries: 240, minTimeout: 250, maxTimeout: 1000 }, stale: 120_000 });
  try {
    const started = Date.now();
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.json'], { cwd: root, encoding: 'utf8' });
    const errors = `${run.stdout}${run.stderr}`.split('\n').filter((l) => l.includes('error TS'));
    if (run.error || !existsSync(join(root, 'dist', 'cli.js')) || (run.status !== 0 && errors.length === 0)) {
      throw new Error(`the subprocess tests run bin/sparkify, which runs dist/, and \`tsc -b\` could not build it:\n${run.error?.message ?? ''}${run.stdout}${run.stderr}`);
    }
    const seconds = (Date.now() - started) / 1000;
    return `tsc -b: dist/ checked in ${seconds.toFixed(1)} s${errors.length > 0 ? `, built with ${errors.length} type error(s) (the type check reports them)` : ''}`;
  } finally {
    await release();
  }
}
