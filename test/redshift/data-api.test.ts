import { ExecuteStatementCommand, GetStatementResultCommand, CancelStatementCommand, RedshiftDataClient, BatchExecuteStatementCommand } from '@aws-sdk/client-redshift-data';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { LOAD_START_SQL } from '../../src/engines/redshift/copy-sql.js';
import { namedParameters } from '../../src/engines/redshift/data-api.js';
import { redshiftDialect } from '../../src/engines/redshift/redshift-dialect.js';
import { RedshiftWarehouse } from '../../src/engines/redshift/redshift.js';
import type { PipelineEvent } from '../../src/etl/events.js';
import { runPipeline } from '../../src/etl/run-pipeline.js';
import { etlSteps } from '../../src/etl/steps.js';
import { exportRows } from '../../src/queries/export.js';
import { createTableSql } from '../../src/sql/ddl.js';
import { ALL_TABLES, SPARKIFY_RUNS, STAR_TABLES } from '../../src/sql/tables.js';
import { TRANSFORMS } from '../../src/sql/transforms.js';
import { cli } from '../helpers/cli-in-process.js';
import { FakeDataApi } from './fake-data-api.js';
import { useLocalStaging } from './local-staging.js';
import { pgError } from './fake-redshift.js';
import { Writable } from 'node:stream';

const local = useLocalStaging(['staging']);
let fake: FakeDataApi;
afterEach(() => fake?.restore());

function configFile(extra: string[] = []): string {
  const file = join(local.dir, `${Math.random().toString(36).slice(2)}.cfg`);
  writeFileSync(
    file,
    [
      '[WAREHOUSE]', 'ENGINE = redshift',
      '[REDSHIFT]', 'TRANSPORT = data-api',
      '[CLUSTER]', 'DB_NAME = sparkify', 'DB_USER = etl',
      '[DWH]', 'CLUSTER_IDENTIFIER = sparkify-dwh', 'REGION = us-west-2',
      '[S3]', `LOG_DATA = ${local.fixture.logData}`, 'LOG_JSONPATH = auto ignorecase', `SONG_DATA = ${local.fixture.songData}`,
      'STAGING_PREFIX = s3://staging/run', `ENDPOINT = ${local.s3.endpoint}`, 'FORCE_PATH_STYLE = true',
      ...extra,
    ].join('\n'),
  );
  return file;
}
const config = (extra: string[] = []) => loadConfig(configFile(extra), { required: true, env: {} });
const open = (cfg = config()) => RedshiftWarehouse.open(cfg, { dataApi: new RedshiftDataClient({ region: 'us-west-2' }), dataApiPollMs: [1, 4] });

