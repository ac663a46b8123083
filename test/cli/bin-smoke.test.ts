import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../helpers/engines.js';
import { writeFixture, type Fixture } from '../helpers/fixture.js';
import { tempDir } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

// The other CLI tests call main() in-process on the sources; these few run the real bin/sparkify (on the dist/
// the global setup has just brought up to date) for what only a process shows: its exit code and its streams.
// Signals are in test/runs/signals.test.ts, another user's permissions in test/runs/permissions.test.ts.

describe('bin/sparkify as a process', () => {
  const t = tempDir('sparkify-smoke-');
  const engine = enginesUnderTest()[0]!;
  let fixture: Fixture;
  beforeAll(() => {
    fixture = writeFixture(t.dir);
  });
  afterAll(async () => {
    await engine.cleanup();
    t.cleanup();
  });

  it('prints its help on stdout, exit 0, and names every command', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: sparkify \[options\] \[command\]$/m);
    for (const command of ['generate', 'create-tables', 'etl', 'sql', 'insights', 'query', 'report', 'status', 'runs', 'config', 'doctor', 'cluster']) {
      expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
  });

  it('loads the fixture with etl --yes and answers sql as clean CSV on stdout', async () => {
    const db = engine.flags(engine.config());
    const etl = await runCli(['etl', '--yes', ...db, '--song-data', fixture.songData, '--log-data', fixture.logData, '--log-jsonpath', fixture.logJsonPath]);
    expect(etl.stderr).toBe('');
    expect(etl.code).toBe(0);
    expect(etl.stdout).toMatch(new RegExp(`^songplays\\s+${fixture.counts.songplays}$`, 'm'));
    const sql = await runCli(['sql', 'SELECT user_id, level FROM users ORDER BY user_id', '--format', 'csv', ...db]);
    expect(sql).toEqual({ code: 0, stdout: 'user_id,level\n10,paid\n20,paid\n', stderr: '' });
  });

  it('exits 2 with one line on stderr for bad usage, and without a terminal for the app', async () => {
    const unknown = await runCli(['etl', '--frob']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/unknown option '--frob'/);
    const app = await runCli([], { cwd: t.dir });
    expect(app.code).toBe(2);
    expect(app.stderr).toMatch(/^[^\n]*needs a terminal; headless, use a command[^\n]*\n$/);
  });
});
