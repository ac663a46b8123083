import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset, type GenerateResult } from '../../src/generate/generate.js';
import { HAS_SHARED, SAMPLE } from '../helpers/paths.js';

const KEYS = [
  'artist', 'auth', 'firstName', 'gender', 'itemInSession', 'lastName', 'length', 'level', 'location', 'method',
  'page', 'registration', 'sessionId', 'song', 'status', 'ts', 'userAgent', 'userId',
];
const SONG_KEYS = [
  'num_songs', 'artist_id', 'artist_latitude', 'artist_longitude', 'artist_location', 'artist_name', 'song_id',
  'title', 'duration', 'year',
];

type Event = Record<string, unknown>;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

function hashTree(dir: string): string {
  const hash = createHash('sha256');
  for (const file of walk(dir)) hash.update(relative(dir, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

const root = mkdtempSync(join(tmpdir(), 'sparkify-generate-'));
const out = join(root, 'a');
let result: GenerateResult;
let songs: { path: string; text: string; record: Record<string, unknown> }[];
let logs: { name: string; text: string; lines: string[]; events: Event[] }[];
let all: Event[];

beforeAll(async () => {
  result = await generateDataset({ out, songs: 200, events: 5000, seed: 42 });
  songs = walk(join(out, 'song_data')).map((path) => {
    const text = readFileSync(path, 'utf8');
    return { path: relative(join(out, 'song_data'), path), text, record: JSON.parse(text) as Record<string, unknown> };
  });
  logs = walk(join(out, 'log_data')).map((path) => {
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    return { name: relative(join(out, 'log_data'), path), text, lines, events: lines.map((l) => JSON.parse(l) as Event) };
  });
  all = logs.flatMap((l) => l.events);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('generateDataset', () => {
  it('reports what it wrote', () => {
    expect(result.songFiles).toBe(200);
    expect(result.events).toBe(5000);
    expect(result.logFiles).toBe(30);
    const onDisk = walk(out).reduce((sum, f) => sum + statSync(f).size, 0);
    expect(result.bytes).toBe(onDisk);
    expect(result.users).toBe(new Set(all.map((e) => e.userId).filter((id) => id !== '')).size);
  });

  it('writes one song per file at song_data/X/Y/Z/<track id>.json, keys in the real order', () => {
    expect(songs).toHaveLength(200);
    for (const { path, text, record } of songs) {
      const [x, y, z, file, ...rest] = path.split(sep);
      expect(rest).toEqual([]);
      expect(file).toMatch(/^TR[A-Z0-9]{16}\.json$/);
      expect([x, y, z]).toEqual([file![2], file![3], file![4]]);
      expect(Object.keys(record)).toEqual(SONG_KEYS);
      expect(text.endsWith('}')).toBe(true);
      expect(text).not.toContain('\n');
      expect(record.num_songs).toBe(1);
      expect(record.song_id).toMatch(/^SO[A-Z0-9]{16}$/);
      expect(record.artist_id).toMatch(/^AR[A-Z0-9]{16}$/);
      expect(String(record.duration)).toMatch(/^\d+(\.\d{1,5})?$/);
    }
    const records = songs.map((s) => s.record);
    const artists = new Set(records.map((r) => r.artist_id));
    expect(artists.size).toBe(50);
    expect(new Set(records.map((r) => r.song_id)).size).toBe(200);
    expect(records.some((r) => r.artist_latitude === null && r.artist_location === '')).toBe(true);
    expect(records.some((r) => typeof r.artist_latitude === 'number')).toBe(true);
    expect(records.some((r) => r.year === 0)).toBe(true);
    expect(records.some((r) => typeof r.year === 'number' && r.year > 1950)).toBe(true);
  });

  it('writes one NDJSON file per day of November 2018, sorted by ts, without a final newline', () => {
    expect(logs.map((l) => l.name)).toEqual(
      Array.from({ length: 30 }, (_, d) => join('2018', '11', `2018-11-${String(d + 1).padStart(2, '0')}-events.json`)),
    );
    for (const { name, text, events } of logs) {
      expect(text.endsWith('\n')).toBe(false);
      const dayStart = Date.parse(name.slice(8, 18) + 'T00:00:00Z');
      const ts = events.map((e) => e.ts as number);
      expect(ts).toEqual([...ts].sort((a, b) => a - b));
      expect(Number.isInteger(ts[0])).toBe(true);
      expect(ts[0]).toBeGreaterThanOrEqual(dayStart);
      expect(ts[ts.length - 1]).toBeLessThan(dayStart + 86_400_000);
    }
    expect(all).toHaveLength(5000);
  });

  it('writes the 18 keys in order, with the types and values of the real logs', () => {
    for (const e of all) {
      expect(Object.keys(e)).toEqual(KEYS);
      const play = e.page === 'NextSong';
      expect(typeof e.artist === 'string').toBe(play);
      expect(typeof e.song === 'string').toBe(play);
      expect(typeof e.length === 'number').toBe(play);
      if (!play) expect([e.artist, e.song, e.length]).toEqual([null, null, null]);
      expect(e.method).toBe(play || ['Login', 'Logout', 'Save Settings', 'Submit Upgrade', 'Submit Downgrade'].includes(e.page as string) ? 'PUT' : 'GET');
      const status = e.page === 'Error' ? 404 : e.method === 'PUT' && !play ? 307 : 200;
      expect(e.status).toBe(status);
      expect(['free', 'paid']).toContain(e.level);
      expect(typeof e.sessionId).toBe('number');
    }
    expect(all.filter((e) => e.page === 'NextSong')).toHaveLength(result.nextSongEvents);
    expect(result.nextSongEvents / 5000).toBeGreaterThan(0.8);
    expect(result.nextSongEvents / 5000).toBeLessThan(0.9);
    expect(new Set(all.map((e) => e.page)).size).toBeGreaterThanOrEqual(10);
  });

  it('writes logged-out events without identity, and logged-in ones with it', () => {
    const out = all.filter((e) => e.auth === 'Logged Out');
    expect(out.length).toBeGreaterThan(50);
    for (const e of out) {
      expect(e.userId).toBe('');
      expect([e.firstName, e.lastName, e.gender, e.location, e.userAgent, e.registration]).toEqual([null, null, null, null, null, null]);
      expect(['Home', 'Login', 'About', 'Help']).toContain(e.page);
    }
    for (const e of all.filter((e) => e.auth === 'Logged In')) {
      expect(e.userId).toMatch(/^\d+$/);
      expect(typeof e.firstName).toBe('string');
      expect(Number.isInteger(e.registration)).toBe(true);
    }
  });

  it('keeps the raw text of the real logs: registration as a float, quoted agents, escaped slashes', () => {
    const lines = logs.flatMap((l) => l.lines);
    const loggedIn = lines.filter((l) => l.includes('"auth":"Logged In"'));
    for (const line of loggedIn) expect(line).toMatch(/"registration":\d{13}\.0,/);
    const quoted = loggedIn.filter((l) => l.includes('"userAgent":"\\"Mozilla\\/5.0 ('));
    expect(quoted.length / loggedIn.length).toBeGreaterThan(0.5);
    for (const e of all.filter((e) => typeof e.userAgent === 'string' && e.userAgent.includes(','))) {
      expect(e.userAgent).toMatch(/^".*"$/);
    }
    expect(lines.every((l) => /^[\x20-\x7e]+$/.test(l))).toBe(true);
  });

  it('numbers items within a session and lets users change level', () => {
    const items = new Map<number, number[]>();
    for (const e of all) items.set(e.sessionId as number, [...(items.get(e.sessionId as number) ?? []), e.itemInSession as number]);
    for (const list of items.values()) expect(list).toEqual(list.map((_, i) => i));
    const levels = new Map<string, Set<unknown>>();
    for (const e of all.filter((e) => e.userId !== '')) levels.set(e.userId as string, (levels.get(e.userId as string) ?? new Set()).add(e.level));
    expect([...levels.values()].filter((s) => s.size === 2).length).toBeGreaterThan(0);
  });

  it('makes a few plays match a song exactly on (title, artist_name, duration)', () => {
    const catalog = new Set(songs.map(({ record: r }) => `${r.title as string}\0${r.artist_name as string}\0${r.duration as number}`));
    const plays = all.filter((e) => e.page === 'NextSong');
    const matched = plays.filter((e) => catalog.has(`${e.song as string}\0${e.artist as string}\0${e.length as number}`)).length;
    expect(matched).toBe(result.matchedPlays);
    expect(matched / plays.length).toBeGreaterThan(0.01);
    expect(matched / plays.length).toBeLessThan(0.03);
  });

  it('writes log_json_path.json like the published one', () => {
    const text = readFileSync(join(out, 'log_json_path.json'), 'utf8');
    expect(text).toBe(`{\n    "jsonpaths": [\n${KEYS.map((k) => `        "$['${k}']"`).join(',\n')}\n    ]\n}`);
    const published = join(SAMPLE, 'log_json_path.json');
    expect(existsSync(published), published).toBe(HAS_SHARED);
    if (HAS_SHARED) expect(text).toBe(readFileSync(published, 'utf8'));
  });

  it('writes the same bytes for the same seed, other bytes for another seed', async () => {
    const again = join(root, 'b');
    const other = join(root, 'c');
    await generateDataset({ out: again, songs: 200, events: 5000, seed: 42 });
    await generateDataset({ out: other, songs: 200, events: 5000, seed: 7 });
    expect(hashTree(again)).toBe(hashTree(out));
    expect(hashTree(other)).not.toBe(hashTree(out));
  });

  it('writes exactly the requested number of events, even very few, and reports progress', async () => {
    const progress: { songs: number; events: number }[] = [];
    const few = await generateDataset({ out: join(root, 'few'), songs: 1, events: 7, onProgress: (p) => progress.push(p) });
    const lines = walk(join(root, 'few', 'log_data')).flatMap((f) => readFileSync(f, 'utf8').split('\n'));
    expect([few.events, lines.length, few.logFiles]).toEqual([7, 7, 7]);
    expect(progress.at(-1)).toEqual({ songs: 1, events: 7 });
    const none = await generateDataset({ out: join(root, 'none'), songs: 1, events: 0 });
    expect([none.events, none.nextSongEvents, none.logFiles, none.users]).toEqual([0, 0, 0, 0]);
  });

  it('streams the events to disk: live memory stays far below what it writes', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const live = (): number => {
      gc();
      const memory = process.memoryUsage();
      return memory.heapUsed + memory.arrayBuffers;
    };
    const before = live();
    let peak = 0;
    // Sampled at every chunk written and after every day: holding the events would grow it by their size.
    const big = await generateDataset({
      out: join(root, 'big'),
      songs: 100,
      events: 60_000,
      onProgress: () => {
        peak = Math.max(peak, live() - before);
      },
    });
    expect(big.bytes).toBeGreaterThan(25_000_000);
    expect(peak).toBeLessThan(big.bytes / 3);
  });

  it('rejects fewer than one song and negative events', async () => {
    await expect(generateDataset({ out: join(root, 'bad'), songs: 0, events: 10 })).rejects.toThrow('songs must be');
    await expect(generateDataset({ out: join(root, 'bad'), songs: 1, events: -1 })).rejects.toThrow('events must be');
  });
});