describe('[REDSHIFT] TRANSPORT = data-api', () => {
  it('opens one session: the first ExecuteStatement names the cluster, database and user, the others the session only', async () => {
    fake = new FakeDataApi();
    fake.sql.on('SELECT version() AS version', { rows: [{ version: 'Redshift 1.0.80000' }] });
    const { warehouse } = await open();
    expect(warehouse.target).toBe('redshift cluster sparkify-dwh/sparkify in us-west-2 as etl, through the Redshift Data API (HTTPS, no port 5439)');
    expect(await warehouse.version()).toBe('Redshift 1.0.80000');
    await warehouse.query('SELECT title FROM songs WHERE year = $1 AND title <> $2 AND artist_id = $3', [2000, "it's", null]);
    expect(fake.executed()).toEqual([
      { ClusterIdentifier: 'sparkify-dwh', Database: 'sparkify', DbUser: 'etl', SessionKeepAliveSeconds: 900, Sql: 'SELECT 1' },
      { SessionId: 'session-1', Sql: 'SELECT version() AS version' },
      // Named parameters with text values; a null is written in place (a parameter takes a text value only).
      {
        SessionId: 'session-1',
        Sql: 'SELECT title FROM songs WHERE year = :p1 AND title <> :p2 AND artist_id = NULL',
        Parameters: [{ name: 'p1', value: '2000' }, { name: 'p2', value: "it's" }],
      },
    ]);
    await warehouse.close();
  });

  it('logs in with a Secrets Manager secret, or runs on a Serverless workgroup as the caller', async () => {
    const secret = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:sparkify-dwh';
    fake = new FakeDataApi();
    const withSecret = configFile();
    writeFileSync(withSecret, readFileSync(withSecret, 'utf8').replace('TRANSPORT = data-api', `TRANSPORT = data-api\nSECRET_ARN = ${secret}`));
    const cluster = await open(loadConfig(withSecret, { required: true, env: {} }));
    // The secret holds the login: no DbUser beside it.
    expect(fake.executed()[0]).toEqual({ ClusterIdentifier: 'sparkify-dwh', Database: 'sparkify', SecretArn: secret, SessionKeepAliveSeconds: 900, Sql: 'SELECT 1' });
    await cluster.warehouse.close();
    fake.restore();
    fake = new FakeDataApi();
    const workgroup = join(local.dir, 'wg-data-api.cfg');
    writeFileSync(workgroup, ['[WAREHOUSE]', 'ENGINE = redshift', '[REDSHIFT]', 'TRANSPORT = data-api', '[CLUSTER]', 'DB_NAME = dev', 'DB_USER = etl', '[DWH]', 'WORKGROUP = sparkify', 'REGION = us-east-1'].join('\n'));
    const serverless = await open(loadConfig(workgroup, { required: true, env: {} }));
    // A workgroup's user is the caller's IAM identity: DB_USER is not sent.
    expect(fake.executed()[0]).toEqual({ WorkgroupName: 'sparkify', Database: 'dev', SessionKeepAliveSeconds: 900, Sql: 'SELECT 1' });
    expect(serverless.warehouse.target).toBe('redshift serverless workgroup sparkify/dev in us-east-1 as the caller’s IAM identity, through the Redshift Data API (HTTPS, no port 5439)');
    await serverless.warehouse.close();
  });

  it('pages results with GetStatementResult (NextToken), typed as the pg transport types them', async () => {
    fake = new FakeDataApi({ pageSize: 2 });
    const at = new Date('2018-11-01T21:01:46.796Z');
    const rows = [1, 2, 3, 4, 5].map((n) => ({ songplay_id: n, start_time: at, song_id: n % 2 ? null : `SO${n}`, duration: n + 0.5 }));
    fake.sql.on(/^SELECT songplay_id/, { rows });
    const { warehouse } = await open();
    const result = await warehouse.query('SELECT songplay_id, start_time, song_id, duration FROM songplays ORDER BY songplay_id');
    expect(result.rows).toEqual(rows);
    expect(result.fields.map((f) => [f.name, f.dataTypeID])).toEqual([['songplay_id', 20], ['start_time', 1114], ['song_id', 1043], ['duration', 701]]);
    const pages = fake.mock.commandCalls(GetStatementResultCommand).map((c) => c.args[0].input);
    const last = pages.at(-1)!.Id;
    expect(pages.filter((p) => p.Id === last).map((p) => p.NextToken)).toEqual([undefined, '2', '4']);
    // An export reads the same pages, in batches, without a cursor.
    let csv = '';
    const out = new Writable({ write: (chunk, _e, done) => ((csv += String(chunk)), done()) });
    const exported = await exportRows(warehouse, 'SELECT songplay_id, start_time, song_id, duration FROM songplays ORDER BY songplay_id', [], out, { batchSize: 2 });
    expect(exported.rows).toBe(5);
    expect(csv.split('\n').slice(0, 3)).toEqual(['songplay_id,start_time,song_id,duration', '1,2018-11-01T21:01:46.796Z,,1.5', '2,2018-11-01T21:01:46.796Z,SO2,2.5']);
    expect(fake.sql.statements(1).filter((s) => /DECLARE|FETCH/.test(s))).toEqual([]);
    await warehouse.close();
  });

  it('a failed statement is one error with the database text; create-tables outside a run is one BatchExecuteStatement', async () => {
    fake = new FakeDataApi();
    fake.sql.on('SELECT * FROM nowhere', () => Promise.reject(pgError('relation "nowhere" does not exist')));
    const { warehouse } = await open();
    await expect(warehouse.query('SELECT * FROM nowhere')).rejects.toThrow('relation "nowhere" does not exist');
    expect(await warehouse.transaction(['CREATE TABLE a (x INTEGER)', 'CREATE TABLE b (y INTEGER)'])).toEqual([0, 0]);
    expect(fake.mock.commandCalls(BatchExecuteStatementCommand).map((c) => c.args[0].input)).toEqual([{ SessionId: 'session-1', Sqls: ['CREATE TABLE a (x INTEGER)', 'CREATE TABLE b (y INTEGER)'] }]);
    await warehouse.close();
  });

  it('cancel asks CancelStatement for the running statement', async () => {
    fake = new FakeDataApi();
    let release!: () => void;
    fake.sql.on(/^SELECT pg_sleep/, () => new Promise((resolve) => (release = () => resolve({ rows: [] }))));
    const { warehouse } = await open();
    const running = warehouse.query('SELECT pg_sleep(600)').then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    await warehouse.cancel();
    expect((await running)?.message).toMatch(/^canceling statement due to user request/);
    release();
    const cancels = fake.mock.commandCalls(CancelStatementCommand).map((c) => c.args[0].input);
    const sleeping = fake.mock.commandCalls(ExecuteStatementCommand).findIndex((c) => c.args[0].input.Sql === 'SELECT pg_sleep(600)');
    expect(cancels).toEqual([{ Id: `statement-${sleeping + 1}` }]);
    await warehouse.close();
  });

  it('runs the whole ETL through the Data API: one session holds the run from LOCK to COMMIT', async () => {
    fake = new FakeDataApi();
    fake.sql
      .on('SELECT pg_backend_pid() AS pid', { rows: [{ pid: 77 }] })
      .on('SELECT COALESCE(MAX(run_id), 0) + 1 AS id FROM sparkify_runs', { rows: [{ id: 3 }] })
      .on('SELECT COUNT(*) AS n FROM stv_slices', { rows: [{ n: 2 }] })
      .on('SELECT pg_last_copy_count() AS n', { rows: [{ n: 8 }] })
      .on(/AS expected/, { rows: [{ expected: 5, actual: 5 }] })
      .on(/^SELECT table_name AS name FROM information_schema\.tables/, { rows: ALL_TABLES.map((t) => ({ name: t.name })) })
      .on(/^SELECT 'songplays' AS name, COUNT\(\*\) AS n FROM songplays/, { rows: STAR_TABLES.map((t) => ({ name: t.name, n: 5 })) });
    const cfg = config();
    const { warehouse } = await open(cfg);
    const events: PipelineEvent[] = [];
    const result = await runPipeline({ config: cfg, steps: etlSteps(), emit: (e) => events.push(e), warehouse, run: { command: 'etl' } });
    expect(events.filter((e) => e.type === 'step-error')).toEqual([]);
    expect(result).toMatchObject({ ok: true, runId: 3 });
    const sent = fake.sql.statements(1);
    const begin = sent.indexOf('BEGIN');
    const commit = sent.indexOf('COMMIT');
    expect(sent.slice(begin, begin + 4)).toEqual(['BEGIN', 'SET statement_timeout TO 2000', 'LOCK sparkify_runs', 'SET statement_timeout TO 0']);
    expect(sent.slice(0, begin)).toContain(createTableSql(SPARKIFY_RUNS, redshiftDialect, { ifNotExists: true }));
    const inRun = sent.slice(begin, commit);
    for (const t of TRANSFORMS) expect(inRun).toContain(t.insert);
    expect(inRun.filter((s) => s.startsWith('COPY '))).toHaveLength(2);
    expect(inRun).toContain(LOAD_START_SQL);
    expect(sent.filter((s) => s === 'BEGIN' || s === 'COMMIT')).toEqual(['BEGIN', 'COMMIT']);
    expect(sent.slice(commit + 1, commit + 6)).toEqual(STAR_TABLES.map((t) => `ANALYZE ${t.name}`));
    // The run's statements all went to the first session; each COPY's progress was watched from a session of its own.
    expect(fake.executed().filter((input) => !input.SessionId)).toHaveLength(3);
    for (const monitor of [2, 3]) {
      expect(fake.sql.statements(monitor).filter((s) => !/^SELECT 1$|sys_load_history|stv_load_state/.test(s))).toEqual([]);
    }
    await warehouse.close();
  });
});

