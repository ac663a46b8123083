import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { enginesUnderTest, TEST_PG_URL } from '../helpers/engines.js';
import { TuiStore } from '../../src/tui/store.js';
import { queryWork } from '../../src/tui/use-query.js';
import { Workspace } from '../../src/tui/workspace.js';
import { tempDir } from '../helpers/paths.js';
import { KEY, renderApp, tick } from './helpers/harness.js';

// Long enough that only a cancel ends it within the test's time: minutes on either engine.
const LONG = 'SELECT COUNT(*) AS n FROM generate_series(1, 2000000000) AS a';

async function serverStatements(): Promise<string[]> {
  const client = new pg.Client(TEST_PG_URL);
  await client.connect();
  try {
    const r = await client.query<{ query: string }>("SELECT query FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%generate_series(1, 2000000000)%' AND pid <> pg_backend_pid()");
    return r.rows.map((row) => row.query);
  } finally {
    await client.end();
  }
}

for (const engine of enginesUnderTest()) {
  describe(`a cancel while the connection still opens, ${engine.name}`, () => {
    afterAll(() => engine.cleanup());

    it('stops the query before it is sent: the statement never runs', async () => {
      const store = tempDir('sparkify-cancel-store-');
      const workspace = new Workspace(engine.config(), { name: 'default' });
      try {
        const work = queryWork(workspace, new TuiStore({ cwd: store.dir }));
        const started = Date.now();
        const query = work.runSql(LONG);
        await work.cancel();
        await expect(query).rejects.toMatchObject({ title: 'Statement cancelled', message: 'stopped by the user before it started' });
        expect(Date.now() - started).toBeLessThan(20_000);
        if (engine.name === 'postgres') expect(await serverStatements()).toEqual([]);
        expect((await work.runSql('SELECT 6 * 7 AS answer')).rows).toEqual([{ answer: 42 }]);
      } finally {
        await workspace.close();
        store.cleanup();
      }
    }, 60_000);
  });


  describe(`a long query in the SQL cell, ${engine.name}`, () => {
    afterAll(() => engine.cleanup());

    it('keeps the screen drawing while it runs, and Esc cancels it', async () => {
      const app = await renderApp(engine.config(), { route: 'query' });
      await app.see('› Top songs');
      await app.press('s', LONG, KEY.enter);
      await app.see('Running…', 'esc cancel');
      // The spinner keeps turning: frames are written while the statement runs.
      const before = app.frames.length;
      await tick(1500);
      expect(app.frames.length).toBeGreaterThan(before + 3);
      if (engine.name === 'postgres') expect(await serverStatements()).toHaveLength(1);
      await app.press(KEY.escape);
      const frame = await app.see('✗ Statement cancelled');
      expect(frame).not.toContain('Running…');
      if (engine.name === 'postgres') await vi.waitFor(async () => expect(await serverStatements()).toEqual([]), { timeout: 5000 });
      // The statement stays in the SQL cell, and the connection still works.
      expect(frame).toContain('SQL› SELECT COUNT(*) AS n FROM');
      for (let i = 0; i < LONG.length; i++) await app.press(KEY.backspace);
      await app.press('SELECT 6 * 7 AS answer', KEY.enter);
      await app.see(/1 row · /, '42');
      await app.close();
    }, 60_000);

    it('cancels the running statement before quitting on ctrl+c', async () => {
      const app = await renderApp(engine.config(), { route: 'query' });
      await app.see('› Top songs');
      await app.press('s', LONG, KEY.enter);
      await app.see('Running…');
      await tick(300);
      await app.press(KEY.ctrlC);
      await app.exited();
      if (engine.name === 'postgres') await vi.waitFor(async () => expect(await serverStatements()).toEqual([]), { timeout: 5000 });
      await app.close();
    }, 60_000);
  });
}
