import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest, TEST_PG_URL } from '../helpers/engines.js';
import { writeFixture } from '../helpers/fixture.js';
import { tempDir } from '../helpers/paths.js';
import { cli } from '../helpers/cli-in-process.js';

const TABLES = ['staging_events', 'staging_songs', 'songplays', 'users', 'songs', 'artists', 'time'];

describe.each(enginesUnderTest())('sparkify status on $name', (engine) => {
  const t = tempDir();
  let db: string[];
  beforeAll(() => {
    db = engine.flags(engine.config());
  });
  afterAll(async () => {
    await engine.cleanup();
    t.cleanup();
  });

  it('shows engine, target, version, schema and every table as missing on a new database', async () => {
    const run = await cli(['status', ...db]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`engine   ${engine.name}`);
    expect(lines[1]).toMatch(engine.name === 'embedded' ? /^target {3}PGlite database in \/.+\/pglite$/ : /^target {3}PostgreSQL server \S+@[\w.]+:\d+\/\w+$/);
    expect(lines[2]).toMatch(/^version {2}PostgreSQL \d+\.\d+/);
    expect(lines[3]).toMatch(engine.name === 'embedded' ? /^schema {3}public$/ : /^schema {3}t_\d+_[0-9a-f]{8}$/);
    expect(lines[4]).toBe('last run none yet');
    expect(lines[5]).toBe('star     no run has published the star tables yet');
    expect(lines.slice(7, 14)).toEqual(TABLES.map((name) => `${name.padEnd(16)} ${'missing'.padStart(10)}`));
  });

  it('shows the row count of every table after a load, also as JSON', async () => {
    const fixture = writeFixture(t.dir);
    const etl = await cli(['etl', '--yes', ...db, '--song-data', fixture.songData, '--log-data', fixture.logData, '--log-jsonpath', fixture.logJsonPath]);
    expect(etl.code).toBe(0);
    const run = await cli([...db, 'status']);
    expect(run.code).toBe(0);
    for (const table of TABLES) expect(run.stdout).toContain(`\n${table.padEnd(16)} ${String(fixture.counts[table]).padStart(10)}\n`);
    const json = await cli(['status', '--json', ...db]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      engine: engine.name,
      version: expect.stringMatching(/^PostgreSQL /),
      tables: fixture.counts,
      lastRun: { id: 1, command: 'etl', status: 'ok', read: 11, staged: 11, rejected: 0, published: true, tableRows: { songplays: 5, users: 2, songs: 3, artists: 2, time: 4 } },
      published: { run: 1, matches: true },
    });
    expect(run.stdout).toMatch(/^last run #1 etl ok, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, [\d.]+ s$/m);
    expect(run.stdout).toMatch(/^star {5}the output of run #1$/m);
  });
});

describe('sparkify status when the server cannot be reached', () => {
  const t = tempDir();
  let closedPort: number;
  beforeAll(async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closedPort = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
  });
  afterAll(() => t.cleanup());

  /** Runs status and checks the common shape: nothing on stdout, one line on stderr, exit 1, quickly. */
  async function failing(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
    const started = Date.now();
    const run = await cli(['status', ...args], { env: { SPARKIFY_DATABASE_URL: '', SPARKIFY_DB_PASSWORD: '', ...env }});
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')).toHaveLength(2);
    return run.stderr;
  }

  it('a wrong host', async () => {
    const stderr = await failing(['--engine', 'postgres', '--url', 'postgres://etl:Secret-42@no-such-host.invalid:5432/dwh']);
    expect(stderr).toBe('sparkify: Host not found: etl@no-such-host.invalid:5432/dwh: no host named "no-such-host.invalid" (the name does not resolve); check the host name\n');
  });

  it('a server that is down, configured in dwh.cfg, without showing its password', async () => {
    const cfg = join(t.dir, 'down.cfg');
    writeFileSync(cfg, `[WAREHOUSE]\nENGINE = postgres\n[CLUSTER]\nHOST = 127.0.0.1\nDB_PORT = ${closedPort}\nDB_NAME = dwh\nDB_USER = etl\nDB_PASSWORD = Secret#42\n`);
    const stderr = await failing(['--config', cfg]);
    expect(stderr).toBe(`sparkify: Server not running: etl@127.0.0.1:${closedPort}/dwh: connection refused: nothing listens on port ${closedPort} there; is the server running, is the port right?\n`);
  });

  it.skipIf(!TEST_PG_URL)('a wrong password', async () => {
    const url = new URL(TEST_PG_URL!);
    url.password = 'Wrong-Password-42';
    const stderr = await failing(['--engine', 'postgres'], { SPARKIFY_DATABASE_URL: url.toString() });
    expect(stderr).toBe(`sparkify: Login failed: ${decodeURIComponent(url.username)}@${url.hostname}:${url.port || 5432}${url.pathname}: password authentication failed for user "${decodeURIComponent(url.username)}"; check DB_PASSWORD, SPARKIFY_DB_PASSWORD or the URL\n`);
  });

  it('no server configured at all is a configuration error, exit 2', async () => {
    const cfg = join(t.dir, 'nohost.cfg');
    writeFileSync(cfg, '[CLUSTER]\nDB_NAME = dwh\n');
    const nohost = await cli(['status', '--engine', 'postgres', '--config', cfg], { env: { SPARKIFY_DATABASE_URL: '' } });
    expect(nohost.code).toBe(2);
    expect(nohost.stderr).toBe('sparkify: Configuration error: [CLUSTER] HOST is not set: say where the server is in dwh.cfg, or pass --url postgres://user@host:port/database (or set SPARKIFY_DATABASE_URL)\n');
  });
});