describe('transport settings', () => {
  it('refuses an unknown TRANSPORT (exit 2), and data-api without a cluster or workgroup', async () => {
    const file = join(local.dir, 'bad-transport.cfg');
    writeFileSync(file, ['[WAREHOUSE]', 'ENGINE = redshift', '[REDSHIFT]', 'TRANSPORT = jdbc'].join('\n'));
    const bad = await cli(['status', '--config', file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad-transport\.cfg:4: \[REDSHIFT\] TRANSPORT = "jdbc" is not a transport; use pg \(a connection on port 5439\) or data-api/);
    const none = join(local.dir, 'no-target.cfg');
    writeFileSync(none, ['[WAREHOUSE]', 'ENGINE = redshift', '[REDSHIFT]', 'TRANSPORT = data-api', '[CLUSTER]', 'DB_NAME = dev'].join('\n'));
    const missing = await cli(['status', '--config', none]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('[REDSHIFT] TRANSPORT = data-api needs [DWH] CLUSTER_IDENTIFIER or [DWH] WORKGROUP');
  });

  it('the dry run says the statements go through the Data API, to the workgroup', async () => {
    const dry = await cli(['etl', '--dry-run', '--config', configFile()]);
    expect(dry.code).toBe(0);
    expect(dry.stdout.split('\n')[0]).toBe('-- redshift: redshift cluster sparkify-dwh/sparkify in us-west-2 as etl, through the Redshift Data API (HTTPS, no port 5439)');
    const file = join(local.dir, 'workgroup.cfg');
    writeFileSync(file, ['[WAREHOUSE]', 'ENGINE = redshift', '[REDSHIFT]', 'TRANSPORT = data-api', '[CLUSTER]', 'DB_NAME = dev', '[DWH]', 'WORKGROUP = sparkify', 'REGION = eu-west-1', '[S3]', 'LOG_DATA = s3://udacity-dend/log_data', 'SONG_DATA = s3://udacity-dend/song_data', 'LOG_JSONPATH = auto'].join('\n'));
    const serverless = await cli(['etl', '--dry-run', '--config', file]);
    expect(serverless.stderr).toBe('');
    expect(serverless.stdout.split('\n')[0]).toBe('-- redshift: redshift serverless workgroup sparkify/dev in eu-west-1 as the caller’s IAM identity, through the Redshift Data API (HTTPS, no port 5439)');
  });

  it('named parameters leave placeholders in literals and comments alone', () => {
    expect(namedParameters("SELECT '$1', $1 -- $2\n, $2", ['a', 'b'])).toEqual({ sql: "SELECT '$1', :p1 -- $2\n, :p2", parameters: [{ name: 'p1', value: 'a' }, { name: 'p2', value: 'b' }] });
  });
});
