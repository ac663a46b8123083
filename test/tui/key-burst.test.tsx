import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DwhConfig } from '../../src/config/dwh-cfg.js';
import { runPipeline } from '../../src/etl/run-pipeline.js';
import { etlSteps } from '../../src/etl/steps.js';
import { enginesUnderTest } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';
import { writeFixture } from './helpers/fixture.js';
import { KEY, renderApp } from './helpers/harness.js';

// Each `press` argument below is ONE write to stdin: the keys arrive together, as from `tmux send-keys
// Down Down Enter`, a paste or a fast typist, and ink emits them one after the other in the same tick.
const engine = enginesUnderTest()[0]!;
const temp = tempDir('sparkify-tui-burst-');
let config: DwhConfig;

beforeAll(async () => {
  config = engine.config(writeFixture(temp.dir));
  const result = await runPipeline({ config, steps: etlSteps(), emit: () => undefined });
  expect(result.ok).toBe(true);
});
afterAll(async () => {
  await engine.cleanup();
  temp.cleanup();
});

describe('keys that arrive together', () => {
  it('↓ ↓ enter in one chunk runs the insight the highlight moved to', async () => {
    const app = await renderApp(config, { route: 'query' });
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
    const app = await renderApp(config, { route: 'query' });
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

  it('a key after one that changes screens goes to the new screen', async () => {
    const app = await renderApp(config, { route: 'query' });
    await app.see('› Top songs');
    // q leaves the query screen; ? opens the help of the connect screen, not of the query screen.
    await app.press('q?');
    const frame = await app.see('Press any key to close this help.');
    expect(frame).toContain('Connect shows where the warehouse is');
    expect(frame).not.toContain('Query runs the saved insights');
    await app.close();
  });
});
