import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/generate/generate.js';
import { enginesUnderTest, TEST_PG_URL } from '../helpers/engines.js';
import { useDatasets } from '../helpers/datasets.js';
import { BIN, tempDir } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';
import { spawnRun, stepStart } from '../helpers/spawn-cli.js';
import { fingerprintStar } from '../helpers/star-dump.js';

// big: each step of its run lasts long enough for the test to act on it.
const { flags: inputs } = useDatasets('sparkify-faults-', { small: { songs: 50, events: 1000, seed: 7 }, big: { songs: 1000, events: 200_000, seed: 8 } });

describe('a kill while a new embedded database is being created', () => {
  it('leaves no database folder at all, and the next command creates a whole one', async () => {
    const t = tempDir('sparkify-create-kill-');
    try {
      const dataDir = join(t.dir, 'db');
      // Without the cached empty database, creating one runs initdb: seconds, time enough to kill it midway.
      const env = { ...process.env, NO_COLOR: '1', SPARKIFY_CACHE_DIR: 'off' };
      const child = spawn(process.execPath, [BIN, 'status', '--data-dir', dataDir], { env, stdio: 'ignore' });
      const building = (): string[] => readdirSync(t.dir).filter((e) => e.startsWith('.db.creating-'));
      const until = Date.now() + 60_000;
      while (building().length === 0 || readdirSync(join(t.dir, building()[0]!)).length < 3) {
        if (Date.now() > until) throw new Error('the database was never being built');
        await new Promise((r) => setTimeout(r, 20));
      }
      child.kill('SIGKILL');
      await new Promise((r) => child.on('close', r));
      expect(existsSync(dataDir)).toBe(false);
      expect(building()).toHaveLength(1);
      // The next open builds a whole database (and removes what the killed process left).
      const status = await runCli(['status', '--data-dir', dataDir]);
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/^songplays\s+missing$/m);
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
      expect(building()).toEqual([]);
    } finally {
      t.cleanup();
    }
  });
});

describe.skipIf(!TEST_PG_URL)('the PostgreSQL server ends the run’s connection mid-run', () => {
  const engine = enginesUnderTest().find((e) => e.name === 'postgres')!;
  afterAll(() => engine?.cleanup());

  it.each(['stage-events', 'load-songplays'])('at %s: one line, exit 1, the tables untouched, the run shown as interrupted', async (at) => {
    const config = engine.config();
    const db = engine.flags(config);
    expect((await runCli(['etl', '--yes', ...db, ...inputs('small')])).code).toBe(0);
    const before = await fingerprintStar(config);
    const run = spawnRun(['etl', '--yes', ...db, ...inputs('big')]);
    await run.on(stepStart(at));
    // What a fast shutdown does to each session (pg_ctl stop -m fast): the run's own backend is ended.
    const admin = new pg.Client(config.cluster.url);
    await admin.connect();
    try {
      const backend = await admin.query(`SELECT backend_pid FROM sparkify_runs WHERE status = 'running'`);
      expect(backend.rows).toHaveLength(1);
      await admin.query('SELECT pg_terminate_backend($1)', [backend.rows[0].backend_pid]);
    } finally {
      await admin.end();
    }
    const ended = await run.done;
    expect(ended.code).toBe(1);
    const error = ended.events.find((e) => e.type === 'step-error');
    expect(error).toMatchObject({ title: 'Connection lost' });
    expect(await fingerprintStar(config)).toEqual(before);
    const status = await runCli(['status', '--json', ...db]);
    expect(JSON.parse(status.stdout)).toMatchObject({ lastRun: { id: 2, status: 'interrupted' }, published: { run: 1, matches: true } });
    // The next run takes the lock at once and marks the interrupted run so in the ledger.
    expect((await runCli(['etl', '--yes', ...db, ...inputs('small')])).code).toBe(0);
    const runs = JSON.parse((await runCli(['runs', '--json', ...db])).stdout) as { id: number; status: string }[];
    expect(runs.map((r) => [r.id, r.status])).toEqual([
      [3, 'ok'],
      [2, 'interrupted'],
      [1, 'ok'],
    ]);
  });
});

/** A small tmpfs of the test's own; undefined where the machine does not allow mounting one. */
function mountTmpfs(dir: string, megabytes: number): (() => void) | undefined {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0700`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return () => execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
}

describe('a full disk under the embedded database', () => {
  const t = tempDir('sparkify-full-');
  const mount = join(t.dir, 'disk');
  const unmount = process.platform === 'linux' && process.getuid?.() === 0 ? mountTmpfs(mount, 72) : undefined;
  afterAll(() => {
    unmount?.();
    t.cleanup();
  });

  it.skipIf(!unmount)('fails the run with one line, keeps the previous tables, and status reads them (needs root to mount a tmpfs)', async () => {
    const db = ['--engine', 'embedded', '--data-dir', join(mount, 'pglite')];
    expect((await runCli(['etl', '--yes', ...db, ...inputs('small')])).code).toBe(0);
    const before = await runCli(['sql', 'SELECT COUNT(*) AS n FROM songplays', '--format', 'json', ...db]);
    await generateDataset({ out: join(t.dir, 'huge'), songs: 1000, events: 250_000, seed: 9 });
    const huge = ['--song-data', join(t.dir, 'huge', 'song_data'), '--log-data', join(t.dir, 'huge', 'log_data'), '--log-jsonpath', join(t.dir, 'huge', 'log_json_path.json')];
    const run = await runCli(['etl', '--yes', ...db, ...huge], { timeout: 300_000 });
    expect(run.code).toBe(1);
    const errors = run.stderr.split('\n').filter((l) => /No space left|Disk full/i.test(l));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Disk full: /);
    const after = await runCli(['sql', 'SELECT COUNT(*) AS n FROM songplays', '--format', 'json', ...db]);
    expect(after.code).toBe(0);
    expect(after.stdout).toBe(before.stdout);
    const status = await runCli(['status', ...db]);
    expect(status.code).toBe(0);
    expect(status.stdout).not.toMatch(/missing/);
    expect(status.stdout).toMatch(/^star {5}the output of run #1$/m);
  });

});
