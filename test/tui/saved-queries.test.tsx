import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/paths.js';
import { KEY, renderApp } from './helpers/harness.js';
import { loadedFixture } from './helpers/loaded-fixture.js';

const config = loadedFixture('sparkify-tui-saved-');
const temp = tempDir('sparkify-tui-saved-queries-');
afterAll(() => temp.cleanup());
const flat = (frame: string): string => frame.replace(/\s+/g, ' ');

describe('your own queries on the query screen', () => {
  it('lists a saved query after the built-in insights, marked ✎, and runs it with its parameters', async () => {
    const dir = join(temp.dir, 'listed');
    mkdirSync(dir);
    writeFileSync(join(dir, 'levels.sql'), '-- title: Plays per level\n-- param: limit integer 5 1 10\nSELECT level, COUNT(*) AS plays FROM songplays GROUP BY level ORDER BY level LIMIT $1\n');
    const app = await renderApp({ ...config(), queriesDir: dir }, { route: 'query' });
    await app.see('› Top songs');
    await app.press(KEY.up);
    let frame = await app.see('› ✎ Plays per level');
    await app.press(KEY.enter);
    frame = await app.see(/\d+ rows? · /);
    expect(frame).toMatch(/level │ plays/);
    expect(frame).toContain('limit=5');
    await app.close();
  });

  it('saves the SELECT just run as a new query file (id, then title), lists it, and never overwrites a file', async () => {
    const dir = join(temp.dir, 'saving');
    const app = await renderApp({ ...config(), queriesDir: dir }, { route: 'query' });
    await app.see('› Top songs');
    await app.press('s', 'SELECT COUNT(*) AS users FROM users', KEY.enter);
    let frame = await app.see(/1 row · /, 'w save');
    await app.press('w');
    await app.see('Save as query, id (file name):');
    await app.press('user-count', KEY.enter);
    await app.see('Title:');
    await app.press('How many users', KEY.enter);
    frame = flat(await app.see('✓ Saved as'));
    const file = join(dir, 'user-count.sql');
    expect(frame).toContain('user-count.sql');
    expect(frame).toContain('✎ How many us');
    expect(readFileSync(file, 'utf8')).toBe('-- title: How many users\nSELECT COUNT(*) AS users FROM users\n');
    // Saving again under the same id is refused; the file is as it was.
    await app.press('w', 'user-count', KEY.enter, 'Another title', KEY.enter);
    frame = flat(await app.see('✗ Configuration error'));
    expect(frame).toContain('exists; choose another id (nothing was overwritten)');
    expect(readFileSync(file, 'utf8')).toContain('How many users');
    await app.press('q', KEY.up);
    await app.see('› ✎ How many users');
    // Esc leaves the prompt without writing anything.
    await app.press(KEY.tab, 'w', 'other', KEY.escape);
    expect(existsSync(join(dir, 'other.sql'))).toBe(false);
    await app.close();
  });

  it('a bad query file is said on the screen; the built-in insights still work', async () => {
    const dir = join(temp.dir, 'broken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'bad.sql'), '-- title: Bad\n-- colour: red\nSELECT 1\n');
    const app = await renderApp({ ...config(), queriesDir: dir }, { route: 'query' });
    const frame = flat(await app.see('› Top songs', 'not listed'));
    expect(frame).toContain('bad.sql:2: unknown header "colour"');
    await app.close();
  });
});
