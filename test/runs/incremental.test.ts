import { appendFileSync, copyFileSync, cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DwhConfig } from '../../src/config/dwh-cfg.js';
import { STAR_TABLES } from '../../src/sql/tables.js';
import { cli } from '../helpers/cli-in-process.js';
import { enginesUnderTest, openFor, type EngineUnderTest } from '../helpers/engines.js';
import { HAS_SHARED, SAMPLE, SONGS_LARGE, tempDir } from '../helpers/paths.js';
import { starWithoutIds } from '../helpers/star-dump.js';

async function inspect(config: DwhConfig): Promise<{ star: Record<string, string>; matched: number; ids: string }> {
  const warehouse = await openFor(config);
  try {
    const matched = Number((await warehouse.query<{ n: unknown }>('SELECT COUNT(*) AS n FROM songplays WHERE song_id IS NOT NULL')).rows[0]?.n);
    const ids = JSON.stringify((await warehouse.query('SELECT songplay_id, start_time, user_id, session_id FROM songplays ORDER BY songplay_id')).rows);
    return { star: await starWithoutIds(warehouse), matched, ids };
  } finally {
    await warehouse.close();
  }
}

const LOG_FILES = HAS_SHARED ? readdirSync(join(SAMPLE, 'log_data', '2018', '11')).sort() : [];

/** Two warehouses over the same input folders: one fed incrementally, one rebuilt by full loads to compare with. */
function setUp(engine: EngineUnderTest) {
  const dir = tempDir('sparkify-incremental-');
  const logs = join(dir.dir, 'log_data');
  const songs = join(dir.dir, 'song_data');
  mkdirSync(logs);
  cpSync(join(SAMPLE, 'song_data'), songs, { recursive: true });
  const inputs = { logData: logs, songData: songs, logJsonPath: join(SAMPLE, 'log_json_path.json') };
  const incremental = engine.config(inputs);
  const full = engine.config(inputs);
  const flags = (config: DwhConfig): string[] => [
    ...engine.flags(config),
    '--log-data', logs, '--song-data', songs, '--log-jsonpath', inputs.logJsonPath, '--yes',
  ];
  return {
    logs,
    songs,
    incremental,
    full,
    addDays: (from: number, to: number) => {
      for (const name of LOG_FILES.slice(from - 1, to)) copyFileSync(join(SAMPLE, 'log_data', '2018', '11', name), join(logs, name));
    },
    etl: (config: DwhConfig, ...extra: string[]) => cli(['etl', ...flags(config), ...extra]),
    runs: (config: DwhConfig, ...extra: string[]) => cli(['runs', ...engine.flags(config), ...extra]),
    cleanup: dir.cleanup,
  };
}

