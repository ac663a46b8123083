import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { generateDataset } from '../../src/generate/generate.js';
import { checkInputs, sampleTarget } from '../../src/tui/inputs.js';
import { TuiStore, withoutPassword } from '../../src/tui/store.js';
import { tempDir } from '../helpers/paths.js';
import { writeFixture } from './helpers/fixture.js';

const temp = tempDir('sparkify-tui-unit-');
afterAll(() => temp.cleanup());

const config = (s3: Record<string, string>) => loadConfig('dwh.cfg', { cwd: temp.dir, overrides: s3, env: {} });

describe('sample data', () => {
  it('goes where dwh.cfg expects it when it names song_data and log_data in one folder', () => {
    const c = config({ songData: 'data/song_data', logData: 'data/log_data', logJsonPath: 'data/log_json_path.json' });
    expect(sampleTarget(c)).toEqual({ out: join(temp.dir, 'data') });
  });

  it('goes to ./data and is read from there for the session when dwh.cfg names another layout', () => {
    const c = config({ songData: 'in/songs', logData: 'elsewhere/logs', logJsonPath: 'paths.json' });
    const out = join(temp.dir, 'data');
    expect(sampleTarget(c)).toEqual({
      out,
      overrides: { songData: join(out, 'song_data'), logData: join(out, 'log_data'), logJsonPath: join(out, 'log_json_path.json') },
    });
  });

  it('never goes into a folder that holds files: the next free ./data-N instead, read from there for the session', async () => {
    const home = tempDir('sparkify-tui-sample-');
    try {
      const c = loadConfig('dwh.cfg', { cwd: home.dir, overrides: { songData: 'data/song_data', logData: 'data/log_data', logJsonPath: 'data/log_json_path.json' }, env: {} });
      // The user's own copy of the data where dwh.cfg points: it is left alone.
      writeFixture(join(home.dir, 'data'));
      mkdirSync(join(home.dir, 'data-2'));
      writeFileSync(join(home.dir, 'data-2', 'notes.txt'), 'mine');
      const out = join(home.dir, 'data-3');
      expect(sampleTarget(c)).toEqual({
        out,
        overrides: { songData: join(out, 'song_data'), logData: join(out, 'log_data'), logJsonPath: join(out, 'log_json_path.json') },
      });
      await expect(generateDataset({ out: join(home.dir, 'data-2'), songs: 1, events: 1 })).rejects.toThrow(`${join(home.dir, 'data-2')}: the folder is not empty`);
      expect(readdirSync(join(home.dir, 'data-2'))).toEqual(['notes.txt']);
    } finally {
      home.cleanup();
    }
  });

  it('reports missing, empty and ready input folders', () => {
    const ready = writeFixture(join(temp.dir, 'ready'));
    expect(checkInputs(config({ songData: ready.songData, logData: join(temp.dir, 'nope') }))).toEqual([
      { label: 'songs', location: ready.songData, state: 'ok', files: 3 },
      { label: 'events', location: join(temp.dir, 'nope'), state: 'missing', files: 0 },
    ]);
    expect(checkInputs(config({ songData: temp.dir, logData: 's3://bucket/logs' })).map((s) => s.state)).toEqual(['ok', 'remote']);
  });
});

describe('the store', () => {
  it('never saves a password, keeps its file private and the history newest first without repeats', () => {
    const store = new TuiStore({ cwd: join(temp.dir, 'store') });
    store.saveProfile({ name: 'team', engine: 'postgres', url: 'postgres://ann:s3cret@db.example:5432/dwh' });
    store.addHistory({ at: '2024-01-01T00:00:00Z', kind: 'sql', text: 'SELECT 1' });
    store.addHistory({ at: '2024-01-01T00:01:00Z', kind: 'insight', text: 'top-songs', params: { limit: '5' } });
    store.addHistory({ at: '2024-01-01T00:02:00Z', kind: 'sql', text: 'SELECT 1' });
    const text = readFileSync(store.path, 'utf8');
    expect(text).not.toContain('s3cret');
    expect(store.profiles()).toEqual([{ name: 'team', engine: 'postgres', url: 'postgres://ann@db.example:5432/dwh' }]);
    expect(store.history().map((h) => h.text)).toEqual(['SELECT 1', 'top-songs']);
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(withoutPassword('not a url //user:pw@host')).toBe('not a url //user@host');
  });

  it('strips a password the URL parser cannot read, and keeps statements with credentials only masked', () => {
    const store = new TuiStore({ cwd: join(temp.dir, 'store-2') });
    store.saveProfile({ name: 'slash', engine: 'postgres', url: 'postgres://u:Hunter2/Qz9@h/db' });
    store.addHistory({ at: '2024-01-01T00:00:00Z', kind: 'sql', text: "ALTER ROLE etl PASSWORD 'Hunter2Qz9'" });
    const text = readFileSync(store.path, 'utf8');
    expect(text).not.toContain('Hunter2');
    expect(text).not.toContain('Qz9');
    expect(store.profiles()[0]!.url).toBe('postgres://u@h/db');
    expect(store.history()[0]!.text).toBe("ALTER ROLE etl PASSWORD '****'");
  });
});
