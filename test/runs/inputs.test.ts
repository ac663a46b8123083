import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DwhConfig } from '../../src/config/dwh-cfg.js';
import { ALL_TABLES } from '../../src/sql/tables.js';
import { cli } from '../helpers/cli-in-process.js';
import { enginesUnderTest, openFor } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';
import { dumpStar } from '../helpers/star-dump.js';

const LOG_KEYS = ['artist', 'auth', 'firstName', 'gender', 'itemInSession', 'lastName', 'length', 'level', 'location', 'method', 'page', 'registration', 'sessionId', 'song', 'status', 'ts', 'userAgent', 'userId'];
const T0 = Date.UTC(2018, 10, 3, 12, 0, 0);

/** One log line: a NextSong play by user `userId` unless `over` says otherwise. */
function event(i: number, over: Record<string, unknown> = {}): string {
  const e: Record<string, unknown> = {
    artist: `Artist ${i}`,
    auth: 'Logged In',
    firstName: 'Ann',
    gender: 'F',
    itemInSession: i,
    lastName: 'Lee',
    length: 200 + i,
    level: 'free',
    location: 'Reno, NV',
    method: 'PUT',
    page: 'NextSong',
    registration: 1540919166796.0,
    sessionId: 10,
    song: `Song ${i}`,
    status: 200,
    ts: T0 + i * 1000,
    userAgent: 'Mozilla/5.0',
    userId: String(100 + (i % 3)),
    ...over,
  };
  return JSON.stringify(Object.fromEntries(LOG_KEYS.filter((k) => k in e).map((k) => [k, e[k]])));
}

const song = (id: string, over: Record<string, unknown> = {}) => ({
  num_songs: 1,
  artist_id: `AR${id}`,
  artist_latitude: null,
  artist_longitude: null,
  artist_location: '',
  artist_name: `Artist ${id}`,
  song_id: `SO${id}`,
  title: `Song ${id}`,
  duration: 180.5,
  year: 2001,
  ...over,
});

/** A dataset folder: log files (name -> text), song files (name -> text), and the reference jsonpaths file. */
function dataset(dir: string, logs: Record<string, string>, songs: Record<string, string>): string[] {
  for (const [name, text] of Object.entries(logs)) {
    mkdirSync(join(dir, 'log_data'), { recursive: true });
    writeFileSync(join(dir, 'log_data', name), text);
  }
  for (const [name, text] of Object.entries(songs)) {
    mkdirSync(join(dir, 'song_data'), { recursive: true });
    writeFileSync(join(dir, 'song_data', name), text);
  }
  writeFileSync(join(dir, 'paths.json'), JSON.stringify({ jsonpaths: LOG_KEYS.map((k) => `$['${k}']`) }));
  return ['--song-data', join(dir, 'song_data'), '--log-data', join(dir, 'log_data'), '--log-jsonpath', join(dir, 'paths.json')];
}

const goodLogs = (): Record<string, string> => ({ 'day1.json': `${Array.from({ length: 6 }, (_, i) => event(i)).join('\n')}\n` });
const goodSongs = (): Record<string, string> => ({ 'a.json': JSON.stringify(song('A')), 'b.json': JSON.stringify(song('B')) });

