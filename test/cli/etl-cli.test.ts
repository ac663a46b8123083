import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../../src/etl/events.js';
import { BUILT_TABLES, LEDGER_TABLES } from '../../src/sql/tables.js';
import { enginesUnderTest } from '../helpers/engines.js';
import { writeFixture, type Fixture } from '../helpers/fixture.js';
import { tempDir } from '../helpers/paths.js';
import { cli } from '../helpers/cli-in-process.js';

describe.each(enginesUnderTest())('sparkify etl and sql on $name', (engine) => {
  const t = tempDir();
  let fixture: Fixture;
  let db: string[];
  let input: string[];

  beforeAll(() => {
    fixture = writeFixture(t.dir);
    db = engine.flags(engine.config());
    input = ['--song-data', fixture.songData, '--log-data', fixture.logData, '--log-jsonpath', fixture.logJsonPath];
  });
  afterAll(async () => {
    await engine.cleanup();
    t.cleanup();
  });

  it('runs every step, prints one line per step and the row counts, exit 0', async () => {
    const run = await cli(['etl', '--yes', ...db, ...input]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const stepIds = lines.filter((l) => l.startsWith('✓ ')).map((l) => l.split(/\s+/)[1]);
    expect(stepIds).toEqual(['check-inputs', 'connect', 'lock', 'find-inputs', 'create-tables', 'stage-events', 'stage-songs', 'load-songplays', 'load-users', 'load-songs', 'load-artists', 'load-time', 'checks']);
    // The input check's checklist, under its step.
    const check = lines.findIndex((l) => l.startsWith('✓ check-inputs'));
    expect(lines[check]).toMatch(/ {2}3 passed$/);
    expect(lines.slice(check + 1, check + 5)).toEqual([
      `    ✓ ${fixture.songData}`,
      `    ✓ ${fixture.logData}`,
      `    ✓ ${fixture.logJsonPath}: 18 jsonpaths, one per column of staging_events`,
      expect.stringMatching(/^✓ connect/),
    ]);
    expect(lines.find((l) => l.includes('stage-events'))).toMatch(/stage-events\s+8 rows\s+[\d.]+ s\s+[\d,]+ rows\/s\s+2 file\(s\), 8 record\(s\)/);
    for (const [table, n] of Object.entries(fixture.counts)) {
      expect(run.stdout).toMatch(new RegExp(`^${table}\\s+${n}$`, 'm'));
    }
    expect(run.stdout).toMatch(/^done in [\d.]+ s \(run #\d+\)$/m);
  });

  it('answers SQL as JSON (integers as numbers) and CSV, with the played title kept for every play', async () => {
    const json = await cli(['sql', 'SELECT COUNT(*) AS plays, COUNT(song_id) AS matched FROM songplays', '--format', 'json', ...db]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([{ plays: fixture.counts.songplays, matched: fixture.matched }]);
    const csv = await cli([...db, 'sql', "SELECT user_id, level FROM users ORDER BY user_id", '--format', 'csv']);
    expect(csv.stdout).toBe('user_id,level\n10,paid\n20,paid\n');
    const quoted = await cli(['sql', "SELECT song_title, artist_name, start_time FROM songplays WHERE song_id = 'SOC'", '--format', 'csv', ...db]);
    expect(quoted.stdout).toBe('song_title,artist_name,start_time\n"Q""uote, Song",Émoji 😀,2018-11-02T09:30:01Z\n');
  });

  it('prints a table that fits the terminal by default, numbers to the right, the row count on stderr', async () => {
    const run = await cli(['sql', 'SELECT user_id, level FROM users ORDER BY user_id', ...db]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => /\d/.test(l)).map((l) => l.replace(/\s+/g, ' '))).toEqual(['│ 10 │ paid │', '│ 20 │ paid │']);
    expect(lines.some((l) => /│ user_id │ level │/.test(l.replace(/\s+/g, ' ')))).toBe(true);
    expect(run.stderr).toBe('2 row(s)\n');
  });

  it('prints the events as NDJSON with --json', async () => {
    const run = await cli(['etl', '--yes', '--json', ...db, ...input]);
    expect(run.code).toBe(0);
    const events = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as PipelineEvent);
    expect(events[0]!.type).toBe('pipeline-start');
    expect(events.filter((e) => e.type === 'step-done')).toHaveLength(13);
    const last = events[events.length - 1]!;
    expect(last).toMatchObject({ type: 'pipeline-done', ok: true, counts: fixture.counts });
  });

  it('stops on a bad record with file:line and exit 1, or rejects and reports it within --max-errors', async () => {
    const bad = tempDir();
    const copy = writeFixture(bad.dir);
    appendFileSync(join(copy.logData, '2018', '11', '2018-11-02-events.json'), '\n{"ts": "soon", "page": "Home"}\n');
    const args = ['--song-data', copy.songData, '--log-data', copy.logData, '--log-jsonpath', copy.logJsonPath];
    const failed = await cli(['etl', '--yes', ...db, ...args]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^Bad input record: .*2018-11-02-events\.json:4: ts: "soon" is not a time in epoch milliseconds$/m);
    expect(failed.stdout).toMatch(/^✗ stage-events\s+failed$/m);
    const tolerated = await cli(['etl', '--yes', '--max-errors', '1', ...db, ...args]);
    expect(tolerated.code).toBe(0);
    expect(tolerated.stderr).toMatch(/^rejected: .*2018-11-02-events\.json:4: ts: "soon" is not a time in epoch milliseconds$/m);
    expect(tolerated.stdout).toMatch(/stage-events\s+8 rows .*9 record\(s\), 1 rejected/);
    bad.cleanup();
  });
});

describe('sparkify usage and configuration errors', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());

  it('fails with one line and exit 2 on a bad setting, naming file, line and key', async () => {
    const cfg = join(t.dir, 'bad.cfg');
    writeFileSync(cfg, '[WAREHOUSE]\nENGINE = mysql\n');
    const run = await cli(['--config', cfg, 'status']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`sparkify: Configuration error: ${cfg}:2: [WAREHOUSE] ENGINE = "mysql" is not an engine; use one of embedded, postgres, redshift\n`);
  });

  it('prints the SQL of a dry run without the password', async () => {
    const cfg = join(t.dir, 'secret.cfg');
    writeFileSync(cfg, '[CLUSTER]\nHOST = db.example.com\nDB_PASSWORD = TopSecret#1\n[S3]\nLOG_JSONPATH = auto\n');
    const run = await cli(['etl', '--dry-run', '--config', cfg]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('CREATE TABLE IF NOT EXISTS songplays (');
    expect(run.stdout).toContain('COPY staging_events (artist, auth, firstname');
    expect(run.stdout).toContain('INSERT INTO users (user_id, first_name, last_name, gender, level)');
    expect(run.stdout).not.toContain('TopSecret');
  });

  it('prints the drop and create statements of create-tables --dry-run, touching nothing', async () => {
    const dataDir = join(t.dir, 'dry-db');
    const run = await cli(['create-tables', '--dry-run', '--data-dir', dataDir]);
    expect(run.code).toBe(0);
    const statements = run.stdout.split('\n').filter((l) => /^(DROP|CREATE)( UNLOGGED)? TABLE/.test(l));
    // The ledger is created where missing and kept; every data table is dropped and created.
    const n = LEDGER_TABLES.length;
    expect(statements.slice(0, n)).toEqual(LEDGER_TABLES.map((table) => `CREATE TABLE IF NOT EXISTS ${table.name} (`));
    expect(statements.slice(n, n + BUILT_TABLES.length)).toEqual(BUILT_TABLES.map((table) => `DROP TABLE IF EXISTS ${table.name};`));
    // Staging is the run's working area: unlogged (see dialect.ts).
    expect(statements.slice(n + BUILT_TABLES.length)).toEqual(BUILT_TABLES.map((table) => `CREATE ${table.kind === 'staging' ? 'UNLOGGED ' : ''}TABLE ${table.name} (`));
    expect(existsSync(dataDir)).toBe(false);
  });

  it('asks for --yes before destructive work when there is no terminal', async () => {
    const run = await cli(['create-tables', '--data-dir', join(t.dir, 'db')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('sparkify: Configuration error: create-tables drops every table; pass --yes to confirm when not in a terminal\n');
  });

  it('without a terminal, the app prints a one-line hint and exits 2', async () => {
    const run = await cli([], { cwd: t.dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/needs a terminal; headless, use a command/);
  });

  it('rejects unknown commands and options with exit 2', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2);
    const run = await cli(['etl', '--frob']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option '--frob'/);
  });
});
