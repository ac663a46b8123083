import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';
import { cli } from '../helpers/cli-in-process.js';

describe('sparkify generate, then etl, on the embedded engine', () => {
  const t = tempDir();
  const engine = enginesUnderTest()[0]!;
  afterAll(async () => {
    await engine.cleanup();
    t.cleanup();
  });

  it('loads every generated NextSong event as a play, and matches the generated catalog plays', async () => {
    const out = join(t.dir, 'g');
    const generated = await cli(['generate', '--out', out, '--songs', '300', '--events', '6000', '--seed', '3', '--json']);
    expect(generated.code).toBe(0);
    const facts = JSON.parse(generated.stdout) as { events: number; nextSongEvents: number; matchedPlays: number; songFiles: number };
    expect(facts).toMatchObject({ events: 6000, songFiles: 300 });
    const db = engine.flags(engine.config());
    const etl = await cli(['etl', '--yes', ...db, '--song-data', join(out, 'song_data'), '--log-data', join(out, 'log_data'), '--log-jsonpath', join(out, 'log_json_path.json')]);
    expect(etl.stderr).toBe('');
    expect(etl.code).toBe(0);
    const counts = await cli(['sql', 'SELECT COUNT(*) AS plays, COUNT(song_id) AS matched FROM songplays', '--format', 'json', ...db]);
    expect(JSON.parse(counts.stdout)).toEqual([{ plays: facts.nextSongEvents, matched: facts.matchedPlays }]);
    const staged = await cli(['sql', 'SELECT COUNT(*) AS n FROM staging_events', '--format', 'json', ...db]);
    expect(JSON.parse(staged.stdout)).toEqual([{ n: 6000 }]);
  });

  it('refuses to write into a folder that is not empty', async () => {
    const run = await cli(['generate', '--out', t.dir, '--songs', '1', '--events', '1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/the folder is not empty/);
  });
});
