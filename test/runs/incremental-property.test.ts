import fc from 'fast-check';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DwhConfig } from '../../src/config/dwh-cfg.js';
import { runPipeline } from '../../src/etl/run-pipeline.js';
import { createTablesSteps, etlSteps } from '../../src/etl/steps.js';
import { enginesUnderTest, openFor } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';
import { starWithoutIds } from '../helpers/star-dump.js';

/**
 * The invariant of incremental loads: after any sequence of incremental runs over growing input, in any order of
 * arrival, every star table equals what a full load of the same input builds. The generated files are made to
 * disagree where the picks matter: users change level and name between files whose times interleave (a late file
 * holds older plays), song records of one title, artist and duration in several files, one artist id with
 * conflicting names and places, years that order the artist pick.
 */
const USERS = [1, 2, 3];
const TITLES = ['Alpha', 'Beta', 'Beta ', 'Gamma'];

interface Play { user: number; ts: number; session: number; item: number; level: string; first: string; title: string; artist: string; length: number }
interface Song { id: string; artist: string; artistName: string; title: string; duration: number; year: number; location: string; lat: number | null }

const play = fc.record({
  user: fc.constantFrom(...USERS),
  ts: fc.integer({ min: 0, max: 40 }),
  session: fc.integer({ min: 1, max: 3 }),
  level: fc.constantFrom('free', 'paid'),
  first: fc.constantFrom('Ann', 'Bo'),
  title: fc.constantFrom(...TITLES),
  artist: fc.constantFrom('Ana', 'Bob'),
  length: fc.constantFrom(100, 200),
});
const song = fc.record({
  id: fc.constantFrom('SA', 'SB', 'SC', 'SD'),
  artist: fc.constantFrom('AR1', 'AR2'),
  artistName: fc.constantFrom('Ana', 'Bob', ''),
  title: fc.constantFrom(...TITLES),
  duration: fc.constantFrom(100, 200),
  year: fc.integer({ min: 0, max: 3 }),
  location: fc.constantFrom('', 'Oslo', 'Rome'),
  lat: fc.option(fc.constantFrom(1.5, 2.5), { nil: null }),
});

/** Files (each a list of plays or songs), and the batches they arrive in: a permutation cut into runs. */
const scenario = fc
  .record({
    logs: fc.array(fc.array(play, { minLength: 1, maxLength: 6 }), { minLength: 2, maxLength: 5 }),
    songs: fc.array(fc.array(song, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
  })
  .chain((files) => {
    // The first run needs a log file and a song file (it is a full load, and a full load of nothing is refused).
    const rest = [...files.logs.slice(1).map((_, i) => `log-${i + 1}`), ...files.songs.slice(1).map((_, i) => `song-${i + 1}`)];
    return fc.record({
      files: fc.constant(files),
      order: fc.shuffledSubarray(rest, { minLength: rest.length, maxLength: rest.length }).map((r) => ['log-0', 'song-0', ...r]),
      cuts: fc.array(fc.boolean(), { minLength: rest.length + 2, maxLength: rest.length + 2 }).map((c) => [false, ...c.slice(1)]),
    });
  });

function writeLog(path: string, plays: readonly Omit<Play, 'item'>[], base: number): void {
  const lines = plays.map((p, i) =>
    JSON.stringify({
      artist: p.artist, auth: 'Logged In', firstName: p.first, gender: 'F', itemInSession: base + i, lastName: 'Lee', length: p.length,
      level: p.level, location: 'Reno, NV', method: 'PUT', page: 'NextSong', registration: 1.5e12, sessionId: p.session, song: p.title,
      status: 200, ts: Date.UTC(2018, 10, 1) + p.ts * 1000, userAgent: 'UA', userId: String(p.user),
    }),
  );
  writeFileSync(path, `${lines.join('\n')}\n`);
}

function writeSongs(dir: string, songs: readonly Song[]): void {
  mkdirSync(dir, { recursive: true });
  songs.forEach((s, i) =>
    writeFileSync(
      join(dir, `${i}.json`),
      JSON.stringify({
        num_songs: 1, artist_id: s.artist, artist_latitude: s.lat, artist_longitude: null, artist_location: s.location,
        artist_name: s.artistName, song_id: s.id, title: s.title, duration: s.duration, year: s.year,
      }),
    ),
  );
}

async function load(config: DwhConfig, mode: 'full' | 'incremental'): Promise<void> {
  const result = await runPipeline({ config: { ...config, etlMode: mode }, steps: etlSteps(), emit: () => undefined, run: { command: 'etl' } });
  if (!result.ok) throw new Error(`the ${mode} load failed`);
}

const engine = enginesUnderTest().at(-1)!;

describe(`incremental loads equal full loads, for any order of arrival (${engine.name})`, () => {
  afterAll(() => engine.cleanup());

  it('holds on generated files that disagree', async () => {
    const dir = tempDir('sparkify-incremental-property-');
    const inputs = { logData: join(dir.dir, 'logs'), songData: join(dir.dir, 'songs'), logJsonPath: 'auto ignorecase' };
    const incremental = engine.config(inputs);
    const full = engine.config(inputs);
    try {
      await fc.assert(
        fc.asyncProperty(scenario, async ({ files, order, cuts }) => {
          rmSync(inputs.logData, { recursive: true, force: true });
          rmSync(inputs.songData, { recursive: true, force: true });
          mkdirSync(inputs.logData);
          mkdirSync(inputs.songData);
          // create-tables empties the star: the next incremental run starts over with a full load.
          for (const config of [incremental, full]) {
            const reset = await runPipeline({ config, steps: createTablesSteps(), emit: () => undefined, run: { command: 'create-tables' } });
            expect(reset.ok).toBe(true);
          }
          let item = 0;
          for (let i = 0; i < order.length; i++) {
            const name = order[i]!;
            const n = Number(name.split('-')[1]);
            if (name.startsWith('log')) {
              writeLog(join(inputs.logData, `${name}.json`), files.logs[n]!, item);
              item += 100;
            } else writeSongs(join(inputs.songData, name), files.songs[n]!);
            if (cuts[i] || i === order.length - 1) await load(incremental, 'incremental');
          }
          await load(full, 'full');
          const [a, b] = [await openFor(incremental), await openFor(full)];
          try {
            expect(await starWithoutIds(a)).toEqual(await starWithoutIds(b));
          } finally {
            await a.close();
            await b.close();
          }
        }),
        { numRuns: engine.name === 'postgres' ? 25 : 6, endOnFailure: true },
      );
    } finally {
      dir.cleanup();
    }
  }, 300_000);
});
