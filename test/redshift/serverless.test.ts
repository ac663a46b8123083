import { GetCredentialsCommand, GetNamespaceCommand, GetWorkgroupCommand, RedshiftServerlessClient, ResourceNotFoundException, type WorkgroupStatus } from '@aws-sdk/client-redshift-serverless';
import { mockClient } from 'aws-sdk-client-mock';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { describeError } from '../../src/errors.js';
import { monitorLoad } from '../../src/engines/redshift/load-monitor.js';
import { SERVERLESS_USAGE_SQL, serverlessUsage } from '../../src/engines/redshift/serverless-usage.js';
import { RedshiftWarehouse } from '../../src/engines/redshift/redshift.js';
import { cli } from '../helpers/cli-in-process.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/paths.js';
import type { Row } from '../../src/warehouse/warehouse.js';
import { FakeRedshift, pgError } from './fake-redshift.js';

const serverless = mockClient(RedshiftServerlessClient);
const t = tempDir('sparkify-serverless-');
afterEach(() => serverless.reset());
afterAll(() => {
  serverless.restore();
  t.cleanup();
});

function configFile(lines: string[]): string {
  const file = join(t.dir, `${Math.random().toString(36).slice(2)}.cfg`);
  writeFileSync(file, ['[WAREHOUSE]', 'ENGINE = redshift', ...lines].join('\n'));
  return file;
}
const config = (lines: string[]) => loadConfig(configFile(lines), { required: true, env: {} });

const ENDPOINT = 'sparkify.123456789012.us-east-1.redshift-serverless.amazonaws.com';
const workgroup = (status: WorkgroupStatus = 'AVAILABLE') => ({
  workgroup: { workgroupName: 'sparkify', namespaceName: 'sparkify', status, baseCapacity: 8, endpoint: status === 'AVAILABLE' ? { address: ENDPOINT, port: 5439 } : undefined },
});

