import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli-in-process.js';
import { enginesUnderTest } from '../helpers/engines.js';
import { writeFixture } from '../helpers/fixture.js';
import { tempDir } from '../helpers/paths.js';

describe('files a run passes over', () => {
  const engine = enginesUnderTest()[0]!;
  const t = tempDir('sparkify-skipped-');
  afterAll(async () => {
    await engine.cleanup();
    t.cleanup();
  });

  it('a run says the input files that are not JSON, once, whether it loads all files or only the new ones', async () => {
    const fixture = writeFixture(t.dir);
    writeFileSync(join(fixture.logData, 'README.txt'), 'not a log\n');
    const config = engine.config(fixture);
    const flags = [...engine.flags(config), '--song-data', fixture.songData, '--log-data', fixture.logData, '--log-jsonpath', fixture.logJsonPath, '--yes'];
    for (const mode of ['--full-refresh', '--incremental']) {
      const run = await cli(['etl', ...flags, mode]);
      expect(run.code, run.stderr).toBe(0);
      const said = run.stderr.split('\n').filter((l) => l.includes('not JSON were skipped'));
      expect(said).toEqual([`warning: ${fixture.logData}: 1 file(s) that are not JSON were skipped, e.g. ${join(fixture.logData, 'README.txt')}`]);
    }
  });
});
