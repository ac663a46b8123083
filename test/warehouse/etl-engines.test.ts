import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DwhConfig } from '../../src/config/dwh-cfg.js';
import type { PipelineEvent } from '../../src/etl/events.js';
import { runPipeline } from '../../src/etl/run-pipeline.js';
import { etlSteps } from '../../src/etl/steps.js';
import { ALL_TABLES } from '../../src/sql/tables.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { enginesUnderTest, openFor } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';

const T0 = Date.UTC(2018, 10, 5, 23, 59, 59, 500); // a Monday, just before midnight UTC
const T1 = Date.UTC(2018, 10, 6, 0, 0, 0, 250); // the Tuesday after
const LOG_KEYS = ['artist', 'auth', 'firstName', 'gender', 'itemInSession', 'lastName', 'length', 'level', 'location', 'method', 'page', 'registration', 'sessionId', 'song', 'status', 'ts', 'userAgent', 'userId'];

const song = (song_id: string, title: string, artist_id: string, artist_name: string, duration: number, year: number, artist_location = '', lat: number | null = null) => ({
  num_songs: 1,
  artist_id,
  artist_latitude: lat,
  artist_longitude: lat === null ? null : -lat,
  artist_location,
  artist_name,
  song_id,
  title,
  duration,
  year,
});

const user7 = { firstName: 'Kim', lastName: 'Lo', gender: 'F', location: 'Reno, NV', registration: 1540919166796.0, userAgent: 'Mozilla/5.0', userId: '7' };
const user9 = { firstName: 'Raj', lastName: 'Oz', gender: 'M', location: 'Lima, OH', registration: 1541059521796.0, userAgent: 'curl/8', userId: '9' };
const nobody = { firstName: null, lastName: null, gender: null, location: null, registration: null, userAgent: null, userId: '' };

function event(who: object, page: string, ts: number, level: string, sessionId: number, itemInSession: number, play?: [string, string, number]): string {
  const e: Record<string, unknown> = { artist: null, song: null, length: null, auth: 'Logged In', method: 'GET', status: 200, ...who, page, ts, level, sessionId, itemInSession };
  if (play) Object.assign(e, { song: play[0], artist: play[1], length: play[2], method: 'PUT' });
  if (who === nobody) e.auth = 'Logged Out';
  return JSON.stringify(Object.fromEntries(LOG_KEYS.map((k) => [k, e[k]])));
}

/**
 * Four songs (artist ARC under two names; the fuller row must win) and seven events: user 7 plays an exact
 * match, a near miss (duration off by 0.1), then upgrades and plays another match; a logged-out visitor;
 * user 9 plays a song the catalog lacks.
 */
function writeDataset(dir: string): { songData: string; logData: string; logJsonPath: string } {
  const songs: [string, object, boolean][] = [
    ['A/B/C/TRABC01.json', song('SOAAA', 'Lazy Song', 'ARB', 'Bruno', 189.5, 2011), false],
    ['A/B/C/TRABC02.json', song('SOBBB', 'Halo', 'ARC', 'Beyonce', 261, 2008), false],
    ['A/B/D/TRABD01.json', song('SOCCC', 'Halo (Live)', 'ARC', 'Beyonce Knowles', 270.25, 2009, 'Houston, TX', 29.76), false],
    ['A/C/A/TRACA01.json', song('SODDD', 'Yellow', 'ARD', 'Coldplay', 266, 2000, 'London'), true],
  ];
  for (const [path, record, pretty] of songs) {
    mkdirSync(join(dir, 'song_data', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'song_data', path), JSON.stringify(record, null, pretty ? 2 : undefined));
  }
  const events = [
    event(user7, 'Home', T0 - 5000, 'free', 100, 0),
    event(user7, 'NextSong', T0, 'free', 100, 1, ['Lazy Song', 'Bruno', 189.5]),
    event(user7, 'NextSong', T0 + 200, 'free', 100, 2, ['Halo', 'Beyonce', 261.1]),
    event(nobody, 'Home', T0 + 300, 'free', 101, 0),
    event(user7, 'NextSong', T1, 'paid', 102, 0, ['Yellow', 'Coldplay', 266]),
    event(user9, 'NextSong', T1 + 1000, 'free', 103, 0, ['Unknown Song', 'Nobody', 100]),
    event(user9, 'Logout', T1 + 2000, 'free', 103, 1),
  ];
  mkdirSync(join(dir, 'log_data', '2018', '11'), { recursive: true });
  writeFileSync(join(dir, 'log_data', '2018', '11', '2018-11-05-events.json'), `${events.join('\n')}\n`);
  writeFileSync(join(dir, 'log_json_path.json'), JSON.stringify({ jsonpaths: LOG_KEYS.map((k) => `$['${k}']`) }, null, 4));
  return { songData: join(dir, 'song_data'), logData: join(dir, 'log_data'), logJsonPath: join(dir, 'log_json_path.json') };
}