describe.each(enginesUnderTest())('the inputs of a run on $name', (engine) => {
  const t = tempDir('sparkify-inputs-');
  afterAll(async () => {
    await engine.cleanup();
    t.cleanup();
  });
  let n = 0;
  const folder = (): string => join(t.dir, `d${++n}`);

  it('a missing input path, or a jsonpaths file that does not fit, is a configuration error naming the setting, and nothing is touched', async () => {
    const config: DwhConfig = engine.config();
    const db = engine.name === 'embedded' ? ['--engine', 'embedded', '--data-dir', join(t.dir, 'never-created')] : engine.flags(config);
    const input = dataset(folder(), goodLogs(), goodSongs());
    const missing = await cli(['etl', '--yes', ...db, ...input, '--song-data', join(t.dir, 'no-such-folder')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`Configuration error: --song-data = ${join(t.dir, 'no-such-folder')}: the path does not exist\n`);
    const badPaths = join(t.dir, 'short-paths.json');
    writeFileSync(badPaths, JSON.stringify({ jsonpaths: ["$['artist']"] }));
    const paths = await cli(['etl', '--yes', ...db, ...input, '--log-jsonpath', badPaths]);
    expect(paths.code).toBe(2);
    expect(paths.stderr).toBe(`Configuration error: --log-jsonpath: ${badPaths}: 1 jsonpaths for the 18 columns of staging_events; they must match one to one, in column order\n`);
    const noJson = join(t.dir, 'no-json');
    mkdirSync(noJson);
    writeFileSync(join(noJson, 'readme.txt'), 'not input');
    const empty = await cli(['etl', '--yes', ...db, ...input, '--log-data', noJson]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe(`Configuration error: --log-data = ${noJson}: the folder holds no .json, .jsonl or .ndjson files\n`);
    if (engine.name === 'embedded') {
      expect(existsSync(join(t.dir, 'never-created'))).toBe(false);
    } else {
      const warehouse = await openFor(config);
      try {
        expect((await warehouse.query('SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()')).rows).toEqual([]);
      } finally {
        await warehouse.close();
      }
    }
  });

  it('an empty or blank log does not replace the tables; --allow-empty does', async () => {
    const config = engine.config();
    const db = engine.flags(config);
    expect((await cli(['etl', '--yes', ...db, ...dataset(folder(), goodLogs(), goodSongs())])).code).toBe(0);
    const before = await dumpStar(config);
    const emptyDir = folder();
    const input = dataset(emptyDir, { 'empty.json': '', 'blank.json': '\n  \n\t\n' }, goodSongs());
    const run = await cli(['etl', '--yes', ...db, ...input]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`No input records: no records in ${join(emptyDir, 'log_data')}; nothing was published (--allow-empty loads empty tables)\n`);
    expect(run.stdout).toContain('nothing was published: the star tables still hold the output of run #1');
    expect(await dumpStar(config)).toEqual(before);
    const allowed = await cli(['etl', '--yes', '--allow-empty', ...db, ...input]);
    expect(allowed.code).toBe(0);
    const counts = await cli(['sql', 'SELECT (SELECT COUNT(*) FROM songplays) AS plays, (SELECT COUNT(*) FROM users) AS users, (SELECT COUNT(*) FROM songs) AS songs', '--format', 'json', ...db]);
    expect(JSON.parse(counts.stdout)).toEqual([{ plays: 0, users: 0, songs: 2 }]);
  });

  it('truncated records at the start, middle and end of a file, and in a pretty-printed file, cost only their own lines', async () => {
    const config = engine.config();
    const db = engine.flags(config);
    const lines = Array.from({ length: 10 }, (_, i) => event(i));
    lines[0] = lines[0]!.slice(0, lines[0]!.indexOf('Logged In') + 3); // cut inside a string
    lines[4] = lines[4]!.slice(0, lines[4]!.indexOf(',"length"')); // cut between two keys
    lines[9] = lines[9]!.slice(0, lines[9]!.lastIndexOf(',')); // the last line, cut, no newline after it
    const pretty = [song('P1'), song('P2'), song('P3')].map((s) => JSON.stringify(s, null, 2));
    const cut = pretty[1]!.split('\n').slice(0, 5).join('\n');
    const dir = folder();
    const input = dataset(dir, { 'day.json': lines.join('\n') }, { ...goodSongs(), 'pretty.json': `${pretty[0]}\n${cut}\n${pretty[2]}\n` });
    const run = await cli(['etl', '--yes', '--max-errors', '10', ...db, ...input]);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('rejected:'))).toEqual([
      `rejected: ${join(dir, 'log_data', 'day.json')}:1: malformed JSON: unterminated string`,
      `rejected: ${join(dir, 'log_data', 'day.json')}:5: incomplete JSON object (the next record starts at line 6)`,
      `rejected: ${join(dir, 'log_data', 'day.json')}:10: unexpected end of file inside a JSON object`,
      `rejected: ${join(dir, 'song_data', 'pretty.json')}:13: incomplete JSON object (the next record starts at line 18)`,
    ]);
    expect(run.code).toBe(0);
    const ledger = JSON.parse((await cli(['runs', '--json', ...db])).stdout) as { read: number; staged: number; rejected: number }[];
    expect(ledger[0]).toMatchObject({ read: 10 + 5, staged: 7 + 4, rejected: 4 });
    const rejects = JSON.parse((await cli(['rejects', '--format', 'json', ...db])).stdout) as { table: string; line: number; lines: number; record: string }[];
    expect(rejects.map((r) => [r.table, r.line, r.lines])).toEqual([
      ['staging_events', 1, 1],
      ['staging_events', 5, 1],
      ['staging_events', 10, 1],
      ['staging_songs', 13, 5],
    ]);
    expect(rejects[0]!.record).toBe(lines[0]);
    expect(rejects[3]!.record).toBe(cut);
    const staged = await cli(['sql', 'SELECT (SELECT COUNT(*) FROM staging_events) AS events, (SELECT COUNT(*) FROM songs) AS songs', '--format', 'json', ...db]);
    expect(JSON.parse(staged.stdout)).toEqual([{ events: 7, songs: 4 }]);
  });

  it('values the transforms need are checked at staging: each bad record is rejected at its file:line', async () => {
    const config = engine.config();
    const db = engine.flags(config);
    const bad: [Record<string, unknown>, string][] = [
      [{ userId: 'abc' }, 'userid: "abc" is not an integer id (32-bit) or ""'],
      [{ userId: 8.5 }, 'userid: 8.5 is not an integer id (32-bit) or ""'],
      [{ ts: undefined }, 'a NextSong event without ts (the play needs its start time)'],
      [{ sessionId: 'x' }, 'sessionid: "x" is not an integer (32-bit)'],
      [{ itemInSession: 1e12 }, 'iteminsession: 1000000000000 is not an integer (32-bit)'],
      [{ status: 'ok' }, 'status: "ok" is not an integer (32-bit)'],
      [{ length: 'long' }, 'length: "long" is not a number'],
    ];
    const lines = [event(0), ...bad.map(([over], i) => event(i + 1, over)), event(9), event(10, { page: 'Home', ts: undefined, song: null, artist: null, length: null })];
    const dir = folder();
    const input = dataset(dir, { 'day.json': `${lines.join('\n')}\n` }, { ...goodSongs(), 'c.json': JSON.stringify(song('C', { duration: 'x' })) });
    const strict = await cli(['etl', '--yes', ...db, ...input]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe(`Bad input record: ${join(dir, 'log_data', 'day.json')}:2: ${bad[0]![1]}\n`);
    const run = await cli(['etl', '--yes', '--max-errors', '8', ...db, ...input]);
    expect(run.code).toBe(0);
    const rejected = run.stderr.split('\n').filter((l) => l.startsWith('rejected:'));
    expect(rejected).toEqual([
      ...bad.map(([, reason], i) => `rejected: ${join(dir, 'log_data', 'day.json')}:${i + 2}: ${reason}`),
      `rejected: ${join(dir, 'song_data', 'c.json')}:1: duration: "x" is not a number`,
    ]);
    // What staging accepted transformed: the page view without ts is no play, and the plays are the good ones.
    const plays = await cli(['sql', 'SELECT COUNT(*) AS plays, COUNT(DISTINCT user_id) AS users FROM songplays', '--format', 'json', ...db]);
    expect(JSON.parse(plays.stdout)).toEqual([{ plays: 2, users: 1 }]);
  });
});

describe('the embedded database folder', () => {
  const t = tempDir('sparkify-folder-');
  afterAll(() => t.cleanup());

  it('a folder that holds anything else is refused, untouched, exit 2; so is a file', async () => {
    const foreign = join(t.dir, 'photos');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'holiday.jpg'), 'not a database');
    const run = await cli(['status', '--data-dir', foreign]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `sparkify: Configuration error: [EMBEDDED] DATA_DIR = ${foreign}: the folder holds 1 file(s) that are not a sparkify database (e.g. holiday.jpg); nothing was changed: name an empty or new folder\n`,
    );
    expect(readdirSync(foreign)).toEqual(['holiday.jpg']);
    expect(readFileSync(join(foreign, 'holiday.jpg'), 'utf8')).toBe('not a database');
    expect(readdirSync(t.dir)).toEqual(['photos']);
    const file = join(t.dir, 'photos', 'holiday.jpg');
    const onFile = await cli(['status', '--data-dir', file]);
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toBe(`sparkify: Configuration error: [EMBEDDED] DATA_DIR = ${file}: is a file, not a folder; name a folder for the database\n`);
  });

  it('a DATA_DIR under a file, or on a read-only disk, gets one line of its own (the read-only case needs root to mount a tmpfs)', async () => {
    const file = join(t.dir, 'plain-file');
    writeFileSync(file, 'x');
    const under = await cli(['status', '--data-dir', join(file, 'db')]);
    expect(under.code).toBe(2);
    expect(under.stderr).toBe(`sparkify: Configuration error: [EMBEDDED] DATA_DIR = ${join(file, 'db')}: cannot be read: a part of the path is a file, not a folder (ENOTDIR)\n`);
    if (process.getuid?.() !== 0) return;
    const ro = join(t.dir, 'ro');
    mkdirSync(ro);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,ro', 'tmpfs', ro], { stdio: 'ignore' });
    } catch {
      return;
    }
    try {
      const run = await cli(['status', '--data-dir', join(ro, 'db')]);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`sparkify: Cannot create the embedded database: ${join(ro, 'db')}: the file system is read-only (EROFS)\n`);
    } finally {
      execFileSync('umount', ['-l', ro], { stdio: 'ignore' });
    }
  });

  it('builds a new database into an empty folder, owner-only: folders 0700, files 0600', async () => {
    const dataDir = join(t.dir, 'empty');
    mkdirSync(dataDir);
    const run = await cli(['etl', '--yes', '--allow-empty', '--data-dir', dataDir, ...dataset(join(t.dir, 'in'), goodLogs(), goodSongs())]);
    expect(run.code).toBe(0);
    const modes = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        modes.add(`${entry.isDirectory() ? 'dir' : 'file'} ${(statSync(path).mode & 0o777).toString(8)}`);
        if (entry.isDirectory()) walk(path);
      }
    };
    walk(dataDir);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect([...modes].sort()).toEqual(['dir 700', 'file 600']);
    const counts = await cli(['status', '--json', '--data-dir', dataDir]);
    expect(Object.keys(JSON.parse(counts.stdout).tables)).toEqual(ALL_TABLES.map((x) => x.name));
  });
});
