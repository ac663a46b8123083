import { existsSync, readdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { shownPath } from '../../src/config/shown-path.js';
import { templateFile } from '../../src/engines/embedded/pglite-template.js';
import { checkInputs, inputsReady } from '../../src/tui/inputs.js';
import { TuiStore } from '../../src/tui/store.js';
import { cli } from './cli-in-process.js';
import { ROOT, tempDir } from './paths.js';

// What test/helpers/isolate.ts promises every test file. Before it, a ./data that `npm start` had generated in
// the project folder was the input of every default config, and three TUI tests failed on it.
const start = process.cwd();
const startEntries = readdirSync(start);

const inside = (folder: string, path: string): boolean => !relative(folder, path).startsWith('..');

describe('each test file', () => {
  it('starts in an empty working folder of its own, outside the project, with a home of its own', () => {
    expect(startEntries).toEqual([]);
    expect(inside(ROOT, start)).toBe(false);
    expect(inside(tmpdir(), start)).toBe(true);
    expect(inside(homedir(), start)).toBe(true);
    expect(process.env.XDG_CONFIG_HOME).toBe(join(homedir(), '.config'));
  });

  it('resolves a default config against that folder: dwh.cfg, the input and the database', () => {
    const config = loadConfig(undefined, { env: {} });
    for (const path of [config.s3.songData, config.s3.logData, config.dataDir]) {
      expect(inside(start, path)).toBe(true);
      expect(inside(ROOT, path)).toBe(false);
    }
  });

  it("keeps conf's profiles and the PGlite cache out of the user's home", () => {
    const store = new TuiStore();
    expect(inside(join(homedir(), '.config'), store.path)).toBe(true);
    expect(process.env.SPARKIFY_CACHE_DIR).toBe(inject('cacheDir'));
    expect(inside(inject('cacheDir'), templateFile()!)).toBe(true);
  });

  it("sees the README's generated ./data in its own folder only", async () => {
    expect(checkInputs(loadConfig(undefined, { env: {} })).map((s) => s.state)).toEqual(['missing', 'missing']);
    const run = await cli(['generate', '--out', 'data', '--songs', '5', '--events', '40']);
    expect(run.code).toBe(0);
    expect(existsSync(join(start, 'data', 'log_json_path.json'))).toBe(true);
    const after = checkInputs(loadConfig(undefined, { env: {} }));
    expect(inputsReady(after)).toBe(true);
    expect(after.map((s) => [s.location, s.files])).toEqual([
      [join(start, 'data', 'song_data'), 5],
      [join(start, 'data', 'log_data'), expect.any(Number)],
    ]);
  });

  it('shows paths in other temp folders whole, as they were shown from the project folder', () => {
    const other = tempDir();
    const file = join(other.dir, 'song_data', 'a.json');
    expect(shownPath(file)).toBe(file);
    other.cleanup();
  });
});
