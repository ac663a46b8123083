import {
  ClusterNotFoundFault,
  GetClusterCredentialsCommand,
  GetClusterCredentialsWithIAMCommand,
  RedshiftClient,
} from '@aws-sdk/client-redshift';
import { mockClient } from 'aws-sdk-client-mock';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { describeError } from '../../src/errors.js';
import { pgClientConfig } from '../../src/engines/postgres/pg-connect.js';
import { RedshiftWarehouse } from '../../src/engines/redshift/redshift.js';
import { tempDir } from '../helpers/paths.js';
import { FakeRedshift, pgError } from './fake-redshift.js';

const t = tempDir();
afterAll(() => t.cleanup());
const redshift = mockClient(RedshiftClient);
afterEach(() => redshift.reset());

function config(text: string, env: NodeJS.ProcessEnv = {}) {
  const file = join(t.dir, `dwh-${Math.random().toString(36).slice(2)}.cfg`);
  writeFileSync(file, `[WAREHOUSE]\nENGINE = redshift\n${text}`);
  return loadConfig(file, { required: true, env });
}

const CLUSTER = '[CLUSTER]\nHOST = dwh.abc.us-west-2.redshift.amazonaws.com\nDB_NAME = sparkify\n';

describe('connecting to Redshift', () => {
  it('uses [CLUSTER] with port 5439 and verified SSL by default', async () => {
    const fake = new FakeRedshift().on('SELECT version() AS version', { rows: [{ version: 'PostgreSQL 8.0.2 on i686-pc-linux-gnu, Redshift 1.0.77467' }] });
    const { warehouse } = await RedshiftWarehouse.open(config(`${CLUSTER}DB_USER = etl\nDB_PASSWORD = S3cret-Pa55\n`), { connector: fake.connector });
    expect(warehouse.target).toBe('redshift etl@dwh.abc.us-west-2.redshift.amazonaws.com:5439/sparkify');
    expect(await warehouse.version()).toBe('PostgreSQL 8.0.2 on i686-pc-linux-gnu, Redshift 1.0.77467');
    expect(fake.logins).toEqual([{ host: 'dwh.abc.us-west-2.redshift.amazonaws.com', port: 5439, database: 'sparkify', user: 'etl', password: 'S3cret-Pa55', ssl: 'verify' }]);
    const pg = pgClientConfig(fake.logins[0]!, 30);
    expect(pg.ssl).toEqual({ rejectUnauthorized: true });
    expect(pg.keepAlive).toBe(true);
    expect(pgClientConfig({ ...fake.logins[0]!, ssl: 'require' }, 30).ssl).toEqual({ rejectUnauthorized: false });
    expect(pgClientConfig({ ...fake.logins[0]!, ssl: 'disable' }, 30).ssl).toBe(false);
    await warehouse.close();
    await warehouse.close();
    expect(fake.ended).toEqual([1]);
  });

  it('honours [CLUSTER] DB_PORT and SSL', async () => {
    const fake = new FakeRedshift();
    const { warehouse } = await RedshiftWarehouse.open(config(`${CLUSTER}DB_USER = etl\nDB_PASSWORD = S3cret-Pa55\nDB_PORT = 5440\nSSL = require\n`), { connector: fake.connector });
    expect(fake.logins[0]).toMatchObject({ port: 5440, ssl: 'require' });
    await warehouse.close();
  });

  it('logs in with temporary credentials when there is no password, and renews them when they expire', async () => {
    let now = Date.UTC(2024, 5, 1, 12, 0, 0);
    redshift
      .on(GetClusterCredentialsCommand)
      .resolvesOnce({ DbUser: 'IAM:etl', DbPassword: 'temp-password-1', Expiration: new Date(now + 15 * 60_000) })
      .resolvesOnce({ DbUser: 'IAM:etl', DbPassword: 'temp-password-2', Expiration: new Date(now + 30 * 60_000) });
    const fake = new FakeRedshift().on('SELECT pg_backend_pid() AS pid', { rows: [{ pid: 1234 }] });
    const cfg = config(`${CLUSTER}DB_USER = etl\n[DWH]\nCLUSTER_IDENTIFIER = sparkify-dwh\nREGION = us-west-2\n`);
    const { warehouse } = await RedshiftWarehouse.open(cfg, { connector: fake.connector, redshift: new RedshiftClient({ region: 'us-west-2' }), now: () => now });

    // A second connection 10 minutes later reuses the credentials; 14.5 minutes later (within a minute of
    // expiry) new ones are fetched first.
    now += 10 * 60_000;
    const early = await warehouse.openSession();
    now += 4.5 * 60_000;
    const late = await warehouse.openSession();
    expect(fake.logins.map((l) => [l.user, l.password])).toEqual([
      ['IAM:etl', 'temp-password-1'],
      ['IAM:etl', 'temp-password-1'],
      ['IAM:etl', 'temp-password-2'],
    ]);
    const calls = redshift.commandCalls(GetClusterCredentialsCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.args[0].input).toEqual({ ClusterIdentifier: 'sparkify-dwh', DbName: 'sparkify', DbUser: 'etl', DurationSeconds: 900, AutoCreate: false });
    expect(await warehouse.backendPid()).toBe(1234);
    await Promise.all([early.close(), late.close(), warehouse.close()]);
  });

  it('asks AWS once for connections that open at the same time', async () => {
    let now = Date.UTC(2024, 5, 1, 12, 0, 0);
    redshift
      .on(GetClusterCredentialsCommand)
      .resolvesOnce({ DbUser: 'IAM:etl', DbPassword: 'temp-password-1', Expiration: new Date(now + 15 * 60_000) })
      .resolvesOnce({ DbUser: 'IAM:etl', DbPassword: 'temp-password-2', Expiration: new Date(now + 30 * 60_000) });
    const fake = new FakeRedshift();
    const cfg = config(`${CLUSTER}DB_USER = etl\n[DWH]\nCLUSTER_IDENTIFIER = sparkify-dwh\n`);
    const { warehouse } = await RedshiftWarehouse.open(cfg, { connector: fake.connector, redshift: new RedshiftClient({ region: 'us-west-2' }), now: () => now });
    now += 20 * 60_000;
    const sessions = await Promise.all([warehouse.openSession(), warehouse.openSession(), warehouse.openSession()]);
    expect(redshift.commandCalls(GetClusterCredentialsCommand)).toHaveLength(2);
    expect(fake.logins.map((l) => l.password)).toEqual(['temp-password-1', 'temp-password-2', 'temp-password-2', 'temp-password-2']);
    await Promise.all([...sessions.map((s) => s.close()), warehouse.close()]);
  });

  it('uses GetClusterCredentialsWithIAM when there is no user either', async () => {
    redshift.on(GetClusterCredentialsWithIAMCommand).resolves({ DbUser: 'IAMR:analyst', DbPassword: 'temp-iam', Expiration: new Date(Date.now() + 900_000) });
    const fake = new FakeRedshift();
    const { warehouse } = await RedshiftWarehouse.open(config(`${CLUSTER}[DWH]\nCLUSTER_IDENTIFIER = sparkify-dwh\n`), { connector: fake.connector, redshift: new RedshiftClient({ region: 'us-west-2' }) });
    expect(redshift.commandCalls(GetClusterCredentialsWithIAMCommand)[0]!.args[0].input).toEqual({ ClusterIdentifier: 'sparkify-dwh', DbName: 'sparkify', DurationSeconds: 900 });
    expect(fake.logins[0]).toMatchObject({ user: 'IAMR:analyst', password: 'temp-iam' });
    await warehouse.close();
  });

  it('says which setting is missing, and why AWS refused the credentials', async () => {
    const fake = new FakeRedshift();
    await expect(RedshiftWarehouse.open(config(CLUSTER), { connector: fake.connector })).rejects.toThrow(
      '[CLUSTER] DB_PASSWORD is empty and [DWH] CLUSTER_IDENTIFIER is not set: set a password, or the cluster identifier to log in with temporary IAM credentials',
    );
    await expect(RedshiftWarehouse.open(config('[CLUSTER]\nDB_NAME = x\nDB_PASSWORD = S3cret-Pa55\n'), { connector: fake.connector })).rejects.toThrow(/\[CLUSTER\] HOST is not set/);
    redshift.on(GetClusterCredentialsCommand).rejects(new ClusterNotFoundFault({ message: 'Cluster sparkify-dwh not found.', $metadata: {} }));
    const error = await RedshiftWarehouse.open(config(`${CLUSTER}DB_USER = etl\n[DWH]\nCLUSTER_IDENTIFIER = sparkify-dwh\n`), {
      connector: fake.connector,
      redshift: new RedshiftClient({ region: 'us-west-2' }),
    }).catch((e: unknown) => e);
    expect(describeError(error)).toEqual({ title: 'Cluster not found', message: 'no cluster sparkify-dwh in us-west-2 (sparkify cluster create makes it)', exitCode: 1 });
    expect(fake.logins).toEqual([]);
  });

  it('reports a failed login without the password', async () => {
    const fake = new FakeRedshift();
    fake.connectError = pgError('password authentication failed for user "etl"', '28P01');
    const error = await RedshiftWarehouse.open(config(`${CLUSTER}DB_USER = etl\nDB_PASSWORD = S3cret-Pa55\n`), { connector: fake.connector }).catch((e: unknown) => e);
    const shown = describeError(error);
    expect(shown.title).toBe('Login failed');
    expect(shown.message).toMatch(/^etl@dwh\.abc\.us-west-2\.redshift\.amazonaws\.com:5439\/sparkify: password authentication failed for user "etl"/);
    expect(JSON.stringify(shown)).not.toContain('S3cret-Pa55');
    expect(fake.ended).toEqual([1]);
  });

  it('runs transactions statement by statement and rolls back on the first error', async () => {
    const fake = new FakeRedshift()
      .on('INSERT INTO t SELECT 1', { rowCount: 1 })
      .on('INSERT INTO t SELECT x', () => {
        throw pgError('column "x" does not exist in t', '42703');
      });
    const { warehouse } = await RedshiftWarehouse.open(config(`${CLUSTER}DB_USER = etl\nDB_PASSWORD = S3cret-Pa55\n`), { connector: fake.connector });
    expect(await warehouse.transaction(['DELETE FROM t', 'INSERT INTO t SELECT 1'])).toEqual([0, 1]);
    const failed = await warehouse.transaction(['DELETE FROM t', 'INSERT INTO t SELECT x']).catch((e: unknown) => e);
    expect(describeError(failed)).toEqual({ title: 'SQL error', message: 'column "x" does not exist in t (in: INSERT INTO t SELECT x)', exitCode: 1 });
    expect(fake.statements(1)).toEqual(['BEGIN', 'DELETE FROM t', 'INSERT INTO t SELECT 1', 'COMMIT', 'BEGIN', 'DELETE FROM t', 'INSERT INTO t SELECT x', 'ROLLBACK']);
    await expect(warehouse.copyFrom()).rejects.toThrow('Redshift has no COPY FROM STDIN: its staging steps load from S3');
    await warehouse.close();
  });

  it('binds a Date parameter as the UTC instant, as the other engines do', async () => {
    const fake = new FakeRedshift();
    const { warehouse } = await RedshiftWarehouse.open(config(`${CLUSTER}DB_USER = etl\nDB_PASSWORD = S3cret-Pa55\n`), { connector: fake.connector });
    await warehouse.query('SELECT COUNT(*) AS n FROM songplays WHERE start_time >= $1 AND level = $2', [new Date(Date.UTC(2018, 10, 1, 16, 0, 0)), 'paid']);
    expect(fake.sent[0]!.values).toEqual(['2018-11-01T16:00:00.000Z', 'paid']);
    await warehouse.close();
  });

  it('streams a query through a cursor in batches', async () => {
    let fetches = 0;
    const fake = new FakeRedshift().on('FETCH FORWARD 2 FROM sparkify_cursor', () => ({ rows: [[{ n: 1 }, { n: 2 }], [{ n: 3 }]][fetches++] ?? [] }));
    const { warehouse } = await RedshiftWarehouse.open(config(`${CLUSTER}DB_USER = etl\nDB_PASSWORD = S3cret-Pa55\n`), { connector: fake.connector });
    const batches: unknown[] = [];
    for await (const batch of warehouse.stream('SELECT n FROM t WHERE n > $1;', [0], { batchSize: 2 })) batches.push(batch);
    expect(batches).toEqual([[{ n: 1 }, { n: 2 }], [{ n: 3 }]]);
    expect(fake.sent.map((s) => (s.values ? [s.text, s.values] : s.text))).toEqual([
      'BEGIN',
      // Redshift's PREPARE takes only SELECT/INSERT/UPDATE/DELETE: the cursor's values are literals, not parameters.
      'DECLARE sparkify_cursor CURSOR FOR SELECT n FROM t WHERE n > 0',
      'FETCH FORWARD 2 FROM sparkify_cursor',
      'FETCH FORWARD 2 FROM sparkify_cursor',
      'COMMIT',
    ]);
    await warehouse.close();
  });
});
