import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/paths.js';
import { KEY, renderApp } from './helpers/harness.js';
import { loadedFixture } from './helpers/loaded-fixture.js';

const config = loadedFixture('sparkify-tui-notebook-');
const temp = tempDir('sparkify-tui-notebooks-');
afterAll(() => temp.cleanup());

const TEXT = '# Levels\n\nProse.\n\n```sql\nSELECT level, COUNT(*) AS plays FROM songplays GROUP BY level ORDER BY level\n```\n\n```sql\nSELECT nope FROM songplays\n```\n';

describe('the notebook screen', () => {
  it('lists the notebooks next to dwh.cfg, runs one cell to show it, and runs all to write the file', async () => {
    const file = join(temp.dir, 'levels.md');
    writeFileSync(file, TEXT);
    writeFileSync(join(temp.dir, 'plain.md'), '# No cells here\n');
    const app = await renderApp({ ...config(), path: join(temp.dir, 'dwh.cfg') });
    await app.connected();
    await app.press(KEY.down, KEY.down, KEY.down, KEY.enter);
    let frame = await app.see('Sparkify DWH › Notebook', '› levels.md');
    expect(frame).not.toContain('plain.md');
    await app.press(KEY.enter);
    frame = await app.see('2 cell(s)', '(not run yet: enter runs it)');
    await app.press(KEY.enter);
    frame = await app.see('✓ 2 row(s) in');
    expect(frame).toMatch(/\| level \| plays \|/);
    expect(frame).toMatch(/\| free \| \d+ \|/);
    expect(readFileSync(file, 'utf8')).toBe(TEXT);
    await app.press('a');
    frame = await app.see('✗ ran 2 cell(s), 1 failed; wrote');
    const written = readFileSync(file, 'utf8');
    expect(written).toContain('<!-- sparkify:output -->\n| level | plays |');
    expect(written).toMatch(/> ✗ [^\n]*nope/);
    await app.press(KEY.down);
    frame = await app.see(/> ✗ .*nope/);
    await app.close();
  });
});
