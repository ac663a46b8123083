import { appendFileSync, copyFileSync, cpSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DwhConfig } from '../../src/config/dwh-cfg.js';
import { listInputs, surveyInputs } from '../../src/etl/input-survey.js';
import { tableCounts } from '../../src/etl/steps.js';
import { STAR_TABLES } from '../../src/sql/tables.js';
import type { Queryable } from '../../src/warehouse/warehouse.js';
import { cli } from '../helpers/cli-in-process.js';
import { enginesUnderTest, openFor } from '../helpers/engines.js';
import { HAS_SHARED, SAMPLE, tempDir } from '../helpers/paths.js';

const DAYS = HAS_SHARED ? readdirSync(join(SAMPLE, 'log_data', '2018', '11')).sort() : [];

/** The statements a survey sends that read loaded files of the ledger, per staging table. */
function recording(db: Queryable): { db: Queryable; fileReads: () => string[] } {
  const reads: string[] = [];
  return {
    db: {
      query: (sql, params) => {
        if (/FROM sparkify_files WHERE run_id >= /.test(sql)) reads.push(String(params?.[1]));
        return db.query(sql, params);
      },
    },
    fileReads: () => reads,
  };
}

describe.each(enginesUnderTest())('the listing of each run on $name', (engine) => {
  afterAll(() => engine.cleanup());

  it.skipIf(!HAS_SHARED)('an unchanged song folder is not read back from the ledger, yet a changed or vanished song file still stops the run', async () => {
    const t = tempDir('sparkify-listing-');
    try {
      const logs = join(t.dir, 'log_data');
      const songs = join(t.dir, 'song_data');
      mkdirSync(logs);
      cpSync(join(SAMPLE, 'song_data'), songs, { recursive: true });
      for (const day of DAYS.slice(0, 2)) copyFileSync(join(SAMPLE, 'log_data', '2018', '11', day), join(logs, day));
      const config: DwhConfig = engine.config({ logData: logs, songData: songs, logJsonPath: join(SAMPLE, 'log_json_path.json'), etlMode: 'incremental' });
      const etl = () => cli(['etl', ...engine.flags(config), '--log-data', logs, '--song-data', songs, '--log-jsonpath', config.s3.logJsonPath, '--incremental', '--yes']);
      expect((await etl()).code).toBe(0);

      const survey = async () => {
        const warehouse = await openFor(config);
        try {
          const r = recording(warehouse);
          const found = await surveyInputs(r.db, await listInputs(config, () => undefined));
          return { ...found, reads: r.fileReads() };
        } finally {
          await warehouse.close();
        }
      };

      // Nothing changed: neither table's loaded files are read.
      const same = await survey();
      expect(same).toMatchObject({ newEvents: [], newSongs: [], problems: [], reads: [] });

      // A new day: the log files are compared, the song folder is not.
      copyFileSync(join(SAMPLE, 'log_data', '2018', '11', DAYS[2]!), join(logs, DAYS[2]!));
      const day = await survey();
      expect(day.newEvents.map((f) => f.id)).toEqual([join(logs, DAYS[2]!)]);
      expect(day.newSongs).toEqual([]);
      expect(day.reads).toEqual(['staging_events']);
      const third = await etl();
      expect(third.code, third.stderr).toBe(0);
      expect(third.stdout).toContain('new since run #1: 1 log + 0 song files');
      expect((await survey()).reads).toEqual([]);
      // The ledger's rows of the merged run are the tables' counts (songplays and time: the rows before plus those appended).
      const runs = JSON.parse((await cli(['runs', ...engine.flags(config), '--json'])).stdout) as { id: number; tableRows: Record<string, number> }[];
      const warehouse = await openFor(config);
      const counted = await tableCounts(warehouse, STAR_TABLES).finally(() => warehouse.close());
      expect(runs[0]!.id).toBe(2);
      expect(runs[0]!.tableRows).toEqual(counted);
      expect(runs[0]!.tableRows.songplays).toBeGreaterThan(runs[1]!.tableRows.songplays!);

      // A song file touched in place (same size, a new modification time) stops the run.
      const songFiles = (await listInputs(config, () => undefined)).songs!;
      const touched = songFiles[3]!.id;
      const size = statSync(touched).size;
      utimesSync(touched, new Date(), new Date(Date.now() + 60_000));
      const modified = await survey();
      expect(statSync(touched).size).toBe(size);
      expect(modified.reads).toEqual(['staging_songs']);
      expect(modified.problems).toEqual([expect.stringMatching(new RegExp(`${songFiles[3]!.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} changed since run #1 \\(modified since\\)`))]);
      const refused = await etl();
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('changed since run #1');
      expect((await cli(['etl', ...engine.flags(config), '--log-data', logs, '--song-data', songs, '--log-jsonpath', config.s3.logJsonPath, '--full-refresh', '--yes'])).code).toBe(0);

      // A song file gone, and another grown: both are named.
      rmSync(songFiles[0]!.id);
      appendFileSync(songFiles[1]!.id, '\n');
      const broken = await survey();
      expect(broken.reads).toEqual(['staging_songs']);
      expect(broken.problems).toHaveLength(2);
      expect(broken.problems.join('\n')).toContain(`${songFiles[0]!.id} (loaded by run #`);
      expect(broken.problems.join('\n')).toContain(`${songFiles[1]!.name} changed since run #`);
    } finally {
      t.cleanup();
    }
  }, 120_000);
});