describe.each(enginesUnderTest())('incremental loads on $name', (engine) => {
  afterAll(() => engine.cleanup());

  it.skipIf(!HAS_SHARED)('the 30 days loaded as 1 + 14 + 15, then the large song slice, equal full loads table by table', async () => {
    const t = setUp(engine);
    try {
      t.addDays(1, 1);
      const first = await t.etl(t.incremental, '--incremental');
      expect(first.code, first.stderr).toBe(0);
      // Nothing to add to: the first run is a full load, and says so.
      expect(first.stderr).toContain('no earlier load to add to');

      t.addDays(2, 15);
      const second = await t.etl(t.incremental, '--incremental');
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toMatch(/find-inputs .* new since run #1: 14 log \+ 0 song files/);
      expect(second.stdout).toMatch(/stage-events .*\d+ rows/);

      t.addDays(16, 30);
      const third = await t.etl(t.incremental, '--incremental');
      expect(third.code, third.stderr).toBe(0);
      expect(third.stdout).toContain('new since run #2: 15 log + 0 song files');

      expect((await t.etl(t.full)).code).toBe(0);
      const [inc, ref] = [await inspect(t.incremental), await inspect(t.full)];
      for (const table of STAR_TABLES) expect(inc.star[table.name], table.name).toBe(ref.star[table.name]);
      expect(inc.matched).toBe(1);
      // The sample's counts (COUNTS.txt), reached by three runs.
      const counts = await cli(['sql', 'SELECT (SELECT COUNT(*) FROM songplays) AS p, (SELECT COUNT(*) FROM users) AS u, (SELECT COUNT(*) FROM time) AS t', '--format', 'csv', ...engine.flags(t.incremental)]);
      expect(counts.stdout.trim().split('\n')[1]).toBe('6820,96,6813');

      // The large slice arrives later: plays loaded earlier that its songs match are matched now.
      const before = inc.ids;
      cpSync(join(SONGS_LARGE, 'song_data'), join(t.songs, 'large'), { recursive: true });
      const fourth = await t.etl(t.incremental, '--incremental');
      expect(fourth.code, fourth.stderr).toBe(0);
      expect(fourth.stdout).toContain('new since run #3: 0 log + 1943 song files');
      expect((await t.etl(t.full)).code).toBe(0);
      const [inc2, ref2] = [await inspect(t.incremental), await inspect(t.full)];
      for (const table of STAR_TABLES) expect(inc2.star[table.name], table.name).toBe(ref2.star[table.name]);
      expect(inc2.matched).toBe(ref2.matched);
      expect(inc2.matched).toBeGreaterThan(1);
      // An id, once given, never changes: the plays are the same rows under the same ids.
      expect(inc2.ids).toBe(before);

      // The ledger lists what each run read.
      const files = await t.runs(t.incremental, '--files', '3', '--json');
      const listed = JSON.parse(files.stdout) as { table: string; location: string; records: number }[];
      expect(listed.map((f) => f.location)).toEqual(LOG_FILES.slice(15).map((name) => join(t.logs, name)));
      expect(listed.every((f) => f.table === 'staging_events' && f.records > 0)).toBe(true);

      // The ledger says which runs merged: the first, with nothing to add to, was a full load.
      const runs = JSON.parse((await t.runs(t.incremental, '--json')).stdout) as { id: number; inputs: { mode: string } }[];
      expect(runs.map((r) => [r.id, r.inputs.mode])).toEqual([
        [4, 'incremental'],
        [3, 'incremental'],
        [2, 'incremental'],
        [1, 'full'],
      ]);

      // Nothing new: the run says so, exits 0 and changes nothing.
      const none = await t.etl(t.incremental, '--incremental');
      expect(none.code, none.stderr).toBe(0);
      expect(none.stdout).toContain('no new files since run #4');
      expect((await inspect(t.incremental)).star).toEqual(inc2.star);
    } finally {
      t.cleanup();
    }
  }, 240_000);

  it.skipIf(!HAS_SHARED)('a changed or a deleted input file fails the run with nothing touched; --full-refresh recovers', async () => {
    const t = setUp(engine);
    try {
      t.addDays(1, 3);
      expect((await t.etl(t.incremental, '--incremental')).code).toBe(0);
      t.addDays(4, 4);
      const loaded = await inspect(t.incremental);

      // A loaded file grew: nothing is staged or merged, and the message names it and the way out.
      appendFileSync(join(t.logs, LOG_FILES[1]!), '\n');
      const changed = await t.etl(t.incremental, '--incremental');
      expect(changed.code).toBe(1);
      expect(changed.stderr).toContain(`${LOG_FILES[1]} changed since run #1`);
      expect(changed.stderr).toContain('--full-refresh');
      expect(changed.stdout).not.toMatch(/stage-events/);
      expect((await inspect(t.incremental)).star).toEqual(loaded.star);

      const refresh = await t.etl(t.incremental, '--full-refresh');
      expect(refresh.code, refresh.stderr).toBe(0);
      expect((await t.etl(t.full)).code).toBe(0);
      expect((await inspect(t.incremental)).star).toEqual((await inspect(t.full)).star);

      // A loaded file is gone.
      rmSync(join(t.logs, LOG_FILES[0]!));
      const refreshed = await inspect(t.incremental);
      const gone = await t.etl(t.incremental, '--incremental');
      expect(gone.code).toBe(1);
      expect(gone.stderr).toMatch(new RegExp(`${LOG_FILES[0]} \\(loaded by run #\\d+\\) is gone`));
      expect((await inspect(t.incremental)).star).toEqual(refreshed.star);
      const runs = await t.runs(t.incremental, '--json');
      expect((JSON.parse(runs.stdout) as { status: string }[])[0]?.status).toBe('failed');

      expect((await t.etl(t.incremental, '--full-refresh')).code).toBe(0);
      expect((await t.etl(t.full)).code).toBe(0);
      expect((await inspect(t.incremental)).star).toEqual((await inspect(t.full)).star);
      // And incremental runs go on from the refresh.
      const after = await t.etl(t.incremental, '--incremental');
      expect(after.code).toBe(0);
      expect(after.stdout).toMatch(/no new files since run #\d+/);
    } finally {
      t.cleanup();
    }
  }, 240_000);
});
