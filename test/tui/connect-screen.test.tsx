import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TuiStore } from '../../src/tui/store.js';
import { embeddedDataDir, enginesUnderTest } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';
import { writeFixture } from './helpers/fixture.js';
import { KEY, renderApp } from './helpers/harness.js';

const engine = enginesUnderTest()[0]!;
const temps: (() => void)[] = [];
afterAll(async () => {
  await engine.cleanup();
  for (const t of temps) t();
});

function inputs(): { songData: string; logData: string; logJsonPath: string } {
  const t = tempDir('sparkify-tui-input-');
  temps.push(t.cleanup);
  return writeFixture(t.dir);
}

/** A config whose input folders do not exist yet: data/song_data and data/log_data in an empty folder. */
function missingInputs(prefix: string) {
  const t = tempDir(prefix);
  temps.push(t.cleanup);
  return engine.config({ songData: join(t.dir, 'data/song_data'), logData: join(t.dir, 'data/log_data') });
}

describe('connect screen', () => {
  it('shows the target, opens the database, counts every table and suggests creating them', async () => {
    const app = await renderApp(engine.config(inputs()));
    const frame = await app.connected();
    expect(frame).toContain('Sparkify DWH › Connect');
    expect(frame).toContain('embedded · PGlite database in');
    expect(frame).toContain('✓ Open the embedded database');
    expect(frame).toMatch(/staging_events\s+missing/);
    expect(frame).toMatch(/songplays\s+missing/);
    expect(frame).toMatch(/songs\s+\.?\S*song_data\s+3 JSON file\(s\)/);
    expect(frame).toMatch(/events\s+\S*log_data\s+1 JSON file\(s\)/);
    expect(frame).toContain('› Create tables');
    expect(frame).toContain('Query  create the tables and run the ETL first');
    expect(frame).toContain('enter open');
    expect(frame).toContain('q quit');
    await app.close();
  });

  it('offers a sample dataset when the input folders are missing, and Esc goes to the menu', async () => {
    const app = await renderApp(missingInputs('sparkify-tui-empty-'));
    let frame = await app.see('There is no input data yet. Generate a sample dataset into', '✓ Count the rows');
    expect(frame).toMatch(/songs\s+\S*song_data\s+missing/);
    // "no" is the first answer and the highlight starts there: a stray Enter writes nothing.
    expect(frame).toContain('› no       not now');
    expect(frame).toContain('small    200 songs, 5,000 events');
    expect(frame).toContain('medium   2,000 songs, 50,000 events');
    expect(frame).toContain('large    10,000 songs, 1,000,000 events');
    expect(frame).toContain('no       not now');
    await app.press(KEY.escape);
    frame = await app.see('What next?');
    expect(frame).toContain('Run the ETL  no input yet: g generates a sample');
    await app.close();
  });

  it('Enter on the sample offer writes nothing: "no" is highlighted first', async () => {
    const config = missingInputs('sparkify-tui-no-');
    const app = await renderApp(config);
    await app.see('There is no input data yet.', '✓ Count the rows', '› no');
    await app.press(KEY.enter);
    const frame = await app.see('What next?');
    expect(frame).toContain('› Create tables');
    expect(() => statSync(join(config.s3.songData, '..'))).toThrow(/ENOENT/);
    await app.close();
  });

  it('the menu highlight starts on the first item whatever the state, and marks the suggested step', async () => {
    const app = await renderApp(engine.config(inputs()));
    const frame = await app.connected();
    expect(frame).toContain('› Create tables  drop and create the 7 tables · next step');
    await app.close();
  });

  it('generates the chosen sample where dwh.cfg expects the input, then offers to create the tables', async () => {
    const app = await renderApp(missingInputs('sparkify-tui-generate-'));
    await app.see('There is no input data yet.', '✓ Count the rows');
    await app.press(KEY.down);
    await app.see('› small');
    await app.press(KEY.enter);
    const frame = await app.see('✓ generated 200 song files, 5,000 events in');
    expect(frame).toMatch(/songs\s+\S*data\/song_data\s+200 JSON file\(s\)/);
    expect(frame).toMatch(/events\s+\S*data\/log_data\s+\d+ JSON file\(s\)/);
    expect(frame).toContain('› Create tables');
    expect(frame).toContain('Run the ETL  load the input into the star schema');
    await app.close();
  });

  it('moves through the menu with the arrow keys and opens the chosen screen with enter', async () => {
    const app = await renderApp(engine.config(inputs()));
    await app.connected();
    await app.see('› Create tables');
    await app.press(KEY.down);
    await app.see('› Run the ETL');
    await app.press(KEY.up, KEY.enter);
    const frame = await app.see('Sparkify DWH › Create tables');
    expect(frame).toContain('Drop and create all 7 tables?');
    await app.press(KEY.escape);
    await app.see('Sparkify DWH › Connect', 'What next?');
    await app.close();
  });

  it('opens the help with ? and closes it with any key', async () => {
    const app = await renderApp(engine.config(inputs()));
    await app.connected();
    await app.press('?');
    let frame = await app.see('Press any key to close this help.');
    expect(frame).toContain('Connect shows where the warehouse is');
    expect(frame).toMatch(/g\s+generate a sample dataset where dwh.cfg expects the input/);
    expect(frame).not.toContain('What next?');
    await app.press('x');
    frame = await app.see('What next?');
    expect(frame).not.toContain('Press any key to close this help.');
    await app.close();
  });

  it('saves the current settings as a profile, in a file only its owner can read', async () => {
    const store = tempDir('sparkify-tui-profiles-');
    temps.push(store.cleanup);
    const app = await renderApp(engine.config(inputs()), { storeDir: store.dir });
    await app.connected();
    await app.press('p');
    await app.see('Profiles', 'default', '(current)', 's save current as…');
    await app.press('s');
    await app.see('Save the current settings as:');
    await app.press('w', 'o', 'r', 'k', KEY.enter);
    let frame = await app.see('› default', '  work');
    expect(frame).not.toContain('Save the current settings as:');
    await app.close();
    // A profile from --url shows (and saves) its URL without the password.
    const url = 'postgres://ann:pw-1234@db.example/dwh';
    const withUrl = await renderApp(engine.config(inputs()), { storeDir: store.dir, profile: { name: 'default', engine: 'embedded', url } });
    await withUrl.connected();
    await withUrl.press('p');
    frame = await withUrl.see('Profiles', 'postgres://ann@db.example/dwh (current)');
    expect(frame).not.toContain('pw-1234');
    await withUrl.close();
    const file = join(store.dir, 'tui.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { profiles: { name: string }[] };
    expect(saved.profiles.map((p) => p.name)).toEqual(['work']);
  });

  it('switches to a saved profile: closes the connection and connects to the warehouse of its dwh.cfg', async () => {
    const store = tempDir('sparkify-tui-switch-');
    temps.push(store.cleanup);
    const other = embeddedDataDir();
    temps.push(other.cleanup);
    const input = inputs();
    const cfg = join(store.dir, 'other.cfg');
    writeFileSync(cfg, ['[WAREHOUSE]', 'ENGINE = embedded', '[EMBEDDED]', `DATA_DIR = ${other.dir}`, '[S3]', `SONG_DATA = ${input.songData}`, `LOG_DATA = ${input.logData}`, `LOG_JSONPATH = ${input.logJsonPath}`, ''].join('\n'));
    new TuiStore({ cwd: store.dir }).saveProfile({ name: 'other', config: cfg });
    // Wide enough to show the whole target in the heading.
    const app = await renderApp(engine.config(inputs()), { storeDir: store.dir, columns: 160 });
    await app.connected();
    expect(app.frame()).toContain('· profile default');
    await app.press('p');
    await app.see('› default', '  other');
    await app.press(KEY.down, KEY.enter);
    const frame = await app.see('· profile other', '✓ Count the rows of every table', 'What next?');
    expect(frame).toContain(`config ${cfg} · profile other`);
    expect(frame).toContain(`Sparkify DWH › Connect  embedded · PGlite database in ${other.dir}`);
    expect(frame).toMatch(/songplays\s+missing/);
    // The first workspace's connection was closed on the way.
    expect(app.workspace.warehouse).toBeUndefined();
    await app.close();
  });

  it('lays the table counts out in more columns on a wider terminal', async () => {
    const app = await renderApp(engine.config(inputs()));
    let frame = await app.connected();
    expect(frame).toMatch(/staging_events\s+missing {2}staging_songs\s+missing\n/);
    app.resize(120, 30);
    frame = await app.see('staging_songs       missing  songplays');
    expect(frame).toMatch(/staging_events\s+missing {2}staging_songs\s+missing {2}songplays\s+missing/);
    await app.close();
  });
});
