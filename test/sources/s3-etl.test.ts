import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigOverrides, DwhConfig } from '../../src/config/dwh-cfg.js';
import type { PipelineEvent } from '../../src/etl/events.js';
import { runPipeline } from '../../src/etl/run-pipeline.js';
import { etlSteps } from '../../src/etl/steps.js';
import { ALL_TABLES } from '../../src/sql/tables.js';
import { enginesUnderTest, openFor, type EngineUnderTest } from '../helpers/engines.js';
import { HAS_SHARED, SAMPLE, tempDir } from '../helpers/paths.js';
import { startLocalS3, type LocalS3 } from '../helpers/s3-server.js';

const SONG_FILES = 48;
const ARTISTS = 16;
const LOG_KEYS = ['artist', 'auth', 'firstName', 'gender', 'itemInSession', 'lastName', 'length', 'level', 'location', 'method', 'page', 'registration', 'sessionId', 'song', 'status', 'ts', 'userAgent', 'userId'];
const AWKWARD = ['tab\there', 'new\nline', 'back\\slash', '\\N', 'say "hi"', 'a, b', 'emoji 😀', ''];

/**
 * 48 song files (a few gzipped, in a folder tree as in the real data) and three log files, deterministic. The
 * listing across pages is test/sources/s3-source.test.ts's (a small page size): here, the same tables either way.
 */
function writeDataset(dir: string): void {
  for (let i = 0; i < SONG_FILES; i++) {
    const artist = i % ARTISTS;
    const record = {
      num_songs: 1,
      artist_id: `AR${String(artist).padStart(4, '0')}`,
      artist_latitude: i % 7 === 0 ? null : (i % 180) - 90 + 0.5,
      artist_longitude: i % 7 === 0 ? null : (i % 360) - 180 + 0.25,
      artist_location: i % 5 === 0 ? AWKWARD[i % AWKWARD.length] : `City ${artist}`,
      // Artists 0-3 have a second spelling on some songs: one row per id must still come out.
      artist_name: artist < 4 && i % 3 === 0 ? `Artist ${artist} feat. Someone` : `Artist ${artist}`,
      song_id: `SO${String(i).padStart(6, '0')}`,
      title: i % 11 === 0 ? `Title ${AWKWARD[i % AWKWARD.length]} ${i}` : `Title ${i}`,
      duration: 120 + (i % 97) + 0.125,
      year: i % 9 === 0 ? 0 : 1960 + (i % 60),
    };
    const folder = join(dir, 'song_data', String.fromCharCode(65 + (i % 3)), String.fromCharCode(65 + (i % 26)));
    mkdirSync(folder, { recursive: true });
    const name = `TR${String(i).padStart(6, '0')}.json`;
    if (i % 10 === 0) writeFileSync(join(folder, `${name}.gz`), gzipSync(JSON.stringify(record)));
    else writeFileSync(join(folder, name), JSON.stringify(record));
  }
  mkdirSync(join(dir, 'log_data', '2018', '11'), { recursive: true });
  const t0 = Date.UTC(2018, 10, 1);
  for (let day = 1; day <= 3; day++) {
    const lines: string[] = [];
    for (let j = 0; j < 400; j++) {
      const n = day * 1000 + j;
      const song = n % SONG_FILES;
      const matched = n % 4 === 0;
      const userId = n % 13 === 0 ? '' : String(n % 37);
      const event: Record<string, unknown> = {
        artist: `Artist ${song % ARTISTS}`,
        auth: userId ? 'Logged In' : 'Logged Out',
        firstName: userId ? `First ${userId}` : null,
        gender: userId ? (Number(userId) % 2 ? 'F' : 'M') : null,
        itemInSession: j % 20,
        lastName: userId ? `Last ${AWKWARD[n % AWKWARD.length]}` : null,
        length: matched ? 120 + (song % 97) + 0.125 : 99.5,
        level: (n + day) % 3 === 0 ? 'paid' : 'free',
        location: userId ? 'Somewhere, ST' : null,
        method: 'PUT',
        page: userId && j % 6 !== 0 ? 'NextSong' : 'Home',
        registration: userId ? 1540919166796.0 : null,
        sessionId: n % 50,
        song: song % 11 === 0 ? `Title ${AWKWARD[song % AWKWARD.length]} ${song}` : `Title ${song}`,
        status: 200,
        ts: t0 + day * 86_400_000 + j * 1000,
        userAgent: userId ? '"Mozilla/5.0 (X11; Linux)"' : null,
        userId,
      };
      lines.push(JSON.stringify(Object.fromEntries(LOG_KEYS.map((k) => [k, event[k]]))));
    }
    writeFileSync(join(dir, 'log_data', '2018', '11', `2018-11-0${day}-events.json`), `${lines.join('\n')}\n`);
  }
  writeFileSync(join(dir, 'log_json_path.json'), JSON.stringify({ jsonpaths: LOG_KEYS.map((k) => `$['${k}']`) }, null, 4));
}

