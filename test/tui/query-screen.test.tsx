import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/paths.js';
import { KEY, renderApp, type Harness } from './helpers/harness.js';
import { loadedFixture } from './helpers/loaded-fixture.js';

const config = loadedFixture('sparkify-tui-query-');

async function clearField(app: Harness, length: number): Promise<void> {
  for (let i = 0; i < length; i++) await app.press(KEY.backspace);
}

describe('query screen', () => {
  it('lists the insights with the question of the chosen one and runs it into a fitted table', async () => {
    const app = await renderApp(config(), { route: 'query' });
    let frame = await app.see('Insights', '› Top songs', 'enter run');
    expect(frame).toContain('│ Which songs are played most, by how many listeners,\n');
    expect(frame).toContain('│ and are they in our catalog?\n');
    expect(frame).toContain('limit=10 level=all');
    expect(frame).toContain('Users not seen recently');
    expect(frame).toContain('enter runs it; p edits its parameters first.');
    await app.press(KEY.enter);
    frame = await app.see(/3 rows · \d+\.\d\d s/);
    // 80 columns: the columns keep their width (headers whole); the one that does not fit is a scroll away.
    expect(frame).toMatch(/rank │ song\s+│ artist\s+│ plays │ listeners\n/);
    expect(frame).toContain('1 more →');
    expect(frame).toMatch(/1 │ You're The One\s+│ Dwight Yoakam\s+│\s+5 │\s+3\n/);
    expect(frame).toMatch(/2 │ Yellow\s+│ Coldplay\s+│\s+3 │/);
    expect(frame).toMatch(/3 │ Clocks\s+│ Coldplay\s+│\s+1 │/);
    for (const line of frame.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(frame).toContain('↑↓ scroll  ←→ columns  v record  c chart  e export  tab insights');
    await app.press(KEY.right);
    frame = await app.see('in_catalog');
    expect(frame).toMatch(/rank │ song\s+│ artist\s+│ plays │ listeners │ in_catalog\n|rank │ artist/);
    // q goes back to the list, where the right side follows the choice; q again goes to the connect screen.
    await app.press('q');
    await app.see('↑↓ choose  enter run');
    await app.press(KEY.down);
    frame = await app.see('│ Top artists', 'enter runs it; p edits its parameters first.');
    expect(frame).not.toContain("You're The One");
    await app.press('?');
    frame = await app.see('Press any key to close this help.');
    expect(frame).toContain('Query runs the saved insights');
    expect(frame).toMatch(/e\s+export the whole result to a CSV file \(asks for the path\)/);
    await app.press(' ');
    await app.see('↑↓ choose  enter run');
    await app.press('q');
    await app.see('Sparkify DWH › Connect');
    await app.close();
  });

  it('edits the parameters before running, and names a bad value', async () => {
    const app = await renderApp(config(), { route: 'query' });
    await app.see('› Top songs');
    await app.press('p');
    let frame = await app.see('› limit  10', 'limit: how many songs to show');
    expect(frame).toContain('tab/↓ next  enter run  esc cancel');
    await clearField(app, 2);
    await app.press('x', KEY.enter);
    frame = await app.see('✗ Bad parameter');
    expect(frame).toContain('top-songs: limit = "x": expected a whole number');
    await app.press(KEY.backspace, '1', KEY.tab);
    await app.see('› level  all', 'free, paid or all users');
    await app.press(KEY.enter);
    frame = await app.see(/1 row · /);
    expect(frame).toContain('showing the top 1 (p for more)');
    expect(frame).toContain('limit=1 level=all');
    await app.close();
  });

  it('toggles a bar chart with c', async () => {
    const app = await renderApp(config(), { route: 'query' });
    await app.see('› Top songs');
    await app.press(KEY.enter);
    await app.see(/3 rows · /);
    await app.press('c');
    const frame = await app.see('plays by song');
    // Bars in eighths of a character: 5, 3 and 1 plays.
    const bars = [/You're The One (█+) +5\n/, /Yellow {9}(█+[▏▎▍▌▋▊▉]?) +3\n/, /Clocks {9}(█+[▏▎▍▌▋▊▉]?) +1\n/].map((re) => re.exec(frame)?.[1] ?? '');
    const eighths = bars.map((b) => [...b].reduce((n, c) => n + (c === '█' ? 8 : '▏▎▍▌▋▊▉'.indexOf(c) + 1), 0));
    expect(eighths[0]).toBeGreaterThan(100);
    expect(eighths[1]! / eighths[0]!).toBeCloseTo(3 / 5, 1);
    expect(eighths[2]! / eighths[0]!).toBeCloseTo(1 / 5, 1);
    await app.press('c');
    await app.see('rank │ song');
    await app.close();
  });

  it('exports the result to the CSV file named at the prompt', async () => {
    const out = tempDir('sparkify-tui-export-');
    const app = await renderApp(config(), { route: 'query' });
    await app.see('› Top songs');
    await app.press(KEY.enter);
    await app.see(/3 rows · /);
    await app.press('e');
    await app.see('Export CSV to: ./top-songs.csv');
    await clearField(app, './top-songs.csv'.length);
    const path = join(out.dir, 'songs.csv');
    await app.press(path, KEY.enter);
    const frame = await app.see('✓ Wrote 3 rows to');
    expect(frame.replace(/\s+/g, '')).toContain(path.replace(/\s+/g, ''));
    const records = parse(readFileSync(path, 'utf8')) as string[][];
    expect(records[0]).toEqual(['rank', 'song', 'artist', 'plays', 'listeners', 'in_catalog']);
    expect(records.slice(1).map((r) => [r[1], r[3]])).toEqual([
      ["You're The One", '5'],
      ['Yellow', '3'],
      ['Clocks', '1'],
    ]);
    await app.close();
    out.cleanup();
  });

  it('runs free SQL, asking before a statement that changes data', async () => {
    const app = await renderApp(config(), { route: 'query' });
    await app.see('› Top songs');
    await app.press('s');
    await app.see('SQL› ');
    await app.press('SELECT COUNT(*) AS plays FROM songplays', KEY.enter);
    let frame = await app.see(/1 row · /);
    expect(frame).toMatch(/│ plays\n.*│ ─────\n.*│ {5}9\n/);
    await app.press('s');
    await app.see('SQL› SELECT COUNT(*)');
    await clearField(app, 'SELECT COUNT(*) AS plays FROM songplays'.length);
    await app.press("UPDATE users SET level = 'paid' WHERE user_id = 11", KEY.enter);
    frame = await app.see('UPDATE changes data. Run it?');
    expect(frame).toContain(' No   Run it ');
    await app.press('n');
    await app.see('enter run  esc cancel');
    await app.press(KEY.enter);
    await app.see('UPDATE changes data. Run it?');
    await app.press('y');
    frame = await app.see('1 row affected');
    await app.close();
  });

  it('scrolls a long result with the arrow keys and page keys', async () => {
    const app = await renderApp(config(), { route: 'query' });
    await app.see('› Top songs');
    await app.press('s', 'SELECT n FROM generate_series(1, 50) AS n', KEY.enter);
    let frame = await app.see('50 rows · ');
    expect(frame).toMatch(/1-12 of 50/);
    await app.press(KEY.down);
    frame = await app.see('2-13 of 50');
    await app.press(KEY.pageDown);
    frame = await app.see('14-25 of 50');
    expect(frame).toMatch(/│ ──\n.*│ 14\n/);
    await app.press(KEY.pageDown, KEY.pageDown, KEY.pageDown);
    frame = await app.see('39-50 of 50');
    await app.press(KEY.pageUp);
    await app.see('27-38 of 50');
    await app.close();
  });

  it('keeps a history of past queries and runs one again', async () => {
    const store = tempDir('sparkify-tui-history-');
    let app = await renderApp(config(), { route: 'query', storeDir: store.dir });
    await app.see('› Top songs');
    await app.press(KEY.down, KEY.enter);
    await app.see(/rows · /, 'Top artists');
    await app.press(KEY.tab, 's', 'SELECT 42 AS answer', KEY.enter);
    // The statement is on show in the SQL cell as soon as it is typed: wait for its result.
    await app.see(/1 row · /, '│ answer');
    expect(app.store.history().map((h) => h.text)).toEqual(['SELECT 42 AS answer', 'top-artists']);
    await app.close();
    // A new session reads the same history.
    app = await renderApp(config(), { route: 'query', storeDir: store.dir });
    await app.see('› Top songs');
    await app.press('h');
    const frame = await app.see('SQL SELECT 42 AS answer', 'top-artists');
    expect(frame.indexOf('SQL SELECT 42')).toBeLessThan(frame.indexOf('top-artists'));
    await app.press(KEY.down, KEY.enter);
    await app.see('› Top artists', /rows · /);
    await app.close();
    store.cleanup();
  });

  it('fits the table to a wider terminal after a resize', async () => {
    const app = await renderApp(config(), { route: 'query' });
    await app.see('› Top songs');
    await app.press('s', "SELECT 'a rather long text that needs more room than forty columns to show' AS t, 1 AS n", KEY.enter);
    let frame = await app.see('1 row · ');
    expect(frame).toContain('…');
    app.resize(160, 30);
    frame = await app.see('a rather long text that needs more room than forty columns to show');
    await app.close();
  });
});
