import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { TEST_PG_URL } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';
import { writeFixture } from './helpers/fixture.js';
import { KEY, renderApp } from './helpers/harness.js';

// The connection fixed in place: dwh.cfg edited while the app runs, a password asked for when the server wants one.
const temps: (() => void)[] = [];
const flat = (frame: string): string => frame.replace(/\s+/g, ' ');
afterAll(() => temps.forEach((t) => t()));

function folder(prefix: string): string {
  const t = tempDir(prefix);
  temps.push(t.cleanup);
  return t.dir;
}

function dwhCfg(dir: string, lines: string[]): string {
  const input = writeFixture(dir);
  const file = join(dir, 'dwh.cfg');
  writeFileSync(file, [...lines, '', '[S3]', `LOG_DATA = ${input.logData}`, `SONG_DATA = ${input.songData}`, `LOG_JSONPATH = ${input.logJsonPath}`, ''].join('\n'));
  return file;
}

describe('fixing the connection in place', () => {
  it('r reads dwh.cfg again and reconnects once the setting is fixed', async () => {
    const dir = folder('sparkify-tui-fix-');
    writeFileSync(join(dir, 'not-a-folder'), 'a file where the database folder should be\n');
    const file = dwhCfg(dir, ['[WAREHOUSE]', 'ENGINE = embedded', '', '[EMBEDDED]', 'DATA_DIR = not-a-folder']);
    const app = await renderApp(loadConfig(file), { profile: { name: 'default', config: file } });
    let frame = flat(await app.see('Configuration error'));
    expect(frame).toContain('not-a-folder: is a file, not a folder');
    expect(frame).toContain('press r');
    dwhCfg(dir, ['[WAREHOUSE]', 'ENGINE = embedded', '', '[EMBEDDED]', 'DATA_DIR = db']);
    await app.press('r');
    frame = await app.connected();
    expect(frame).toContain('✓ Create the embedded database (first run)');
    expect(frame).not.toContain('is a file, not a folder');
    await app.close();
  });

  it.skipIf(!TEST_PG_URL)('asks for the password a saved postgres profile lacks (masked), says when it is wrong, and connects with the right one', async () => {
    const url = new URL(TEST_PG_URL!);
    const password = decodeURIComponent(url.password);
    url.password = '';
    const dir = folder('sparkify-tui-password-');
    const file = dwhCfg(dir, ['[WAREHOUSE]', 'ENGINE = postgres']);
    const app = await renderApp(loadConfig(file), { profile: { name: 'server', config: file, engine: 'postgres', url: url.toString() } });
    let frame = flat(await app.see('Password for '));
    expect(frame).toContain('the server asks for a password and none is set');
    await app.press('nope-q?');
    frame = await app.see('•••••••');
    expect(frame).not.toContain('nope');
    await app.press(KEY.enter);
    frame = flat(await app.see('The last one was refused'));
    expect(frame).toContain('password authentication failed');
    expect(frame).not.toContain('nope');
    await app.press(password, KEY.enter);
    frame = await app.connected();
    expect(frame).not.toContain(password === 'sparkify' ? 'sparkify:sparkify' : password);
    // r reads dwh.cfg again: the password typed is kept in memory for the same target, never written anywhere.
    await app.press('r');
    await app.see('Count the rows of every table');
    frame = await app.connected();
    expect(frame).not.toContain('Password for ');
    await app.close();
  });

  it.skipIf(!TEST_PG_URL)('Esc leaves the password prompt for the menu, and l opens it again', async () => {
    const url = new URL(TEST_PG_URL!);
    url.password = '';
    const dir = folder('sparkify-tui-password-esc-');
    const file = dwhCfg(dir, ['[WAREHOUSE]', 'ENGINE = postgres']);
    const app = await renderApp(loadConfig(file), { profile: { name: 'server', config: file, engine: 'postgres', url: url.toString() } });
    await app.see('Password for ');
    await app.press(KEY.escape);
    let frame = await app.see('What next?');
    expect(frame).toContain('l log in');
    await app.press('l');
    frame = await app.see('Password for ');
    expect(frame).not.toContain('What next?');
    await app.close();
  });
});
