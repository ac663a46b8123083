import { LOAD_START_SQL } from '../../src/engines/redshift/copy-sql.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import type { PipelineEvent } from '../../src/etl/events.js';
import { runPipeline } from '../../src/etl/run-pipeline.js';
import { createTablesSteps, etlSteps } from '../../src/etl/steps.js';
import { createTableSql } from '../../src/sql/ddl.js';
import { redshiftDialect } from '../../src/engines/redshift/redshift-dialect.js';
import { ALL_TABLES, BUILT_TABLES, LEDGER_TABLES, SPARKIFY_RUNS, STAGING_TABLES, STAR_TABLES } from '../../src/sql/tables.js';
import { CHECKS, FULL_STATE, TRANSFORMS } from '../../src/sql/transforms.js';
import { RedshiftWarehouse } from '../../src/engines/redshift/redshift.js';
import { useLocalStaging } from './local-staging.js';
import { FakeRedshift, pgError } from './fake-redshift.js';

const local = useLocalStaging(['staging']);

function config() {
  const file = join(local.dir, 'dwh.cfg');
  writeFileSync(
    file,
    `[WAREHOUSE]\nENGINE = redshift\n[CLUSTER]\nHOST = dwh.example.com\nDB_NAME = sparkify\nDB_USER = etl\nDB_PASSWORD = S3cret-Pa55\n` +
      `[S3]\nLOG_DATA = ${local.fixture.logData}\nLOG_JSONPATH = auto ignorecase\nSONG_DATA = ${local.fixture.songData}\nSTAGING_PREFIX = s3://staging/run\n` +
      `ENDPOINT = ${local.s3.endpoint}\nFORCE_PATH_STYLE = true\n`,
  );
  return loadConfig(file, { required: true, env: {} });
}

const COPY_TAIL = ['MANIFEST', 'GZIP'];

