import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DwhConfig } from '../../src/config/dwh-cfg.js';
import { runPipeline } from '../../src/etl/run-pipeline.js';
import { etlSteps, type Step } from '../../src/etl/steps.js';
import { STAR_TABLES } from '../../src/sql/tables.js';
import { enginesUnderTest, openFor, TEST_PG_URL } from '../helpers/engines.js';
import { useDatasets } from '../helpers/datasets.js';
import { runCli } from '../helpers/run-cli.js';
import { spawnRun } from '../helpers/spawn-cli.js';
import { fingerprintStar } from '../helpers/star-dump.js';
import { HAS_SHARED, SAMPLE, tempDir } from '../helpers/paths.js';

const { paths, flags: inputs } = useDatasets('sparkify-concurrency-', { small: { songs: 50, events: 1000, seed: 5 }, big: { songs: 300, events: 5000, seed: 6 } });

/** The ETL with a pause inside its publish transaction, after every star table was rebuilt. */
function pausedEtl(): { steps: Step[]; paused: Promise<void>; release: () => void } {
  let release!: () => void;
  let reached!: () => void;
  const paused = new Promise<void>((r) => (reached = r));
  const gate = new Promise<void>((r) => (release = r));
  const pause: Step = {
    id: 'pause',
    title: 'Pause (test)',
    phase: 'publish',
    async run() {
      reached();
      await gate;
      return { rows: 0 };
    },
    plan: () => [],
  };
  const steps = etlSteps();
  steps.splice(steps.length - 1, 0, pause);
  return { steps, paused, release };
}

/** A run of `name`'s input in this process, held inside its publish transaction until released. */
function heldRun(config: DwhConfig) {
  const { steps, paused, release } = pausedEtl();
  const done = runPipeline({ config, steps, emit: () => undefined, run: { command: 'etl' } });
  return { paused, release, done };
}

describe.each(enginesUnderTest())('two commands on one warehouse on $name', (engine) => {
  afterAll(() => engine.cleanup());

  it('a second run is refused at once naming the first; with --wait it runs after it; the tables are exact', async () => {
    const config = engine.config(paths('big'));
    const db = engine.flags(config);
    // The first run holds the warehouse (here, inside its publish) for as long as the test needs.
    const first = heldRun(config);
    await first.paused;
    const started = Date.now();
    const refused = await runCli(['etl', '--yes', ...db, ...inputs('small')]);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(refused.code).toBe(1);
    const holder = `sparkify etl \\(PID ${process.pid} on ${hostname()}, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC`;
    expect(refused.stderr).toMatch(new RegExp(`^Warehouse in use: .+ is in use by ${holder}`, 'm'));
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);

    const waiting = spawnRun(['etl', '--yes', '--wait', '300', ...db, ...inputs('small')]);
    const told = await waiting.on((e) => e.type === 'step-warning' && /waiting for/.test(e.message));
    expect((told as { message: string }).message).toMatch(new RegExp(`: waiting for ${holder}[^)]*\\) to finish$`));
    first.release();
    expect((await first.done).ok).toBe(true);
    expect((await waiting.done).code).toBe(0);

    // The tables are the second run's, exactly as a run of its input alone builds them.
    const after = await fingerprintStar(config);
    const alone = engine.config();
    expect((await runCli(['etl', '--yes', ...engine.flags(alone), ...inputs('small')])).code).toBe(0);
    expect(after).toEqual(await fingerprintStar(alone));
    const runs = await runCli(['runs', '--json', ...db]);
    expect((JSON.parse(runs.stdout) as { id: number; status: string }[]).map((r) => [r.id, r.status])).toEqual([
      [2, 'ok'],
      [1, 'ok'],
    ]);
  });

  it.skipIf(!HAS_SHARED)('a run that waited for another lists its input after the wait: a log file added meanwhile is merged', async () => {
    const t = tempDir('sparkify-waited-');
    try {
      const days = readdirSync(join(SAMPLE, 'log_data', '2018', '11')).sort().slice(0, 3);
      const logs = join(t.dir, 'log_data');
      mkdirSync(logs);
      for (const day of days.slice(0, 2)) copyFileSync(join(SAMPLE, 'log_data', '2018', '11', day), join(logs, day));
      const input = { logData: logs, songData: join(SAMPLE, 'song_data'), logJsonPath: join(SAMPLE, 'log_json_path.json') };
      const config = engine.config({ ...input, etlMode: 'incremental' });
      const db = engine.flags(config);
      const first = heldRun(config);
      await first.paused;
      // The second run opens the warehouse (and lists its input) before it finds the first one there and waits.
      const waiting = spawnRun(['etl', '--yes', '--incremental', '--wait', '300', ...db, '--log-data', logs, '--song-data', input.songData, '--log-jsonpath', input.logJsonPath]);
      await waiting.on((e) => e.type === 'step-warning' && /waiting for/.test(e.message));
      copyFileSync(join(SAMPLE, 'log_data', '2018', '11', days[2]!), join(logs, days[2]!));
      first.release();
      expect((await first.done).ok).toBe(true);
      const second = await waiting.done;
      expect(second.code, second.stderr).toBe(0);
      expect(second.events).toContainEqual(expect.objectContaining({ type: 'step-done', step: 'find-inputs', detail: 'new since run #1: 1 log + 0 song files' }));
      const alone = engine.config(input);
      expect((await runPipeline({ config: alone, steps: etlSteps(), emit: () => undefined, run: { command: 'etl' } })).ok).toBe(true);
      expect(await fingerprintStar(config)).toEqual(await fingerprintStar(alone));
    } finally {
      t.cleanup();
    }
  });

  it.skipIf(engine.name !== 'embedded')('while a run holds the embedded database, any other command gets one line naming it', async () => {
    const config = engine.config(paths('small'));
    const db = engine.flags(config);
    const run = heldRun(config);
    await run.paused;
    for (const args of [['status'], ['sql', 'SELECT COUNT(*) FROM songplays'], ['query', 'top-songs'], ['runs']]) {
      const other = await runCli([...args, ...db]);
      expect(other.code).toBe(1);
      expect(other.stdout).toBe('');
      expect(other.stderr).toMatch(new RegExp(`^sparkify: Warehouse in use: the embedded database .+ is in use by sparkify etl \\(PID ${process.pid} on `));
      expect(other.stderr.trim().split('\n')).toHaveLength(1);
    }
    run.release();
    expect((await run.done).ok).toBe(true);
  });
});

