import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/etl/run-pipeline.js';
import { etlSteps } from '../../src/etl/steps.js';
import type { PipelineEvent } from '../../src/etl/events.js';
import { enginesUnderTest, openFor } from '../helpers/engines.js';
import { HAS_SHARED, SAMPLE, SONGS_LARGE } from '../helpers/paths.js';

// The checks on the real sample data: .ci/run requires ../shared/data, so its absence fails here.
if (!HAS_SHARED) throw new Error(`the sample data is missing: expected ${SAMPLE}/COUNTS.txt`);

/** COUNTS.txt's `key=value  # comment` lines. */
function counts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync(join(SAMPLE, 'COUNTS.txt'), 'utf8').split('\n')) {
    const m = /^([\w.]+)=(\d+)/.exec(line);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

describe.each(enginesUnderTest())('the real sample on $name', (engine) => {
  afterAll(() => engine.cleanup());
  const expected = counts();

  it('builds the tables COUNTS.txt gives', async () => {
    const config = engine.config({ songData: join(SAMPLE, 'song_data'), logData: join(SAMPLE, 'log_data'), logJsonPath: join(SAMPLE, 'log_json_path.json') });
    const events: PipelineEvent[] = [];
    const result = await runPipeline({ config, steps: etlSteps(), emit: (e) => events.push(e) });
    expect(events.filter((e) => e.type === 'step-error')).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.counts).toEqual({
      staging_events: expected['gt.staging_events'],
      staging_songs: expected['gt.staging_songs'],
      songplays: expected['gt.songplays'],
      users: expected['gt.users'],
      songs: expected['gt.songs'],
      artists: expected['gt.artists'],
      time: expected['gt.time'],
    });
    const warehouse = await openFor(config);
    try {
      const matched = await warehouse.query('SELECT song_id, artist_id, user_id, start_time FROM songplays WHERE song_id IS NOT NULL');
      expect(matched.rows).toHaveLength(expected['gt.songplays_matched']!);
      expect(matched.rows[0]).toMatchObject({ song_id: 'SOZCTXZ12AB0182364', artist_id: 'AR5KOSW1187FB35FF4', user_id: 15 });
      expect((matched.rows[0]!.start_time as Date).getTime()).toBe(1542837407796);
      const levels = await warehouse.query<{ level: string; n: number }>('SELECT level, COUNT(*) AS n FROM users GROUP BY level ORDER BY level');
      expect(levels.rows.map((r) => [r.level, Number(r.n)])).toEqual([
        ['free', 74],
        ['paid', 22],
      ]);
      const top = await warehouse.query('SELECT song_title, artist_name, COUNT(*) AS n FROM songplays GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1');
      expect(top.rows[0]).toMatchObject({ song_title: "You're The One", artist_name: 'Dwight Yoakam' });
      expect(Number(top.rows[0]!.n)).toBe(37);
    } finally {
      await warehouse.close();
    }
  });

  it('matches 39 plays and keeps one row per artist id with the 1,943-song slice', async () => {
    const config = engine.config({ songData: join(SONGS_LARGE, 'song_data'), logData: join(SAMPLE, 'log_data'), logJsonPath: join(SAMPLE, 'log_json_path.json') });
    const result = await runPipeline({ config, steps: etlSteps(), emit: () => undefined });
    expect(result.ok).toBe(true);
    expect(result.counts).toMatchObject({ staging_songs: expected['large.song_files'], artists: expected['large.distinct_artist_id'], songplays: 6820 });
    const warehouse = await openFor(config);
    try {
      const matched = await warehouse.query('SELECT COUNT(*) AS n FROM songplays WHERE song_id IS NOT NULL');
      expect(Number(matched.rows[0]!.n)).toBe(expected['large.songplays_matched']);
      // A JSON number in a text column arrives as its text.
      const numeric = await warehouse.query("SELECT COUNT(*) AS n FROM staging_songs WHERE artist_name IN ('112', '2562') OR artist_location IN ('108', '27')");
      expect(Number(numeric.rows[0]!.n)).toBe(4);
    } finally {
      await warehouse.close();
    }
  });
});
