import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';
import { writeFixture } from './helpers/fixture.js';
import { KEY, renderApp } from './helpers/harness.js';

const engine = enginesUnderTest()[0]!;
const temps: (() => void)[] = [];
afterAll(async () => {
  await engine.cleanup();
  for (const t of temps) t();
});

const play = (ts: number, item: number) =>
  JSON.stringify({ artist: 'New Artist', auth: 'Logged In', firstName: 'Cy', gender: 'F', itemInSession: item, lastName: 'Do', length: 100.5, level: 'free',
    location: 'Oslo', method: 'PUT', page: 'NextSong', registration: 1.5e12, sessionId: 90, song: 'New Song', status: 200, ts, userAgent: 'UA', userId: '77' });

describe('ETL screen, incremental', () => {
  it('says what is new since the last run, i switches to incremental, and the result says what was added', async () => {
    const t = tempDir('sparkify-tui-incremental-');
    temps.push(t.cleanup);
    const fixture = writeFixture(t.dir);
    const app = await renderApp(engine.config({ ...fixture, maxErrors: 0 }), { route: 'etl' });
    // Nothing loaded yet: an incremental run would load every file.
    let frame = await app.see('enter start', 'Incremental: no earlier load to add to');
    expect(frame).toContain('replaces the contents of the tables with it (a full load)');
    await app.press(KEY.enter);
    await app.see('ETL done in');

    // A new day of logs arrives; back on the screen it is counted.
    writeFileSync(join(fixture.logData, 'zz-new-day.json'), `${play(Date.UTC(2018, 10, 5, 8), 0)}\n${play(Date.UTC(2018, 10, 5, 9), 1)}\n`);
    await app.press('q');
    await app.connected();
    await app.press(KEY.down, KEY.enter);
    frame = await app.see('enter start', 'New since run #1: 1 log file(s), 0 song file(s)');
    await app.press('i');
    frame = await app.see('merges only the files no run has loaded (incremental). The steps:', 'i full load');
    await app.press(KEY.enter);
    frame = await app.see('ETL done in');
    expect(frame).toContain('Added: 2 plays, 1 users new or updated, 0 songs, 0 artists, 2 start times');
    await app.close();
  }, 120_000);
});
