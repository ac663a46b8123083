import { describe, expect, it } from 'vitest';
import { KEY, renderApp, tick, type Harness } from './helpers/harness.js';
import { loadedFixture } from './helpers/loaded-fixture.js';

// What the query screen got wrong as a workbench: each case as a person met it in a terminal.
const config = loadedFixture('sparkify-tui-workbench-');

/** The query screen on a loaded warehouse, once its list of insights shows. */
async function openQuery(): Promise<Harness> {
  const app = await renderApp(config(), { route: 'query' });
  await app.see('› Top songs');
  return app;
}

describe('the query screen as a workbench', () => {
  it('takes two backspaces that arrive in one chunk as two', async () => {
    const app = await openQuery();
    await app.press('p');
    await app.see('› limit  10');
    await app.press(KEY.backspace + KEY.backspace);
    await app.press('2', '5');
    await app.see('› limit  25');
    await app.close();
  });

  it('names a bad parameter as such, and drops the error once the value is fixed', async () => {
    const app = await openQuery();
    await app.press('p', KEY.backspace, KEY.backspace, 'x', KEY.enter);
    let frame = await app.see('✗ Bad parameter');
    expect(frame).not.toContain('Configuration error');
    expect(frame).toContain('limit = "x": expected a whole number');
    await app.press(KEY.backspace, '3');
    frame = await app.see('› limit  3');
    expect(frame).not.toContain('Bad parameter');
    await app.close();
  });

  it('clears the confirmation and the last heading after a statement fails', async () => {
    const app = await openQuery();
    await app.press('s', 'SELECT 42 AS answer', KEY.enter);
    await app.see(/1 row · /);
    await app.press('s');
    for (let i = 0; i < 'SELECT 42 AS answer'.length; i++) await app.press(KEY.backspace);
    await app.press('UPDATE no_such_table SET x = 1', KEY.enter);
    await app.see('UPDATE changes data. Run it?');
    await app.press('y');
    const frame = await app.see('✗ ');
    expect(frame).toContain('no_such_table');
    expect(frame).not.toContain('Run it?');
    expect(frame).not.toContain('SELECT 42 AS answer');
    await app.close();
  });

  it('asks again before running a statement that changes data from the history', async () => {
    const app = await openQuery();
    await app.press('s', "UPDATE users SET level = 'paid' WHERE user_id = 11", KEY.enter);
    await app.see('UPDATE changes data. Run it?');
    await app.press('y');
    await app.see('1 row affected');
    await app.press(KEY.escape, 'h');
    await app.see('SQL UPDATE users');
    await app.press(KEY.enter);
    const frame = await app.see('UPDATE changes data. Run it?');
    expect(app.store.history()).toHaveLength(1);
    await app.press('n');
    await tick(100);
    expect(app.frame()).not.toContain('Run it?');
    expect(app.store.history()).toHaveLength(1);
    expect(frame).toContain(' No   Run it ');
    await app.close();
  });
});
