import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import type { PipelineEvent } from '../../src/etl/events.js';
import { runPipeline } from '../../src/etl/run-pipeline.js';
import { createTablesSteps, etlSteps } from '../../src/etl/steps.js';
import { ALL_TABLES } from '../../src/sql/tables.js';
import { CHECKS, TRANSFORMS } from '../../src/sql/transforms.js';
import { RedshiftWarehouse } from '../../src/warehouse/redshift.js';
import { useLocalStaging } from './local-staging.js';
import { FakeRedshift } from './fake-redshift.js';

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

it('sends every statement of the ETL to Redshift in order, each transform in its own transaction', async () => {
  const fake = new FakeRedshift()
    .on('SELECT COUNT(*) AS n FROM stv_slices', { rows: [{ n: 2 }] })
    .on('SELECT pg_backend_pid() AS pid', { rows: [{ pid: 77 }] })
    .on('SELECT pg_last_copy_count() AS n', { rows: [{ n: 8 }] })
    .on(/AS expected/, { rows: [{ expected: 5, actual: 5 }] })
    .on(/^SELECT table_name AS name FROM information_schema\.tables/, { rows: ALL_TABLES.map((t) => ({ name: t.name })) })
    .on(/^SELECT 'staging_events' AS name, COUNT\(\*\) AS n FROM staging_events/, { rows: ALL_TABLES.map((t) => ({ name: t.name, n: 3 })) });
  const cfg = config();
  const { warehouse } = await RedshiftWarehouse.open(cfg, { connector: fake.connector });
  const events: PipelineEvent[] = [];
  const result = await runPipeline({ config: cfg, steps: etlSteps(), emit: (e) => events.push(e), warehouse });
  expect(events.filter((e) => e.type === 'step-error')).toEqual([]);
  expect(result.ok).toBe(true);

  const sent = fake.statements(1);
  const creates = sent.slice(1, 8);
  expect(sent[0]).toBe('BEGIN');
  expect(creates.map((s) => s.split('\n')[0])).toEqual(ALL_TABLES.map((table) => `CREATE TABLE IF NOT EXISTS ${table.name} (`));
  expect(sent[8]).toBe('COMMIT');
  const copyOf = (table: string, format: string, timeformat: boolean): string =>
    [
      `COPY ${table}`,
      `FROM 's3://staging/run/${table}.manifest'`,
      'IAM_ROLE default',
      `FORMAT AS JSON '${format}'`,
      ...COPY_TAIL,
      ...(timeformat ? ["TIMEFORMAT AS 'epochmillisecs'"] : []),
      'MAXERROR 0',
      'COMPUPDATE OFF STATUPDATE OFF',
    ].join('\n');
  const stage = (table: string, format: string, timeformat: boolean): string[] => [
    'SELECT COUNT(*) AS n FROM stv_slices',
    'SELECT pg_backend_pid() AS pid',
    'BEGIN',
    `DELETE FROM ${table}`,
    copyOf(table, format, timeformat),
    'SELECT pg_last_copy_count() AS n',
    'COMMIT',
  ];
  const transforms = TRANSFORMS.flatMap((tr) => ['BEGIN', `DELETE FROM ${tr.table}`, tr.insert, 'COMMIT']);
  expect(sent.slice(9)).toEqual([
    ...stage('staging_events', 'auto ignorecase', true),
    ...stage('staging_songs', 'auto', false),
    ...transforms,
    ...CHECKS.map((c) => c.sql),
    'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()',
    ALL_TABLES.map((table) => `SELECT '${table.name}' AS name, COUNT(*) AS n FROM ${table.name}`).join('\nUNION ALL\n'),
  ]);
  const done = events.filter((e): e is Extract<PipelineEvent, { type: 'step-done' }> => e.type === 'step-done');
  expect(done.map((e) => [e.step, e.rows])).toEqual([
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
  expect(done[1]!.detail).toBe('2 file(s) in 1 gzip part(s), 8 record(s)');
  await warehouse.close();
});

it('drops and creates every table in one transaction for create-tables', async () => {
  const fake = new FakeRedshift();
  const cfg = config();
  const { warehouse } = await RedshiftWarehouse.open(cfg, { connector: fake.connector });
  const result = await runPipeline({ config: cfg, steps: createTablesSteps(), emit: () => undefined, warehouse });
  expect(result.ok).toBe(true);
  const sent = fake.statements(1);
  expect(sent.slice(0, 8)).toEqual(['BEGIN', ...ALL_TABLES.map((table) => `DROP TABLE IF EXISTS ${table.name}`)]);
  expect(sent.slice(8, 15).map((s) => s.split('\n').at(-1))).toEqual([
    'DISTSTYLE EVEN',
    'DISTSTYLE EVEN',
    'DISTSTYLE KEY DISTKEY (start_time) COMPOUND SORTKEY (start_time)',
    'DISTSTYLE ALL COMPOUND SORTKEY (user_id)',
    'DISTSTYLE ALL COMPOUND SORTKEY (song_id)',
    'DISTSTYLE ALL COMPOUND SORTKEY (artist_id)',
    'DISTSTYLE KEY DISTKEY (start_time) COMPOUND SORTKEY (start_time)',
  ]);
  expect(sent[15]).toBe('COMMIT');
  await warehouse.close();
});
