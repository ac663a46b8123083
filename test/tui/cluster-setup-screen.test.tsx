import { CreateClusterCommand, DeleteClusterCommand, DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { AuthorizeSecurityGroupIngressCommand, DescribeSecurityGroupsCommand, EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RULE_DESCRIPTION, TRUST_POLICY } from '../../src/cluster/setup.js';
import { loadConfig, type DwhConfig } from '../../src/config/dwh-cfg.js';
import { mockAws, sentInOrder } from '../helpers/aws-mocks.js';
import { clusterReply, HOST, notFound } from '../helpers/cluster-replies.js';
import { tempDir } from '../helpers/paths.js';
import { KEY, renderApp } from './helpers/harness.js';

// AWS is the one thing faked: every Redshift, IAM and EC2 client's calls are answered by these mocks.
const [redshift, iam, ec2] = mockAws(RedshiftClient, IAMClient, EC2Client);
const temp = tempDir('sparkify-tui-setup-');
afterAll(() => temp.cleanup());

const ARN = 'arn:aws:iam::123456789012:role/sparkify-redshift-s3-read';
const CTRL_R = '\u0012';
const groups = { VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0abc', Status: 'active' }] };
const flat = (frame: string): string => frame.replace(/\s+/g, ' ');
/** Every request sent to AWS, in the order it was sent (sinon orders the calls of all its spies). */
const sent = () => sentInOrder(redshift, iam, ec2);
let configs = 0;

/** A publicly accessible cluster to create from nothing, reading its input from s3://udacity-dend. */
function config(role = ''): DwhConfig {
  const dir = join(temp.dir, `cfg-${++configs}`);
  mkdirSync(dir);
  const path = join(dir, 'dwh.cfg');
  writeFileSync(
    path,
    [
      '[WAREHOUSE]', 'ENGINE = embedded', '',
      '[CLUSTER]', 'HOST =', 'DB_NAME = sparkify', 'DB_USER = sparkify', '',
      '[IAM_ROLE]', `ARN = ${role}`, '',
      '[S3]', 'LOG_DATA = s3://udacity-dend/log_data', 'SONG_DATA = s3://udacity-dend/song_data', '',
      '[DWH]', 'CLUSTER_IDENTIFIER = sparkify-dwh', 'NODE_TYPE = ra3.xlplus', 'NUM_NODES = 2', 'REGION = us-west-2',
      'PUBLICLY_ACCESSIBLE = true', 'ALLOW_CIDR = 203.0.113.7/32', 'POLL_SECONDS = 0.001', '',
    ].join('\n'),
  );
  return loadConfig(path, { required: true, env: {} });
}

describe('cluster screen: set-up from nothing', () => {
  it('shows the plan, and on Create makes the role, the cluster with it, the HOST and ARN in dwh.cfg, and the rule', async () => {
    redshift.on(DescribeClustersCommand).rejectsOnce(notFound()).resolvesOnce(clusterReply('creating', groups)).resolves(clusterReply('available', groups));
    redshift.on(CreateClusterCommand).resolves({});
    iam.on(GetRoleCommand).rejects(new NoSuchEntityException({ message: 'no role', $metadata: {} }));
    iam.on(CreateRoleCommand).resolves({ Role: { Arn: ARN, RoleName: 'sparkify-redshift-s3-read', Path: '/', RoleId: 'AROA1', CreateDate: new Date() } });
    iam.on(PutRolePolicyCommand).resolves({});
    ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    const cfg = config();
    const app = await renderApp(cfg, { route: 'cluster', rows: 40 });
    await app.see('State     none: no cluster sparkify-dwh in us-west-2');
    await app.press('n');
    let frame = await app.see('Run these 4 steps?');
    expect(flat(frame)).toContain(
      '1. IAM: create role sparkify-redshift-s3-read, which only redshift.amazonaws.com may assume, with read access to s3://udacity-dend only (inline policy sparkify-s3-read); tagged created-by=sparkify',
    );
    expect(flat(frame)).toContain('2. Redshift: create cluster sparkify-dwh (2 × ra3.xlplus), ~$2.172/hour');
    expect(flat(frame)).toContain('with that role as its default IAM role 3. dwh.cfg: write [IAM_ROLE] ARN, then [CLUSTER] HOST and DB_PORT once it is available');
    expect(flat(frame)).toContain(`4. EC2: allow 203.0.113.7/32 on port 5439 in its security groups (rule described "${RULE_DESCRIPTION}")`);
    expect(frame).toContain('y create  n cancel  r role on/off  a address rule on/off  ? help');
    // Nothing but the status has been asked yet.
    expect(sent()).toEqual(['DescribeClustersCommand']);
    await app.press('y');
    frame = await app.see('✓ sparkify-dwh is available');
    expect(flat(frame)).toContain(`✓ 1. IAM: create role sparkify-redshift-s3-read`);
    expect(flat(frame)).toContain(`created ${ARN}; [IAM_ROLE] ARN in dwh.cfg`);
    expect(flat(frame)).toContain('✓ 3. dwh.cfg: write');
    expect(flat(frame)).toContain('✓ 4. EC2: allow 203.0.113.7/32');
    expect(flat(frame)).toContain('allowed 203.0.113.7/32 on port 5439 in sg-0abc');

    expect(iam.commandCalls(CreateRoleCommand).map((c) => c.args[0].input)).toEqual([
      { RoleName: 'sparkify-redshift-s3-read', AssumeRolePolicyDocument: JSON.stringify(TRUST_POLICY), Description: 'Lets Redshift read the Sparkify input from S3 (COPY)', Tags: [{ Key: 'created-by', Value: 'sparkify' }] },
    ]);
    const policy = iam.commandCalls(PutRolePolicyCommand)[0]!.args[0].input;
    expect([policy.RoleName, policy.PolicyName]).toEqual(['sparkify-redshift-s3-read', 'sparkify-s3-read']);
    expect(JSON.parse(policy.PolicyDocument!).Statement).toEqual([
      { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: ['arn:aws:s3:::udacity-dend'] },
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::udacity-dend/*'] },
    ]);
    const create = redshift.commandCalls(CreateClusterCommand)[0]!.args[0].input;
    expect(create).toMatchObject({ ClusterIdentifier: 'sparkify-dwh', NodeType: 'ra3.xlplus', NumberOfNodes: 2, PubliclyAccessible: true, ManageMasterPassword: true });
    expect([create.IamRoles, create.DefaultIamRoleArn]).toEqual([[ARN], ARN]);
    expect(ec2.commandCalls(AuthorizeSecurityGroupIngressCommand).map((c) => c.args[0].input)).toEqual([
      { GroupId: 'sg-0abc', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5439, ToPort: 5439, IpRanges: [{ CidrIp: '203.0.113.7/32', Description: RULE_DESCRIPTION }] }] },
    ]);
    // In order: the role before the cluster, the rule once AWS named the cluster's security groups.
    expect(sent().filter((name) => name !== 'DescribeClustersCommand')).toEqual(['GetRoleCommand', 'CreateRoleCommand', 'PutRolePolicyCommand', 'CreateClusterCommand', 'AuthorizeSecurityGroupIngressCommand']);
    const file = readFileSync(cfg.path, 'utf8');
    expect(file).toContain(`[IAM_ROLE]\nARN = ${ARN}\n`);
    expect(file).toContain(`HOST = ${HOST}\n`);
    expect(file).toContain('LOG_DATA = s3://udacity-dend/log_data\n');
    await app.close();
  });

  it('declining the plan sends nothing; with the options off only the cluster is created', async () => {
    redshift.on(DescribeClustersCommand).rejects(notFound());
    const app = await renderApp(config(), { route: 'cluster', rows: 40 });
    await app.see('State     none');
    await app.press('n');
    await app.see(' No   Create ');
    await app.press(KEY.escape);
    await app.see('n create  r refresh');
    await app.press('n', 'r', 'a');
    const frame = await app.see('Run these 2 steps?');
    expect(flat(frame)).toContain('IAM: no role is made (r: make sparkify-redshift-s3-read)');
    expect(flat(frame)).toContain('EC2: no address rule (a: let 203.0.113.7/32 in on port 5439)');
    await app.press('n');
    await app.see('n create  r refresh');
    expect(sent()).toEqual(['DescribeClustersCommand']);
    await app.close();
  });

  it('a failed step shows its error, and the steps after it are skipped (nothing else is sent)', async () => {
    redshift.on(DescribeClustersCommand).rejects(notFound());
    iam.on(GetRoleCommand).rejects(new NoSuchEntityException({ message: 'no role', $metadata: {} }));
    iam.on(CreateRoleCommand).rejects(Object.assign(new Error('not authorized to perform: iam:CreateRole'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    const cfg = config();
    const app = await renderApp(cfg, { route: 'cluster', rows: 40 });
    await app.see('State     none');
    await app.press('n', 'y');
    const frame = await app.see('✗ Access denied');
    expect(flat(frame)).toContain('✗ 1. IAM: create role sparkify-redshift-s3-read');
    expect(flat(frame)).toContain('– 2. Redshift: create cluster sparkify-dwh');
    expect(flat(frame)).toMatch(/– 4\. EC2: allow .+ \(skipped\)/);
    expect(flat(frame)).toMatch(/access denied: this AWS identity may not create the IAM role .*sparkify-redshift-s3-read \(needs iam:CreateRole\)/);
    expect(redshift.commandCalls(CreateClusterCommand)).toHaveLength(0);
    expect(ec2.calls()).toHaveLength(0);
    expect(readFileSync(cfg.path, 'utf8')).toContain('[IAM_ROLE]\nARN = \n');
    await app.close();
  });

  it('delete with ctrl+r removes the cluster, then sparkify’s rule and the role it made', async () => {
    redshift.on(DescribeClustersCommand).resolvesOnce(clusterReply('available', groups)).resolvesOnce(clusterReply('deleting', groups)).rejects(notFound());
    redshift.on(DeleteClusterCommand).resolves({});
    iam.on(GetRoleCommand).resolves({ Role: { Arn: ARN, RoleName: 'sparkify-redshift-s3-read', Path: '/', RoleId: 'AROA1', CreateDate: new Date(), Tags: [{ Key: 'created-by', Value: 'sparkify' }] } });
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [] });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['sparkify-s3-read'] });
    iam.on(DeleteRolePolicyCommand).resolves({});
    iam.on(DeleteRoleCommand).resolves({});
    ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [{ GroupId: 'sg-0abc', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5439, ToPort: 5439, IpRanges: [{ CidrIp: '203.0.113.7/32', Description: RULE_DESCRIPTION }, { CidrIp: '198.51.100.0/24', Description: 'office' }] }] }],
    });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const app = await renderApp(config(ARN), { route: 'cluster', rows: 40 });
    await app.see('State     available');
    await app.press('d', CTRL_R, KEY.tab);
    let frame = await app.see('Also removed:');
    expect(flat(frame)).toContain(`Also removed: sparkify's address rules and the IAM role ${ARN}, if sparkify made it (ctrl+r: keep them).`);
    await app.press('sparkify-dwh', KEY.enter);
    frame = await app.see('✓ sparkify-dwh is deleted');
    expect(flat(frame)).toContain(`✓ 1. IAM: check that ${ARN} was made by sparkify`);
    expect(flat(frame)).toContain('✓ 3. EC2: remove sparkify\'s address rules from sg-0abc removed 1 rule(s)');
    expect(flat(frame)).toContain(`deleted ${ARN}`);
    expect(flat(frame)).toContain('no final snapshot was taken.');
    expect(redshift.commandCalls(DeleteClusterCommand).map((c) => c.args[0].input)).toEqual([{ ClusterIdentifier: 'sparkify-dwh', SkipFinalClusterSnapshot: true }]);
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand).map((c) => c.args[0].input)).toEqual([
      { GroupId: 'sg-0abc', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5439, ToPort: 5439, IpRanges: [{ CidrIp: '203.0.113.7/32' }] }] },
    ]);
    expect(iam.commandCalls(DeleteRolePolicyCommand).map((c) => c.args[0].input)).toEqual([{ RoleName: 'sparkify-redshift-s3-read', PolicyName: 'sparkify-s3-read' }]);
    expect(iam.commandCalls(DeleteRoleCommand).map((c) => c.args[0].input)).toEqual([{ RoleName: 'sparkify-redshift-s3-read' }]);
    await app.close();
  });
});
