import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { join } from 'node:path';
import { EventGenerator } from './events.js';
import { jsonPathsText } from './json-text.js';
import { LineFile } from './line-file.js';
import { PlayPicker } from './plays.js';
import { Random } from './random.js';
import { writeSongs } from './songs.js';
import { makeUsers, userCount } from './users.js';

export interface GenerateOptions {
  /** Output folder: created if missing; one that holds anything is refused (ConfigError). */
  out: string;
  /** Number of song files (at least 1). */
  songs: number;
  /** Number of events, exactly (0 or more). */
  events: number;
  /** Same seed, same bytes. Default 42. */
  seed?: number;
  /** Called every 1,000 songs and every ~1 MB of events, with the counts written so far. */
  onProgress?: (p: { songs: number; events: number }) => void;
}

export interface GenerateResult {
  songFiles: number;
  events: number;
  /** Lines with page "NextSong": the number of songplays an ETL must build. */
  nextSongEvents: number;
  logFiles: number;
  /** Distinct non-empty userId over all events. */
  users: number;
  /** NextSong events whose (song, artist, length) equals a song file's (title, artist_name, duration). */
  matchedPlays: number;
  bytes: number;
}

/** The logs cover November 2018, one file per UTC day, as the real ones do. */
const FIRST_DAY = Date.UTC(2018, 10, 1);
const DAYS = 30;

/** The start of day `day` (0-based) of the logs, epoch ms UTC. */
function dayStart(day: number): number {
  return FIRST_DAY + day * 86_400_000;
}

/**
 * Writes a synthetic Sparkify dataset in the exact formats of the real one: song_data/X/Y/Z/TR....json,
 * log_data/2018/11/2018-11-DD-events.json (NDJSON) and log_json_path.json. Deterministic for a given seed;
 * memory stays flat whatever the event count. Yields to the event loop regularly so a spinner can run.
 */
export async function generateDataset(options: GenerateOptions): Promise<GenerateResult> {
  const { out, songs, events, onProgress } = options;
  const seed = options.seed ?? 42;
  if (!Number.isInteger(songs) || songs < 1) throw new Error(`songs must be an integer of at least 1, got ${songs}`);
  if (!Number.isInteger(events) || events < 0) throw new Error(`events must be an integer of at least 0, got ${events}`);
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);

  // Never into a folder that holds anything: the generator's files would mix with, or replace, what is there.
  if (existsSync(out) && readdirSync(out).length > 0) throw new ConfigError(`${out}: the folder is not empty; generate into a new or empty folder`);
  mkdirSync(out, { recursive: true });
  const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const catalog = await writeSongs(out, songs, seed, async (written) => {
    onProgress?.({ songs: written, events: 0 });
    await pause();
  });
  const jsonPaths = jsonPathsText();
  writeFileSync(join(out, 'log_json_path.json'), jsonPaths);

  const users = makeUsers(userCount(events), seed);
  const generator = new EventGenerator(users, new PlayPicker(catalog, events, seed), seed);
  const logDir = join(out, 'log_data', '2018', '11');
  mkdirSync(logDir, { recursive: true });
  let logFiles = 0;
  let logBytes = 0;
  const perDay = splitByDay(events, seed);
  for (let day = 0; day < DAYS; day++) {
    const count = perDay[day]!;
    // A day without events gets no file: an empty file is not a valid log.
    if (count === 0) continue;
    const date = new Date(dayStart(day)).toISOString().slice(0, 10);
    const file = new LineFile(join(logDir, `${date}-events.json`));
    try {
      await generator.writeDay(file, dayStart(day), count, async () => {
        onProgress?.({ songs, events: generator.counts.events });
        await pause();
      });
    } finally {
      file.close();
    }
    logFiles++;
    logBytes += file.bytes;
    onProgress?.({ songs, events: generator.counts.events });
    await pause();
  }
  const { counts } = generator;
  if (counts.events !== events) throw new Error(`internal error: wrote ${counts.events} events, expected ${events}`);
  return {
    songFiles: songs,
    events: counts.events,
    nextSongEvents: counts.nextSong,
    logFiles,
    users: users.filter((u) => u.seen).length,
    matchedPlays: counts.matched,
    bytes: catalog.bytes + jsonPaths.length + logBytes,
  };
}

/** Splits the events over the days exactly (largest remainder), weekends a little quieter, every day a bit different. */
function splitByDay(events: number, seed: number): number[] {
  const r = new Random(seed, 'days');
  const weights = Array.from({ length: DAYS }, (_, day) => {
    const weekday = new Date(dayStart(day)).getUTCDay();
    return (weekday === 0 || weekday === 6 ? 0.8 : 1) * r.float(0.75, 1.25);
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (events * w) / total);
  const counts = exact.map(Math.floor);
  let missing = events - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, day) => ({ day, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.day - b.day);
  for (const { day } of byRemainder) {
    if (missing-- <= 0) break;
    counts[day]!++;
  }
  return counts;
}