/** What the lock step and the ledger send first, inside the run's one transaction. */
const RUN_BEGIN = [
  'SELECT pg_backend_pid() AS pid',
  createTableSql(SPARKIFY_RUNS, redshiftDialect, { ifNotExists: true }),
  expect.stringMatching(/^SELECT pid, TRIM\(txn_owner\) AS owner, txn_start AS since FROM svv_transactions\nWHERE relation = \(SELECT oid FROM pg_class WHERE relname = 'sparkify_runs'/),
  'BEGIN',
  'SET statement_timeout TO 2000',
  'LOCK sparkify_runs',
  'SET statement_timeout TO 0',
  ...LEDGER_TABLES.map((t) => createTableSql(t, redshiftDialect, { ifNotExists: true })),
  'SELECT pg_backend_pid() AS pid',
  "UPDATE sparkify_runs SET status = 'interrupted', message = $1 WHERE status = 'running'",
  'SELECT COALESCE(MAX(run_id), 0) + 1 AS id FROM sparkify_runs',
  expect.stringMatching(/^INSERT INTO sparkify_runs \(run_id, command, status, started,/),
];

it('runs the whole ETL on Redshift as one transaction that starts with LOCK sparkify_runs, statement by statement', async () => {
  const fake = new FakeRedshift()
    .on('SELECT COUNT(*) AS n FROM stv_slices', { rows: [{ n: 2 }] })
    .on('SELECT pg_backend_pid() AS pid', { rows: [{ pid: 77 }] })
    .on('SELECT COALESCE(MAX(run_id), 0) + 1 AS id FROM sparkify_runs', { rows: [{ id: 3 }] })
    .on('SELECT pg_last_copy_count() AS n', { rows: [{ n: 8 }] })
    .on(/AS expected/, { rows: [{ expected: 5, actual: 5 }] })
    .on(/^SELECT table_name AS name FROM information_schema\.tables/, { rows: ALL_TABLES.map((t) => ({ name: t.name })) })
    .on(/^SELECT 'songplays' AS name, COUNT\(\*\) AS n FROM songplays/, { rows: STAR_TABLES.map((t) => ({ name: t.name, n: 5 })) })
    .on(/^SELECT 'staging_events' AS name, COUNT\(\*\) AS n FROM staging_events/, { rows: ALL_TABLES.map((t) => ({ name: t.name, n: 3 })) });
  const cfg = config();
  const { warehouse } = await RedshiftWarehouse.open(cfg, { connector: fake.connector });
  const events: PipelineEvent[] = [];
  const result = await runPipeline({ config: cfg, steps: etlSteps(), emit: (e) => events.push(e), warehouse, run: { command: 'etl' } });
  expect(events.filter((e) => e.type === 'step-error')).toEqual([]);
  expect(result).toMatchObject({ ok: true, exitCode: 0, runId: 3 });

  const copyOf = (table: string, format: string, timeformat: boolean): string =>
    [
      `COPY ${table}`,
      `FROM 's3://staging/run/${table}.manifest'`,
      'IAM_ROLE default',
      `FORMAT AS JSON '${format}'`,
      ...COPY_TAIL,
      ...(timeformat ? ["TIMEFORMAT AS 'epochmillisecs'"] : []),
      'MAXERROR 0',
      'COMPUPDATE OFF STATUPDATE ON',
    ].join('\n');
  // Staging joins the run's transaction: no BEGIN or COMMIT of its own.
  const stage = (table: string, format: string, timeformat: boolean): string[] => [
    'SELECT COUNT(*) AS n FROM stv_slices',
    `DELETE FROM ${table}`,
    LOAD_START_SQL,
    copyOf(table, format, timeformat),
    'SELECT pg_last_copy_count() AS n',
  ];
  const sent = fake.statements(1);
  expect(sent).toEqual([
    ...RUN_BEGIN,
    ...BUILT_TABLES.map((t) => createTableSql(t, redshiftDialect, { ifNotExists: true })),
    ...stage('staging_events', 'auto ignorecase', true),
    ...stage('staging_songs', 'auto', false),
    // A full load replaces the merge state of incremental loads with its table.
    ...TRANSFORMS.flatMap((tr) => [`DELETE FROM ${tr.table}`, tr.insert, ...(FULL_STATE[tr.id]?.statements ?? [])]),
    ...CHECKS.map((c) => c.sql),
    'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()',
    STAR_TABLES.map((table) => `SELECT '${table.name}' AS name, COUNT(*) AS n FROM ${table.name}`).join('\nUNION ALL\n'),
    expect.stringMatching(/^UPDATE sparkify_runs SET status = \$2, finished = \$3, table_rows = \$4/),
    // The files the run read: the two local log files and the song files.
    expect.stringMatching(/^INSERT INTO sparkify_files \(run_id, table_name, location, size, version, records, rejected\) VALUES /),
    // What the run listed per staging table.
    'INSERT INTO sparkify_listings (run_id, table_name, files, digest) VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)',
    // The publish, the ledger's record of it and everything staged commit together.
    'COMMIT',
    // Statistics of the published star tables, each outside the run's transaction block.
    ...STAR_TABLES.map((t) => `ANALYZE ${t.name}`),
    'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()',
    // The summary counts staging; the star tables were counted in the publish.
    STAGING_TABLES.map((table) => `SELECT '${table.name}' AS name, COUNT(*) AS n FROM ${table.name}`).join('\nUNION ALL\n'),
    'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1',
  ]);
  expect(sent.filter((s) => s === 'BEGIN')).toHaveLength(1);
  const finish = fake.sent.find((s) => s.text.startsWith('UPDATE sparkify_runs SET status = $2'))!;
  expect(finish.values?.slice(0, 2)).toEqual([3, 'ok']);
  expect(JSON.parse(finish.values![3] as string)).toEqual({ songplays: 5, users: 5, songs: 5, artists: 5, time: 5 });
  expect(finish.values?.slice(4, 8)).toEqual([16, 16, 0, 1]);
  const done = events.filter((e): e is Extract<PipelineEvent, { type: 'step-done' }> => e.type === 'step-done');
  expect(done.map((e) => [e.step, e.rows])).toEqual([
    ['check-inputs', 0],
    ['lock', 0],
    ['find-inputs', 0],
    ['create-tables', 0],
    ['stage-events', 8],
    ['stage-songs', 8],
    ['load-songplays', 0],
    ['load-users', 0],
    ['load-songs', 0],
    ['load-artists', 0],
    ['load-time', 0],
    ['checks', 0],
  ]);
  expect(done[4]!.detail).toBe('2 file(s) in 1 gzip part(s), 8 record(s)');
  await warehouse.close();
});

it('a failed ANALYZE after the commit is a warning: the run is published and ok', async () => {
  const fake = new FakeRedshift()
    .on('SELECT COUNT(*) AS n FROM stv_slices', { rows: [{ n: 2 }] })
    .on('SELECT pg_backend_pid() AS pid', { rows: [{ pid: 77 }] })
    .on('SELECT COALESCE(MAX(run_id), 0) + 1 AS id FROM sparkify_runs', { rows: [{ id: 5 }] })
    .on('SELECT pg_last_copy_count() AS n', { rows: [{ n: 8 }] })
    .on(/AS expected/, { rows: [{ expected: 5, actual: 5 }] })
    .on('ANALYZE users', () => Promise.reject(pgError('permission denied for relation users')));
  const cfg = config();
  const { warehouse } = await RedshiftWarehouse.open(cfg, { connector: fake.connector });
  const events: PipelineEvent[] = [];
  const result = await runPipeline({ config: cfg, steps: etlSteps(), emit: (e) => events.push(e), warehouse, run: { command: 'etl' } });
  expect(result).toMatchObject({ ok: true, exitCode: 0, runId: 5 });
  const sent = fake.statements(1);
  const commit = sent.indexOf('COMMIT');
  expect(sent.slice(commit + 1, commit + 6)).toEqual(STAR_TABLES.map((t) => `ANALYZE ${t.name}`));
  expect(sent.filter((s) => s === 'ROLLBACK')).toEqual([]);
  const warnings = events.filter((e) => e.type === 'step-warning').map((e) => (e as { message: string }).message);
  expect(warnings).toEqual([expect.stringMatching(/^ANALYZE users failed \(.*permission denied for relation users.*\); the published rows are unchanged/)]);
  await warehouse.close();
});

it('a failed check rolls the whole run back, then records the failure in a transaction of its own', async () => {
  const fake = new FakeRedshift()
    .on('SELECT COUNT(*) AS n FROM stv_slices', { rows: [{ n: 2 }] })
    .on('SELECT pg_backend_pid() AS pid', { rows: [{ pid: 77 }] })
    .on('SELECT COALESCE(MAX(run_id), 0) + 1 AS id FROM sparkify_runs', { rows: [{ id: 4 }] })
    .on('SELECT pg_last_copy_count() AS n', { rows: [{ n: 8 }] })
    .on(/AS expected/, { rows: [{ expected: 5, actual: 4 }] });
  const cfg = config();
  const { warehouse } = await RedshiftWarehouse.open(cfg, { connector: fake.connector });
  const result = await runPipeline({ config: cfg, steps: etlSteps(), emit: () => undefined, warehouse, run: { command: 'etl' } });
  expect(result).toMatchObject({ ok: false, exitCode: 1, runId: 4 });
  const sent = fake.statements(1);
  const rollback = sent.indexOf('ROLLBACK');
  expect(sent.slice(0, rollback).filter((s) => s === 'COMMIT')).toEqual([]);
  // The failure, and the files the run read, in a transaction of their own.
  expect(sent.slice(rollback + 1, rollback + 5)).toEqual([
    'BEGIN',
    expect.stringMatching(/^UPDATE sparkify_runs SET status = \$2/),
    expect.stringMatching(/^INSERT INTO sparkify_files /),
    'COMMIT',
  ]);
  const finish = fake.sent.find((s) => s.text.startsWith('UPDATE sparkify_runs SET status = $2'))!;
  expect(finish.values?.slice(0, 2)).toEqual([4, 'failed']);
  expect(finish.values?.[8]).toMatch(/^Checks failed: 5 check\(s\) failed, nothing was published/);
  await warehouse.close();
});

it('a second run refuses at once, naming the session that holds LOCK sparkify_runs', async () => {
  const fake = new FakeRedshift()
    .on('SELECT pg_backend_pid() AS pid', { rows: [{ pid: 78 }] })
    .on(/FROM svv_transactions/, { rows: [{ pid: 77, owner: 'etl', since: new Date('2026-12-01T20:00:00Z') }] });
  const cfg = config();
  const { warehouse } = await RedshiftWarehouse.open(cfg, { connector: fake.connector });
  const events: PipelineEvent[] = [];
  const result = await runPipeline({ config: cfg, steps: etlSteps(), emit: (e) => events.push(e), warehouse, run: { command: 'etl' } });
  expect(result).toMatchObject({ ok: false, exitCode: 1 });
  expect(events.find((e) => e.type === 'step-error')).toMatchObject({
    step: 'lock',
    title: 'Warehouse in use',
    message: `${warehouse.target} is in use by a sparkify run as etl (backend 77, since 2026-12-01 20:00:00 UTC); try again when it has finished, or pass --wait [SECONDS]`,
  });
  expect(fake.statements(1)).not.toContain('LOCK sparkify_runs');
  expect(fake.statements(1).filter((s) => /^(DELETE|COPY|INSERT)/.test(s))).toEqual([]);
  await warehouse.close();
});

it('drops and creates every table in one transaction for create-tables', async () => {
  const fake = new FakeRedshift();
  const cfg = config();
  const { warehouse } = await RedshiftWarehouse.open(cfg, { connector: fake.connector });
  const result = await runPipeline({ config: cfg, steps: createTablesSteps(), emit: () => undefined, warehouse, run: { command: 'create-tables' } });
  expect(result.ok).toBe(true);
  const sent = fake.statements(1).slice(RUN_BEGIN.length);
  expect(fake.statements(1).slice(0, RUN_BEGIN.length)).toEqual(RUN_BEGIN);
  expect(sent.slice(0, 9)).toEqual(BUILT_TABLES.map((table) => `DROP TABLE IF EXISTS ${table.name}`));
  expect(sent.slice(9, 18).map((s) => s.split('\n').at(-1))).toEqual([
    'DISTSTYLE EVEN',
    'DISTSTYLE EVEN',
    'DISTSTYLE KEY DISTKEY (start_time) COMPOUND SORTKEY (start_time)',
    'DISTSTYLE ALL COMPOUND SORTKEY (user_id)',
    'DISTSTYLE ALL COMPOUND SORTKEY (song_id)',
    'DISTSTYLE ALL COMPOUND SORTKEY (artist_id)',
    'DISTSTYLE KEY DISTKEY (start_time) COMPOUND SORTKEY (start_time)',
    'DISTSTYLE ALL COMPOUND SORTKEY (song_id)',
    'DISTSTYLE ALL COMPOUND SORTKEY (user_id)',
  ]);
  expect(sent.slice(18, 20)).toEqual([
    'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()',
    expect.stringMatching(/^UPDATE sparkify_runs SET status = \$2/),
  ]);
  expect(sent[20]).toBe('COMMIT');
  expect(sent.filter((s) => s === 'BEGIN')).toEqual([]);
  await warehouse.close();
});
