import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type DwhConfig } from '../../src/config/dwh-cfg.js';
import { findInsight, parseParams, runInsight } from '../../src/queries/insights.js';
import { createTableSql } from '../../src/sql/ddl.js';
import { postgresServerDialect } from '../../src/sql/dialect.js';
import { ALL_TABLES } from '../../src/sql/tables.js';
import { cli } from '../helpers/cli-in-process.js';
import { embeddedDataDir, openFor, TEST_PG_URL } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';
import { dumpStar } from '../helpers/star-dump.js';

/**
 * Redshift orders text by its bytes whatever the locale; PostgreSQL orders it by the database's collation. On a
 * server whose databases use a language's collation (ICU en-US here: 'alpha' < 'Beta', in bytes 'Beta' < 'alpha'),
 * every pick, number and order of the ETL and the insights must still be the one the embedded engine and Redshift
 * give.
 */
const t = tempDir('sparkify-collation-');
const ts = Date.UTC(2018, 10, 1, 12, 0, 0);

function writeInput(): { songData: string; logData: string } {
  const songData = join(t.dir, 'song_data');
  const logData = join(t.dir, 'log_data');
  mkdirSync(songData, { recursive: true });
  mkdirSync(logData, { recursive: true });
  const song = (file: string, id: string, title: string, artistId: string, artist: string) =>
    writeFileSync(
      join(songData, file),
      JSON.stringify({ num_songs: 1, artist_id: artistId, artist_latitude: null, artist_longitude: null, artist_location: 'Oslo', artist_name: artist, song_id: id, title, duration: 100, year: 2000 }),
    );
  // One song id with two titles, one artist id with two names: equally complete, same year, so the text decides.
  song('a.json', 'SO1', 'alpha', 'AR1', 'alpha');
  song('b.json', 'SO1', 'Beta', 'AR1', 'Beta');
  const event = (song: string, userAgent: string) =>
    JSON.stringify({
      artist: 'Nobody', auth: 'Logged In', firstName: 'Ann', gender: 'F', itemInSession: 0, lastName: 'Lee', length: 1, level: 'free',
      location: 'Paris', method: 'PUT', page: 'NextSong', registration: 1, sessionId: 1, song, status: 200, ts, userAgent, userId: '7',
    });
  // Two plays at the same instant by the same user, in the same session: the titles number them.
  writeFileSync(
    join(logData, 'events.json'),
    [event('zeta', '"Mozilla/5.0 (Windows NT 6.1) Chrome/36.0"'), event('Zulu', '"Mozilla/5.0 (iPhone) Safari/537.36"')].join('\n'),
  );
  return { songData, logData };
}

async function run(config: DwhConfig, flags: string[]): Promise<void> {
  const result = await cli(['etl', '--yes', ...flags, '--song-data', input.songData, '--log-data', input.logData, '--log-jsonpath', 'auto ignorecase']);
  expect(result.stderr).not.toMatch(/✗/);
  expect(result.code).toBe(0);
  void config;
}

let input: { songData: string; logData: string };
const icuDatabase = `sparkify_icu_${process.pid}`;
let icuUrl: string | undefined;
let skipReason = TEST_PG_URL ? '' : 'no PostgreSQL server (SPARKIFY_TEST_PG_URL)';

beforeAll(async () => {
  input = writeInput();
  if (!TEST_PG_URL) return;
  const admin = new pg.Client(TEST_PG_URL);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${icuDatabase} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`);
    const url = new URL(TEST_PG_URL);
    url.pathname = `/${icuDatabase}`;
    icuUrl = url.toString();
  } catch (error) {
    skipReason = `the server cannot make an ICU en-US database: ${(error as Error).message}`;
  } finally {
    await admin.end();
  }
});

afterAll(async () => {
  t.cleanup();
  if (!icuUrl || !TEST_PG_URL) return;
  const admin = new pg.Client(TEST_PG_URL);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${icuDatabase} WITH (FORCE)`).finally(() => admin.end());
});

const embedded = embeddedDataDir();
afterAll(() => embedded.cleanup());

function configs(): { embedded: DwhConfig; icu: DwhConfig } {
  return {
    embedded: loadConfig('no-such-dwh.cfg', { overrides: { engine: 'embedded', dataDir: embedded.dir }, env: {} }),
    icu: loadConfig('no-such-dwh.cfg', { overrides: { engine: 'postgres', url: icuUrl! }, env: {} }),
  };
}

describe('text order does not depend on the database collation', () => {
  it('the ETL picks, numbers and orders text by its bytes on a server with a language collation, as the embedded engine', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const { embedded: local, icu } = configs();
    await run(local, ['--engine', 'embedded', '--data-dir', local.dataDir]);
    await run(icu, ['--engine', 'postgres', '--url', icuUrl!]);
    const here = await dumpStar(icu);
    expect(here).toEqual(await dumpStar(local));
    // In bytes 'B' < 'a' and 'Z' < 'z': the picks Redshift makes too.
    const warehouse = await openFor(icu);
    try {
      expect((await warehouse.query('SELECT title FROM songs')).rows).toEqual([{ title: 'Beta' }]);
      expect((await warehouse.query('SELECT name FROM artists')).rows).toEqual([{ name: 'Beta' }]);
      expect((await warehouse.query('SELECT songplay_id, song_title FROM songplays ORDER BY songplay_id')).rows).toEqual([
        { songplay_id: 1, song_title: 'Zulu' },
        { songplay_id: 2, song_title: 'zeta' },
      ]);
      // A tie in plays is broken the same way on every engine, not by the names in the locale's order ('iOS' and
      // 'Windows' change places).
      const agents = findInsight('user-agents');
      const rows = async (w: typeof warehouse) => (await runInsight(w, agents, parseParams(agents, { by: 'os' }))).rows;
      const embeddedWarehouse = await openFor(local);
      try {
        const expected = await rows(embeddedWarehouse);
        // Ties go to the client heard first: the iPhone's play is number 1.
        expect(expected.map((r) => r.client)).toEqual(['iOS', 'Windows']);
        expect(await rows(warehouse)).toEqual(expected);
      } finally {
        await embeddedWarehouse.close();
      }
    } finally {
      await warehouse.close();
    }
  });

  it('tables made before their text columns were byte-ordered are brought to it by the next run, rows kept', async (ctx) => {
    if (skipReason) ctx.skip(skipReason);
    const { icu } = configs();
    const client = new pg.Client(icuUrl);
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA old_tables`);
      // The tables as an earlier version made them: TEXT in the database's collation.
      const plain = { ...postgresServerDialect, columnType: (c: { type: string }) => (c.type === 'text' ? 'TEXT' : postgresServerDialect.columnType(c as never)) };
      await client.query('SET search_path TO old_tables');
      for (const table of ALL_TABLES) await client.query(createTableSql(table, plain));
    } finally {
      await client.end();
    }
    const url = new URL(icuUrl!);
    url.searchParams.set('options', '-c search_path=old_tables');
    await run(icu, ['--engine', 'postgres', '--url', url.toString()]);
    const check = new pg.Client(url.toString());
    await check.connect();
    try {
      const collations = await check.query(`SELECT DISTINCT c.collname FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid
JOIN pg_namespace n ON n.oid = r.relnamespace JOIN pg_collation c ON c.oid = a.attcollation
WHERE n.nspname = 'old_tables' AND r.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid = 'text'::regtype`);
      expect(collations.rows).toEqual([{ collname: 'C' }]);
      expect((await check.query('SELECT title FROM songs')).rows).toEqual([{ title: 'Beta' }]);
    } finally {
      await check.end();
    }
  });
});
