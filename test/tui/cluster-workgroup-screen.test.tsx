import {
  CreateNamespaceCommand,
  CreateWorkgroupCommand,
  GetNamespaceCommand,
  GetWorkgroupCommand,
  RedshiftServerlessClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-redshift-serverless';
import { AuthorizeSecurityGroupIngressCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateRoleCommand, GetRoleCommand, IAMClient, NoSuchEntityException, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RULE_DESCRIPTION } from '../../src/cluster/setup.js';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { mockAws } from '../helpers/aws-mocks.js';
import { tempDir } from '../helpers/paths.js';
import { renderApp } from './helpers/harness.js';

const [serverless, iam, ec2] = mockAws(RedshiftServerlessClient, IAMClient, EC2Client);
const temp = tempDir('sparkify-tui-workgroup-');
afterAll(() => temp.cleanup());

const ENDPOINT = 'sparkify.123456789012.us-east-1.redshift-serverless.amazonaws.com';
const ARN = 'arn:aws:iam::123456789012:role/sparkify-redshift-s3-read';
const flat = (frame: string): string => frame.replace(/\s+/g, ' ');
const gone = () => Promise.reject(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
const workgroup = (status: string) =>
  Promise.resolve({
    workgroup: { workgroupName: 'sparkify', namespaceName: 'sparkify', status, baseCapacity: 16, securityGroupIds: ['sg-0wg'], endpoint: status === 'AVAILABLE' ? { address: ENDPOINT, port: 5439 } : undefined },
  });
const namespace = (status: string) => Promise.resolve({ namespace: { namespaceName: 'sparkify', status } });
let configs = 0;

function config() {
  const dir = join(temp.dir, `cfg-${++configs}`);
  mkdirSync(dir);
  const path = join(dir, 'dwh.cfg');
  writeFileSync(
    path,
    [
      '[WAREHOUSE]', 'ENGINE = embedded', '',
      '[CLUSTER]', 'HOST =', 'DB_NAME = sparkify', 'DB_USER = sparkify', '',
      '[IAM_ROLE]', 'ARN =', '',
      '[S3]', 'LOG_DATA = s3://udacity-dend/log_data', 'SONG_DATA = s3://udacity-dend/song_data', '',
      '[DWH]', 'WORKGROUP = sparkify', 'BASE_CAPACITY = 16', 'REGION = us-east-1', 'PUBLICLY_ACCESSIBLE = true', 'ALLOW_CIDR = 203.0.113.7/32', 'POLL_SECONDS = 0.001', '',
    ].join('\n'),
  );
  return loadConfig(path, { required: true, env: {} });
}

describe('cluster screen: a Serverless workgroup', () => {
  it('shows the workgroup and its namespace, base RPUs, endpoint and cost; no pause or resume', async () => {
    serverless.on(GetWorkgroupCommand).callsFake(() => workgroup('AVAILABLE'));
    serverless.on(GetNamespaceCommand).callsFake(() => namespace('AVAILABLE'));
    const app = await renderApp(config(), { route: 'cluster', rows: 40 });
    const frame = await app.see('State     available');
    expect(frame).toContain('Sparkify DWH › Cluster  sparkify · us-east-1');
    expect(frame).toContain('Workgroup sparkify in us-east-1 (Serverless)');
    expect(frame).toContain('Namespace sparkify (available)');
    expect(frame).toContain(`Endpoint  ${ENDPOINT}:5439`);
    expect(frame).toContain('Capacity  16 RPUs (base)');
    expect(flat(frame)).toContain('Cost ~$6.00 per hour of activity at 16 RPUs ($0.375 per RPU-hour');
    expect(frame).toContain('r refresh  d delete  ? help  q back');
    expect(serverless.commandCalls(GetWorkgroupCommand).map((c) => c.args[0].input)).toEqual([{ workgroupName: 'sparkify' }]);
    expect(serverless.commandCalls(GetNamespaceCommand).map((c) => c.args[0].input)).toEqual([{ namespaceName: 'sparkify' }]);
    await app.press('?');
    const help = flat(await app.see('Press any key to close this help.'));
    expect(help).toContain('Serverless has no pause or resume: a workgroup bills only while it runs queries');
    expect(help).toContain('p/u Serverless has no pause or resume');
    await app.press('x', 'p');
    await app.see('A Serverless workgroup has no pause or resume');
    await app.close();
  });

  it('creates namespace and workgroup with the role and the address rule after the plan, and writes HOST and ARN', async () => {
    let polls = 0;
    serverless.on(GetWorkgroupCommand).callsFake(() => (polls++ === 0 ? gone() : workgroup(polls < 3 ? 'CREATING' : 'AVAILABLE')));
    serverless.on(GetNamespaceCommand).callsFake(gone);
    serverless.on(CreateNamespaceCommand).resolves({});
    serverless.on(CreateWorkgroupCommand).resolves({});
    iam.on(GetRoleCommand).rejects(new NoSuchEntityException({ message: 'no role', $metadata: {} }));
    iam.on(CreateRoleCommand).resolves({ Role: { Arn: ARN, RoleName: 'sparkify-redshift-s3-read', Path: '/', RoleId: 'AROA1', CreateDate: new Date() } });
    iam.on(PutRolePolicyCommand).resolves({});
    ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    const cfg = config();
    const app = await renderApp(cfg, { route: 'cluster', rows: 40 });
    let frame = await app.see('State     none: no workgroup sparkify in us-east-1');
    expect(frame).toContain('Namespace sparkify: none');
    await app.press('n');
    frame = await app.see('Run these 4 steps?');
    expect(flat(frame)).toContain('2. Redshift: create Serverless workgroup sparkify (namespace sparkify, 16 RPUs), ~$6.00 per hour of activity at 16 RPUs');
    expect(flat(frame)).toContain('It is billed for each second it runs queries, until it is deleted.');
    expect(serverless.commandCalls(CreateNamespaceCommand)).toHaveLength(0);
    await app.press('y');
    frame = await app.see('✓ sparkify is available');
    expect(serverless.commandCalls(CreateNamespaceCommand).map((c) => c.args[0].input)).toEqual([
      { namespaceName: 'sparkify', dbName: 'sparkify', adminUsername: 'sparkify', manageAdminPassword: true, iamRoles: [ARN], defaultIamRoleArn: ARN, tags: [{ key: 'created-by', value: 'sparkify' }] },
    ]);
    expect(serverless.commandCalls(CreateWorkgroupCommand).map((c) => c.args[0].input)).toEqual([
      { workgroupName: 'sparkify', namespaceName: 'sparkify', baseCapacity: 16, publiclyAccessible: true, tags: [{ key: 'created-by', value: 'sparkify' }] },
    ]);
    expect(ec2.commandCalls(AuthorizeSecurityGroupIngressCommand).map((c) => c.args[0].input)).toEqual([
      { GroupId: 'sg-0wg', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5439, ToPort: 5439, IpRanges: [{ CidrIp: '203.0.113.7/32', Description: RULE_DESCRIPTION }] }] },
    ]);
    expect(iam.commandCalls(CreateRoleCommand)).toHaveLength(1);
    const file = readFileSync(cfg.path, 'utf8');
    expect(file).toContain(`[IAM_ROLE]\nARN = ${ARN}\n`);
    expect(file).toContain(`HOST = ${ENDPOINT}\n`);
    await app.close();
  });
});