/** Every table's full contents in a total order, as JSON text (timestamps as ISO instants). */
async function dumpTables(warehouse: Warehouse): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of ALL_TABLES) {
    const order = table.columns.map((_, i) => i + 1).join(', ');
    out[table.name] = JSON.stringify((await warehouse.query(`SELECT * FROM ${table.name} ORDER BY ${order}`)).rows);
  }
  return out;
}

const dumps = new Map<string, Record<string, string>>();
const data = tempDir();
const input = writeDataset(data.dir);
afterAll(() => data.cleanup());

describe.each(enginesUnderTest())('the ETL pipeline on $name', (engine) => {
  let config: DwhConfig;
  afterAll(() => engine.cleanup());

  async function run(): Promise<{ events: PipelineEvent[]; counts: Record<string, number | null>; ok: boolean }> {
    const events: PipelineEvent[] = [];
    const result = await runPipeline({ config, steps: etlSteps(), emit: (e) => events.push(e) });
    return { events, counts: result.counts, ok: result.ok };
  }

  it('builds the star schema with the known answers', async () => {
    config = engine.config(input);
    const { events, counts, ok } = await run();
    expect(events.filter((e) => e.type === 'step-error')).toEqual([]);
    expect(ok).toBe(true);
    expect(counts).toEqual({ staging_events: 7, staging_songs: 4, songplays: 4, users: 2, songs: 4, artists: 3, time: 4 });

    const warehouse = await openFor(config);
    try {
      const plays = await warehouse.query('SELECT songplay_id, start_time, user_id, level, song_id, artist_id, session_id, song_title, duration FROM songplays ORDER BY songplay_id');
      expect(plays.rows).toEqual([
        { songplay_id: 1, start_time: new Date(T0), user_id: 7, level: 'free', song_id: 'SOAAA', artist_id: 'ARB', session_id: 100, song_title: 'Lazy Song', duration: 189.5 },
        { songplay_id: 2, start_time: new Date(T0 + 200), user_id: 7, level: 'free', song_id: null, artist_id: null, session_id: 100, song_title: 'Halo', duration: 261.1 },
        { songplay_id: 3, start_time: new Date(T1), user_id: 7, level: 'paid', song_id: 'SODDD', artist_id: 'ARD', session_id: 102, song_title: 'Yellow', duration: 266 },
        { songplay_id: 4, start_time: new Date(T1 + 1000), user_id: 9, level: 'free', song_id: null, artist_id: null, session_id: 103, song_title: 'Unknown Song', duration: 100 },
      ]);
      expect((await warehouse.query('SELECT user_id, first_name, level FROM users ORDER BY user_id')).rows).toEqual([
        { user_id: 7, first_name: 'Kim', level: 'paid' },
        { user_id: 9, first_name: 'Raj', level: 'free' },
      ]);
      expect((await warehouse.query("SELECT name, location, latitude, longitude FROM artists WHERE artist_id = 'ARC'")).rows).toEqual([
        { name: 'Beyonce Knowles', location: 'Houston, TX', latitude: 29.76, longitude: -29.76 },
      ]);
      expect((await warehouse.query('SELECT hour, day, week, month, year, weekday FROM time ORDER BY start_time')).rows).toEqual([
        { hour: 23, day: 5, week: 45, month: 11, year: 2018, weekday: 1 },
        { hour: 23, day: 5, week: 45, month: 11, year: 2018, weekday: 1 },
        { hour: 0, day: 6, week: 45, month: 11, year: 2018, weekday: 2 },
        { hour: 0, day: 6, week: 45, month: 11, year: 2018, weekday: 2 },
      ]);
      const staged = await warehouse.query("SELECT userid, registration, auth FROM staging_events WHERE page = 'Home' ORDER BY ts");
      expect(staged.rows).toEqual([
        { userid: '7', registration: 1540919166796, auth: 'Logged In' },
        { userid: '', registration: null, auth: 'Logged Out' },
      ]);
      // Every staging and star table was analyzed in the run: the planner knows its row count (a table never
      // analyzed has reltuples -1 on PostgreSQL 14 and later).
      const stats = await warehouse.query<{ relname: string; reltuples: number }>(
        `SELECT relname, reltuples::int AS reltuples FROM pg_class WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace AND relname IN (${Object.keys(counts).map((t) => `'${t}'`).join(', ')}) ORDER BY relname`,
      );
      expect(Object.fromEntries(stats.rows.map((r) => [r.relname, Number(r.reltuples)]))).toEqual(counts);
      dumps.set(engine.name, await dumpTables(warehouse));
    } finally {
      await warehouse.close();
    }
  });

  it('gives identical tables when run again', async () => {
    const again = await run();
    expect(again.ok).toBe(true);
    const warehouse = await openFor(config);
    try {
      expect(await dumpTables(warehouse)).toEqual(dumps.get(engine.name));
    } finally {
      await warehouse.close();
    }
  });
});

describe('every engine', () => {
  it('holds the same tables after the same ETL', () => {
    const [first, ...others] = [...dumps.values()];
    expect(first).toBeDefined();
    for (const other of others) expect(other).toEqual(first);
  });
});
