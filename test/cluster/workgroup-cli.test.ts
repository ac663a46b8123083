import {
  ConflictException,
  CreateNamespaceCommand,
  CreateWorkgroupCommand,
  DeleteNamespaceCommand,
  DeleteWorkgroupCommand,
  GetNamespaceCommand,
  GetWorkgroupCommand,
  RedshiftServerlessClient,
  ResourceNotFoundException,
  type WorkgroupStatus,
} from '@aws-sdk/client-redshift-serverless';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli as run } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/paths.js';

const serverless = mockClient(RedshiftServerlessClient);
afterEach(() => serverless.reset());
const t = tempDir('sparkify-workgroup-');
afterAll(() => {
  serverless.restore();
  t.cleanup();
});

const ENDPOINT = 'sparkify.123456789012.us-east-1.redshift-serverless.amazonaws.com';
const ROLE = 'arn:aws:iam::123456789012:role/dwhRole';
let cfg: string;
beforeEach(() => {
  cfg = join(t.dir, 'dwh.cfg');
  writeFileSync(
    cfg,
    [
      '[WAREHOUSE]', 'ENGINE = redshift', '',
      '[CLUSTER]', 'HOST =', 'DB_NAME = sparkify', 'DB_USER = sparkify', '',
      '[IAM_ROLE]', `ARN = ${ROLE}`, '',
      '[DWH]', 'WORKGROUP = sparkify', 'BASE_CAPACITY = 16', 'REGION = us-east-1', 'POLL_SECONDS = 0.001', '',
    ].join('\n'),
  );
});
const cli = (args: string[]) => run(['--config', cfg, ...args]);

const reply = (status: WorkgroupStatus | 'gone') =>
  status === 'gone'
    ? Promise.reject(new ResourceNotFoundException({ message: 'Workgroup sparkify not found', $metadata: {} }))
    : Promise.resolve({
        workgroup: { workgroupName: 'sparkify', namespaceName: 'sparkify', status, baseCapacity: 16, endpoint: status === 'AVAILABLE' ? { address: ENDPOINT, port: 5439 } : undefined },
      });