/** Every table's full contents in a total order, as JSON text. */
async function dumpTables(config: DwhConfig): Promise<Record<string, string>> {
  const warehouse = await openFor(config);
  try {
    const out: Record<string, string> = {};
    for (const table of ALL_TABLES) {
      const order = table.columns.map((_, i) => i + 1).join(', ');
      out[table.name] = JSON.stringify((await warehouse.query(`SELECT * FROM ${table.name} ORDER BY ${order}`)).rows);
    }
    return out;
  } finally {
    await warehouse.close();
  }
}

async function etl(config: DwhConfig): Promise<{ ok: boolean; counts: Record<string, number | null>; events: PipelineEvent[] }> {
  const events: PipelineEvent[] = [];
  const result = await runPipeline({ config, steps: etlSteps(), emit: (e) => events.push(e) });
  return { ok: result.ok, counts: result.counts, events };
}

let s3: LocalS3;
const data = tempDir();
const embedded = enginesUnderTest().find((e) => e.name === 'embedded')!;
// The postgres engine when a server is here (faster), else embedded: the sample's counts hold on both.
const sampleEngine: EngineUnderTest = enginesUnderTest().find((e) => e.name === 'postgres') ?? embedded;

function s3Config(engine: EngineUnderTest, overrides: ConfigOverrides): DwhConfig {
  const config = engine.config(overrides);
  config.s3.endpoint = s3.endpoint;
  config.s3.forcePathStyle = true;
  return config;
}

beforeAll(async () => {
  writeDataset(data.dir);
  s3 = await startLocalS3(['lake']);
  expect(await s3.uploadFolder(join(data.dir, 'song_data'), 'lake', 'gen/song_data')).toBe(SONG_FILES);
  await s3.uploadFolder(join(data.dir, 'log_data'), 'lake', 'gen/log_data');
  await s3.put('lake', 'gen/log_json_path.json', readFileSync(join(data.dir, 'log_json_path.json')));
}, 180_000);
afterAll(async () => {
  await s3?.close();
  await embedded.cleanup();
  if (sampleEngine !== embedded) await sampleEngine.cleanup();
  data.cleanup();
});

