import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/dwh-cfg.js';
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

function config() {
  const t = tempDir('sparkify-tui-input-');
  temps.push(t.cleanup);
  return engine.config(writeFixture(t.dir));
}

describe('create tables screen', () => {
  it('lists every table it drops and creates, and asks with No as the default', async () => {
    const app = await renderApp(config(), { route: 'create-tables' });
    const frame = await app.see('These tables are dropped, then created empty:', /staging_events\s+staging\s+new\s+one app event \(log line\)/);
    expect(frame).toMatch(/songplays\s+fact\s+new/);
    expect(frame).toMatch(/artists\s+dimension\s+new\s+one artist_id/);
    expect(frame).toContain('Drop and create all 7 tables?');
    expect(frame).toContain(' No   Drop and create ');
    expect(frame).toContain('y drop and create  n cancel  ? help  q back');
    // Enter on the default answer changes nothing and goes back.
    await app.press(KEY.enter);
    await app.see('Sparkify DWH › Connect');
    await app.connected();
    expect(app.frame()).toMatch(/songplays\s+missing/);
    await app.close();
  });

  it('drops and creates the tables once confirmed with → and enter, then offers the ETL', async () => {
    const app = await renderApp(config(), { route: 'create-tables' });
    await app.see('Drop and create all 7 tables?', 'staging_events');
    await app.press(KEY.right, KEY.enter);
    const frame = await app.see('✓ 7 tables created, empty.');
    expect(frame).toMatch(/✓ Drop and create all tables\s+\d+\.\d\d s/);
    await app.see('0 rows');
    expect(app.frame()).toMatch(/songplays\s+fact\s+0 rows/);
    expect(app.frame()).toContain('enter run the ETL');
    await app.press(KEY.enter);
    await app.see('Sparkify DWH › ETL', 'enter start');
    await app.close();
  });

  it('says when the rows cannot be counted, and still asks first', async () => {
    // Nothing listens on port 1: opening the connection fails at once.
    const unreachable = loadConfig('no-such-dwh.cfg', { overrides: { engine: 'postgres', url: 'postgres://sparkify@127.0.0.1:1/sparkify' }, env: {} });
    const app = await renderApp(unreachable, { route: 'create-tables' });
    const frame = await app.see('The rows could not be counted: how many would be lost is not known.');
    expect(frame).toContain('✗ Server not running');
    expect(frame).toContain('connection refused: nothing listens on port 1');
    expect(frame).toContain('Drop and create all 7 tables?');
    expect(frame).toContain(' No   Drop and create ');
    expect(frame).not.toMatch(/\n\s+at /);
    await app.close();
  });

  it('says how many rows would be lost, and n keeps them', async () => {
    const app = await renderApp(config(), { route: 'create-tables' });
    await app.see('Drop and create all 7 tables?', 'staging_events');
    await app.press('y');
    await app.see('✓ 7 tables created, empty.');
    await app.workspace.warehouse!.query(`INSERT INTO users (user_id, level) VALUES (1, 'free'), (2, 'paid')`);
    await app.press(KEY.escape);
    await app.connected();
    // With the tables there, the ETL is marked as the next step; the highlight stays on the first item.
    const menu = await app.see('› Create tables', 'Run the ETL  load the input into the star schema · next step');
    expect(menu).not.toContain('tables · next step');
    await app.press(KEY.enter);
    await app.see('Drop and create all 7 tables? 2 rows will be lost.');
    expect(app.frame()).toMatch(/users\s+dimension\s+2 rows/);
    await app.press('n');
    await app.see('Sparkify DWH › Connect');
    await app.connected();
    expect(app.frame()).toMatch(/users\s+2\n/);
    await app.close();
  });

  it('a failed attempt says so once; r tries again from nothing, and ? lists the keys of the question', async () => {
    const unreachable = loadConfig('no-such-dwh.cfg', { overrides: { engine: 'postgres', url: 'postgres://sparkify@127.0.0.1:1/sparkify' }, env: {} });
    const app = await renderApp(unreachable, { route: 'create-tables' });
    await app.see('Drop and create all 7 tables?');
    await app.press('?');
    const help = await app.see('Press any key to close this help.');
    expect(help).toMatch(/y +y, or → then enter: drop and create every table/);
    expect(help).toMatch(/←→ +choose No or Drop and create/);
    await app.press('x');
    await app.press('y');
    let frame = await app.see('r try again', 'Press r to try again.');
    expect(frame.match(/✗ Lock the warehouse for this run/g)).toHaveLength(1);
    const from = app.frames.length;
    await app.press('r');
    frame = await app.see('r try again');
    expect(app.frames.length).toBeGreaterThan(from);
    expect(frame.match(/✗ Lock the warehouse for this run/g)).toHaveLength(1);
    expect(frame).not.toContain('Drop and create all 7 tables?');
    await app.close();
  });
});