describe('sparkify cluster with [DWH] WORKGROUP (Redshift Serverless)', () => {
  it('status: state, endpoint, namespace, capacity and the cost per hour of activity in RPU-hours', async () => {
    serverless.on(GetWorkgroupCommand).callsFake(() => reply('AVAILABLE'));
    const status = await cli(['cluster', 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout.split('\n')).toEqual([
      'workgroup sparkify (Serverless)',
      'state     available',
      `endpoint  ${ENDPOINT}:5439`,
      'namespace sparkify',
      'capacity  16 RPUs (base)',
      'cost      ~$6.00 per hour of activity at 16 RPUs ($0.375 per RPU-hour, us-west-2 prices of 2024-06, billed per second, 60 s minimum); $0 while idle',
      '',
    ]);
    expect(serverless.commandCalls(GetWorkgroupCommand).map((c) => c.args[0].input)).toEqual([{ workgroupName: 'sparkify' }]);
    expect(await serverless.commandCalls(GetWorkgroupCommand)[0]!.thisValue.config.region()).toBe('us-east-1');
  });

  it('create: namespace with the COPY role as its default, workgroup at the base RPUs, waits, writes HOST back', async () => {
    serverless.on(CreateNamespaceCommand).resolves({});
    serverless.on(CreateWorkgroupCommand).resolves({});
    let polls = 0;
    serverless.on(GetWorkgroupCommand).callsFake(() => reply(++polls < 3 ? 'CREATING' : 'AVAILABLE'));
    const created = await cli(['cluster', 'create']);
    expect(created.code).toBe(0);
    expect(serverless.commandCalls(CreateNamespaceCommand).map((c) => c.args[0].input)).toEqual([
      {
        namespaceName: 'sparkify',
        dbName: 'sparkify',
        adminUsername: 'sparkify',
        manageAdminPassword: true,
        iamRoles: [ROLE],
        defaultIamRoleArn: ROLE,
        tags: [{ key: 'created-by', value: 'sparkify' }],
      },
    ]);
    expect(serverless.commandCalls(CreateWorkgroupCommand).map((c) => c.args[0].input)).toEqual([
      { workgroupName: 'sparkify', namespaceName: 'sparkify', baseCapacity: 16, publiclyAccessible: false, tags: [{ key: 'created-by', value: 'sparkify' }] },
    ]);
    expect(created.stderr).toContain('creating Serverless workgroup sparkify (namespace sparkify, 16 RPUs) in us-east-1: ~$6.00 per hour of activity');
    expect(created.stderr).toContain(`[CLUSTER] HOST = ${ENDPOINT}, DB_PORT = 5439`);
    const file = readFileSync(cfg, 'utf8');
    expect(file).toContain(`HOST = ${ENDPOINT}\n`);
    expect(file).toContain('WORKGROUP = sparkify\n');
  });

  it('create uses an existing namespace as it is, and refuses a workgroup that exists', async () => {
    serverless.on(CreateNamespaceCommand).rejects(new ConflictException({ message: 'Namespace already exists', $metadata: {} }));
    serverless.on(GetNamespaceCommand).resolves({ namespace: { namespaceName: 'sparkify' } });
    serverless.on(CreateWorkgroupCommand).rejects(new ConflictException({ message: 'Workgroup already exists', $metadata: {} }));
    const created = await cli(['cluster', 'create']);
    expect(created.code).toBe(2);
    expect(created.stderr).toContain('namespace sparkify exists: the new workgroup uses it (its databases and users as they are)');
    expect(created.stderr).toContain('a Serverless workgroup sparkify already exists in us-east-1 (sparkify cluster status shows it)');
    expect(serverless.commandCalls(GetNamespaceCommand).map((c) => c.args[0].input)).toEqual([{ namespaceName: 'sparkify' }]);
  });

  it('delete asks for the name, removes the workgroup, waits until it is gone, then the namespace after a final snapshot', async () => {
    serverless.on(DeleteWorkgroupCommand).resolves({});
    serverless.on(DeleteNamespaceCommand).resolves({});
    let polls = 0;
    serverless.on(GetWorkgroupCommand).callsFake(() => reply(++polls < 2 ? 'DELETING' : 'gone'));
    const refused = await cli(['cluster', 'delete']);
    expect(refused.code).toBe(2);
    expect(serverless.commandCalls(DeleteWorkgroupCommand)).toHaveLength(0);
    const deleted = await cli(['cluster', 'delete', '--yes', '--final-snapshot', 'sparkify-last']);
    expect(deleted.code).toBe(0);
    expect(serverless.commandCalls(DeleteWorkgroupCommand).map((c) => c.args[0].input)).toEqual([{ workgroupName: 'sparkify' }]);
    expect(serverless.commandCalls(DeleteNamespaceCommand).map((c) => c.args[0].input)).toEqual([{ namespaceName: 'sparkify', finalSnapshotName: 'sparkify-last' }]);
    expect(deleted.stdout).toBe('workgroup sparkify is deleted; namespace sparkify deleted, final snapshot: sparkify-last\n');
    serverless.reset();
    serverless.on(DeleteWorkgroupCommand).resolves({});
    serverless.on(GetWorkgroupCommand).callsFake(() => reply('gone'));
    const kept = await cli(['cluster', 'delete', '--yes', '--keep-namespace']);
    expect(kept.code).toBe(0);
    expect(serverless.commandCalls(DeleteNamespaceCommand)).toHaveLength(0);
    expect(kept.stdout).toBe('workgroup sparkify is deleted; namespace sparkify kept\n');
  });

  it('pause and resume are refused in one line: a workgroup bills only while it works', async () => {
    const paused = await cli(['cluster', 'pause']);
    expect(paused.code).toBe(2);
    expect(paused.stderr.trim()).toBe('sparkify: Configuration error: a Serverless workgroup cannot pause: it bills only while it runs queries ($0 while idle)');
    expect(serverless.calls()).toHaveLength(0);
  });
});