describe('loading from S3', () => {
  it(`gives the same tables as the same ${SONG_FILES} files from a local folder`, async () => {
    const local = embedded.config({ songData: join(data.dir, 'song_data'), logData: join(data.dir, 'log_data'), logJsonPath: join(data.dir, 'log_json_path.json') });
    const fromLocal = await etl(local);
    expect(fromLocal.ok).toBe(true);
    const localTables = await dumpTables(local);
    // The same database, loaded again from S3: the ETL replaces every table, so what differs is the source.
    const remote: DwhConfig = {
      ...local,
      s3: { ...local.s3, songData: 's3://lake/gen/song_data', logData: 's3://lake/gen/log_data/', logJsonPath: 's3://lake/gen/log_json_path.json', endpoint: s3.endpoint, forcePathStyle: true },
    };
    const fromS3 = await etl(remote);
    expect(fromS3.events.filter((e) => e.type === 'step-error')).toEqual([]);
    expect(fromS3.counts).toEqual(fromLocal.counts);
    expect(fromS3.counts).toMatchObject({ staging_songs: SONG_FILES, staging_events: 1200, songs: SONG_FILES, artists: ARTISTS });
    const staged = fromS3.events.find((e) => e.type === 'step-done' && e.step === 'stage-songs');
    expect(staged).toMatchObject({ rows: SONG_FILES, detail: `${SONG_FILES} file(s), ${SONG_FILES} record(s)` });
    expect(await dumpTables(remote)).toEqual(localTables);
  }, 300_000);

  it('stops on a bad record naming s3://bucket/key:line, and on a missing jsonpaths object, in one line each', async () => {
    await s3.put('lake', 'bad/log_data/2018-11-30-events.json', '{"page": "Home", "ts": 1543536000000}\n{"page": "Home", "ts": "later"}\n');
    const base = { songData: 's3://lake/gen/song_data/A/A/', logJsonPath: 's3://lake/gen/log_json_path.json' };
    const bad = await etl(s3Config(sampleEngine, { ...base, logData: 's3://lake/bad/log_data' }));
    expect(bad.ok).toBe(false);
    expect(bad.events.find((e) => e.type === 'step-error')).toMatchObject({
      step: 'stage-events',
      title: 'Bad input record',
      message: 's3://lake/bad/log_data/2018-11-30-events.json:2: ts: "later" is not a time in epoch milliseconds',
    });
    const noPaths = await etl(s3Config(sampleEngine, { ...base, logData: 's3://lake/gen/log_data', logJsonPath: 's3://lake/gen/missing.json' }));
    // Inputs are checked before anything is opened: a configuration error naming the setting, exit 2.
    expect(noPaths.events.find((e) => e.type === 'step-error')).toMatchObject({
      step: 'check-inputs',
      title: 'Configuration error',
      message: '--log-jsonpath: s3://lake/gen/missing.json: no such object',
    });
    const noBucket = await etl(s3Config(sampleEngine, { ...base, songData: 's3://no-such-bucket/song_data', logData: 's3://lake/gen/log_data' }));
    expect(noBucket.events.find((e) => e.type === 'step-error')).toMatchObject({
      step: 'check-inputs',
      title: 'Configuration error',
      message: '--song-data: s3://no-such-bucket/song_data: the bucket does not exist',
    });
  }, 120_000);

  it.skipIf(!HAS_SHARED)(`builds the sample's tables from S3 on ${sampleEngine.name}`, async () => {
    await s3.uploadFolder(join(SAMPLE, 'song_data'), 'lake', 'udacity/song_data');
    await s3.uploadFolder(join(SAMPLE, 'log_data'), 'lake', 'udacity/log_data');
    await s3.put('lake', 'udacity/log_json_path.json', readFileSync(join(SAMPLE, 'log_json_path.json')));
    const run = await etl(s3Config(sampleEngine, { songData: 's3://lake/udacity/song_data', logData: 's3://lake/udacity/log_data', logJsonPath: 's3://lake/udacity/log_json_path.json' }));
    expect(run.events.filter((e) => e.type === 'step-error')).toEqual([]);
    expect(run.counts).toEqual({ staging_events: 8056, staging_songs: 71, songplays: 6820, users: 96, songs: 71, artists: 69, time: 6813 });
  }, 120_000);

  it('loads incrementally from S3: only the new object, known by its key; a rewritten object (new ETag) stops the run', async () => {
    const config = s3Config(sampleEngine, { songData: 's3://lake/inc/song_data', logData: 's3://lake/inc/log_data', logJsonPath: 's3://lake/gen/log_json_path.json' });
    await s3.uploadFolder(join(data.dir, 'song_data'), 'lake', 'inc/song_data');
    const day = (n: number): Buffer => readFileSync(join(data.dir, 'log_data', '2018', '11', `2018-11-0${n}-events.json`));
    await s3.put('lake', 'inc/log_data/2018-11-01-events.json', day(1));
    const run = async (): Promise<{ ok: boolean; events: PipelineEvent[] }> => {
      const events: PipelineEvent[] = [];
      const result = await runPipeline({ config: { ...config, etlMode: 'incremental' }, steps: etlSteps(), emit: (e) => events.push(e), run: { command: 'etl' } });
      return { ok: result.ok, events };
    };
    const detail = (r: { events: PipelineEvent[] }, step: string): string | undefined =>
      (r.events.find((e) => e.type === 'step-done' && e.step === step) as { detail?: string } | undefined)?.detail;
    expect((await run()).ok).toBe(true);
    await s3.put('lake', 'inc/log_data/2018-11-02-events.json', day(2));
    const second = await run();
    expect(second.ok).toBe(true);
    expect(detail(second, 'find-inputs')).toBe('new since run #1: 1 log + 0 song files');
    expect(detail(second, 'stage-events')).toBe('1 file(s), 400 record(s)');
    // The first day's object written again, as long but with other bytes: only its ETag says so, and the run stops
    // before staging.
    await s3.put('lake', 'inc/log_data/2018-11-01-events.json', day(1).toString('utf8').replace('Title', 'Tetle'));
    const third = await run();
    expect(third.ok).toBe(false);
    const error = third.events.find((e) => e.type === 'step-error') as { step: string; message: string };
    expect(error.step).toBe('find-inputs');
    expect(error.message).toMatch(/s3:\/\/lake\/inc\/log_data\/2018-11-01-events\.json changed since run #1 \(ETag "[0-9a-f]+" then, "[0-9a-f]+" now\)/);
  }, 300_000);
});