describe.skipIf(!TEST_PG_URL)('a reader during a run on PostgreSQL', () => {
  const engine = enginesUnderTest().find((e) => e.name === 'postgres')!;
  afterAll(() => engine?.cleanup());

  const counts = async (config: DwhConfig): Promise<Record<string, number>> => {
    const warehouse = await openFor(config);
    try {
      const sql = STAR_TABLES.map((t) => `SELECT '${t.name}' AS name, COUNT(*) AS n FROM ${t.name}`).join(' UNION ALL ');
      const rows = (await warehouse.query<{ name: string; n: unknown }>(sql)).rows;
      return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
    } finally {
      await warehouse.close();
    }
  };

  it('keeps reading the last published tables, without waiting, while a run rebuilds them; status names the run', async () => {
    const config = engine.config(paths('small'));
    expect((await runPipeline({ config, steps: etlSteps(), emit: () => undefined, run: { command: 'etl' } })).ok).toBe(true);
    const before = await counts(config);

    const { paused, release, done: running } = heldRun({ ...config, s3: { ...config.s3, ...paths('big') } });
    await paused;
    // Inside the publish transaction every star table is already rebuilt; readers still see the old ones.
    const during = await Promise.race([counts(config), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the reader waited')), 15_000))]);
    expect(during).toEqual(before);
    const status = await runCli(['status', '--json', ...engine.flags(config)]);
    expect(JSON.parse(status.stdout)).toMatchObject({ lastRun: { id: 2, status: 'running' }, published: { run: 1, matches: true } });
    release();
    expect((await running).ok).toBe(true);
    const after = await counts(config);
    expect(after.songplays).toBeGreaterThan(before.songplays!);
    const done = await runCli(['status', '--json', ...engine.flags(config)]);
    expect(JSON.parse(done.stdout)).toMatchObject({ lastRun: { id: 2, status: 'ok' }, published: { run: 2, matches: true } });
  });
});