describe('Redshift Serverless: [DWH] WORKGROUP', () => {
  it('finds the endpoint with GetWorkgroup and logs in with GetCredentials, renewed before they expire', async () => {
    let now = Date.UTC(2026, 11, 2, 12, 0, 0);
    serverless.on(GetWorkgroupCommand).resolves(workgroup());
    serverless
      .on(GetCredentialsCommand)
      .resolvesOnce({ dbUser: 'IAMR:etl', dbPassword: 'temp-1', expiration: new Date(now + 15 * 60_000) })
      .resolvesOnce({ dbUser: 'IAMR:etl', dbPassword: 'temp-2', expiration: new Date(now + 30 * 60_000) });
    const cfg = config(['[CLUSTER]', 'DB_NAME = sparkify', '[DWH]', 'WORKGROUP = sparkify', 'REGION = us-east-1']);
    const fake = new FakeRedshift();
    const { warehouse } = await RedshiftWarehouse.open(cfg, { connector: fake.connector, serverless: new RedshiftServerlessClient({ region: 'us-east-1' }), now: () => now });
    expect(warehouse.target).toBe('redshift serverless sparkify on the endpoint of workgroup sparkify in us-east-1');
    now += 14.5 * 60_000;
    const late = await warehouse.openSession();
    expect(fake.logins).toEqual([
      { host: ENDPOINT, port: 5439, database: 'sparkify', user: 'IAMR:etl', password: 'temp-1', ssl: 'verify' },
      { host: ENDPOINT, port: 5439, database: 'sparkify', user: 'IAMR:etl', password: 'temp-2', ssl: 'verify' },
    ]);
    // The endpoint is asked once; the credentials again within a minute of their expiry.
    expect(serverless.commandCalls(GetWorkgroupCommand).map((c) => c.args[0].input)).toEqual([{ workgroupName: 'sparkify' }]);
    expect(serverless.commandCalls(GetCredentialsCommand).map((c) => c.args[0].input)).toEqual([
      { workgroupName: 'sparkify', dbName: 'sparkify', durationSeconds: 900 },
      { workgroupName: 'sparkify', dbName: 'sparkify', durationSeconds: 900 },
    ]);
    expect(await serverless.commandCalls(GetCredentialsCommand)[0]!.thisValue.config.region()).toBe('us-east-1');
    await Promise.all([late.close(), warehouse.close()]);
  });

  it('uses [CLUSTER] HOST and a password when written, and the database dev by default', async () => {
    const fake = new FakeRedshift();
    const cfg = config(['[CLUSTER]', `HOST = ${ENDPOINT}`, 'DB_USER = etl', 'DB_PASSWORD = S3cret-Pa55', 'DB_NAME = dev', '[DWH]', 'WORKGROUP = sparkify']);
    const { warehouse } = await RedshiftWarehouse.open(cfg, { connector: fake.connector });
    expect(warehouse.target).toBe(`redshift serverless etl@${ENDPOINT}:5439/dev (workgroup sparkify)`);
    expect(fake.logins[0]).toMatchObject({ host: ENDPOINT, user: 'etl', password: 'S3cret-Pa55' });
    expect(serverless.calls()).toHaveLength(0);
    await warehouse.close();
  });

  it('says what is wrong in one line: both a cluster and a workgroup, no such workgroup, one still being created', async () => {
    const failure = async (lines: string[]) => {
      try {
        const { warehouse } = await RedshiftWarehouse.open(config(lines), { connector: new FakeRedshift().connector });
        await warehouse.close();
      } catch (error) {
        return describeError(error).message.replace(/^\S*\.cfg/, '<file>');
      }
      throw new Error('expected a failure');
    };
    expect(await failure(['[DWH]', 'WORKGROUP = sparkify', 'CLUSTER_IDENTIFIER = dwh'])).toMatch(
      /^<file>:\d+: \[DWH\] WORKGROUP and \S+:\d+: \[DWH\] CLUSTER_IDENTIFIER are both set: name the Serverless workgroup or the cluster, not both$/,
    );
    serverless.on(GetWorkgroupCommand).rejects(new ResourceNotFoundException({ message: 'Workgroup not found', $metadata: {} }));
    expect(await failure(['[DWH]', 'WORKGROUP = sparkify', 'REGION = eu-west-1'])).toMatch(/^<file>:\d+: \[DWH\] WORKGROUP = "sparkify": no such Serverless workgroup in eu-west-1 \(sparkify cluster create makes it\)$/);
    serverless.reset();
    serverless.on(GetWorkgroupCommand).resolves(workgroup('CREATING'));
    expect(await failure(['[DWH]', 'WORKGROUP = sparkify'])).toBe('workgroup sparkify in us-west-2 has no endpoint yet (status CREATING): try again when it is AVAILABLE');
  });

  it('watches a load through SYS views only (Serverless has no STV tables)', async () => {
    const sent: string[] = [];
    const monitor = monitorLoad({
      session: {
        query: async <R extends Row>(sql: string) => {
          sent.push(sql);
          return { rows: [{ query_id: 9, status: 'running', loaded_rows: 5, source_file_count: 1 }] as unknown as R[], fields: [], rowCount: 1 };
        },
      },
      pid: 7,
      intervalMs: 5,
      sysOnly: true,
      onProgress: () => undefined,
    });
    await new Promise((resolve) => setTimeout(resolve, 40));
    await monitor.stop();
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((s) => /stv_/i.test(s))).toEqual([]);
  });

  it('the dry run names the workgroup and sends nothing that needs STL or STV tables', async () => {
    const file = configFile([
      '[CLUSTER]', 'DB_NAME = dev', '[DWH]', 'WORKGROUP = sparkify', 'REGION = us-east-1',
      '[S3]', 'LOG_DATA = data/log_data', 'SONG_DATA = data/song_data', 'LOG_JSONPATH = auto ignorecase', 'STAGING_PREFIX = s3://sparkify-staging/etl',
    ]);
    const run = await runCli(['etl', '--dry-run', '--config', file]);
    expect(run.stderr).toBe('');
    const out = run.stdout;
    expect(out.split('\n')[0]).toBe('-- redshift: redshift serverless dev on the endpoint of workgroup sparkify in us-east-1');
    expect(out).toContain('-- while COPY runs, a second connection polls sys_load_history for progress');
    expect(out).not.toMatch(/stv_|stl_/i);
  });

  it("the input check finds the COPY role among the roles of the workgroup's namespace", async () => {
    const role = 'arn:aws:iam::123456789012:role/dwhRole';
    serverless.on(GetWorkgroupCommand).resolves(workgroup());
    serverless.on(GetNamespaceCommand).resolves({ namespace: { namespaceName: 'sparkify', iamRoles: [`IamRole(applyStatus=in-sync, iamRoleArn=${role})`] } });
    const lines = ['[CLUSTER]', 'DB_NAME = dev', '[DWH]', 'WORKGROUP = sparkify', 'REGION = us-east-1', '[S3]', 'LOG_DATA = s3://udacity-dend/log_data', 'SONG_DATA = s3://udacity-dend/song_data', 'LOG_JSONPATH = auto', 'REGION = us-west-2'];
    const ok = await cli(['doctor', '--config', configFile([...lines, '[IAM_ROLE]', `ARN = ${role}`])]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`✓ role ${role} is attached to namespace sparkify of workgroup sparkify`);
    expect(serverless.commandCalls(GetNamespaceCommand).map((c) => c.args[0].input)).toEqual([{ namespaceName: 'sparkify' }]);
    const other = 'arn:aws:iam::123456789012:role/other';
    const refused = await cli(['doctor', '--config', configFile([...lines, '[IAM_ROLE]', `ARN = ${other}`])]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(new RegExp(`✗ Configuration error: \\S+:\\d+: \\[IAM_ROLE\\] ARN = "${other}" is not attached to namespace sparkify of workgroup sparkify \\(attached: ${role}\\)`));
  });

  it("status reads the RPU-seconds charged in the last 24 h from SYS_SERVERLESS_USAGE, or says it may not", async () => {
    const cfg = config(['[CLUSTER]', `HOST = ${ENDPOINT}`, 'DB_USER = etl', 'DB_PASSWORD = S3cret-Pa55', 'DB_NAME = dev', '[DWH]', 'WORKGROUP = sparkify']);
    const fake = new FakeRedshift().on(SERVERLESS_USAGE_SQL, { rows: [{ charged: 5400 }] });
    const { warehouse } = await RedshiftWarehouse.open(cfg, { connector: fake.connector });
    // 5,400 RPU-seconds are 1.5 RPU-hours: $0.56 at $0.375.
    expect(await serverlessUsage(warehouse)).toBe('usage    1.50 RPU-hours charged in the last 24 h (~$0.56 at $0.375 per RPU-hour), from SYS_SERVERLESS_USAGE');
    expect(fake.statements(1)).toContain('SELECT COALESCE(SUM(charged_seconds), 0) AS charged FROM sys_serverless_usage WHERE start_time >= DATEADD(hour, -24, GETDATE())');
    await warehouse.close();
    const denied = new FakeRedshift().on(SERVERLESS_USAGE_SQL, () => Promise.reject(pgError('permission denied for relation sys_serverless_usage')));
    const other = await RedshiftWarehouse.open(cfg, { connector: denied.connector });
    expect(await serverlessUsage(other.warehouse)).toBe('usage    not shown: SYS_SERVERLESS_USAGE shows itself to superusers only');
    await other.warehouse.close();
  });
});
