import { describe, expect, it } from 'vitest';
import { KEY, renderApp } from './helpers/harness.js';
import { loadedFixture } from './helpers/loaded-fixture.js';

// Each `press` argument below is ONE write to stdin: the keys arrive together, as from `tmux send-keys
// Down Down Enter`, a paste or a fast typist, and ink emits them one after the other in the same tick.
const config = loadedFixture('sparkify-tui-burst-');

describe('keys that arrive together', () => {
  it('↓ ↓ enter in one chunk runs the insight the highlight moved to', async () => {
    const app = await renderApp(config(), { route: 'query' });
    await app.see('› Top songs');
    await app.press(KEY.down + KEY.down + KEY.enter);
    const frame = await app.see(/0 rows · /);
    expect(frame).toContain('│ Catalog gaps');
    expect(frame).toContain('› Catalog gaps');
    expect(frame).toContain('artist_in_catalog');
    expect(frame).not.toContain("You're The One");
    expect(app.store.history().map((h) => h.text)).toEqual(['catalog-gaps']);
    await app.close();
  });

  it('letters typed together are commands one by one, and text for a field once it is open', async () => {
    const app = await renderApp(config(), { route: 'query' });
    await app.see('› Top songs');
    // j j enter: as ink reports it, the single string "jj\r".
    await app.press('jj\r');
    await app.see('│ Catalog gaps', /0 rows · /);
    // tab back to the list, s opens the SQL cell, the statement is typed into it and enter runs it.
    await app.press(`${KEY.tab}sSELECT 6 * 7 AS answer\r`);
    const frame = await app.see(/1 row · /, 'answer');
    expect(frame).toMatch(/│ answer\n.*│ ──────\n.*│ {5}42\n/);
    expect(app.store.history().map((h) => h.text)).toEqual(['SELECT 6 * 7 AS answer', 'catalog-gaps']);
    await app.close();
  });

  it('text and the enter after it in one chunk, into a field already open, are the text and then enter', async () => {
    const app = await renderApp(config(), { route: 'query' });
    await app.see('› Top songs');
    await app.press('s');
    await app.see('SQL›');
    // As `tmux send-keys -l TEXT` then `Enter` arrive under load: one string, the line break last.
    await app.press('SELECT 6 * 7 AS answer\r');
    const frame = await app.see(/1 row · /, 'answer');
    expect(frame).toMatch(/│ {5}42\n/);
    // A line break inside a paste stays text (a space), so a pasted statement is not cut short and run.
    await app.press(KEY.escape, 's');
    await app.see('SQL›');
    await app.press('\u0015', 'SELECT 1 AS one,\r2 AS two');
    await app.see('SQL› SELECT 1 AS one, 2 AS two');
    await app.close();
  });

  it('a key after one that changes screens goes to the new screen', async () => {
    const app = await renderApp(config(), { route: 'query' });
    await app.see('› Top songs');
    // q leaves the query screen; ? opens the help of the connect screen, not of the query screen.
    await app.press('q?');
    const frame = await app.see('Press any key to close this help.');
    expect(frame).toContain('Connect shows where the warehouse is');
    expect(frame).not.toContain('Query runs the saved insights');
    await app.close();
  });
});
