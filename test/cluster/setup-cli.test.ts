import { CreateClusterCommand, DeleteClusterCommand, DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { AuthorizeSecurityGroupIngressCommand, DescribeSecurityGroupsCommand, EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { publicIp, RULE_DESCRIPTION, TRUST_POLICY } from '../../src/cluster/setup.js';
import { mockAws } from '../helpers/aws-mocks.js';
import { cli as run } from '../helpers/cli-in-process.js';
import { clusterReply, HOST, notFound } from '../helpers/cluster-replies.js';
import { tempDir } from '../helpers/paths.js';

const [redshift, iam, ec2] = mockAws(RedshiftClient, IAMClient, EC2Client);
const t = tempDir('sparkify-setup-');
afterAll(() => t.cleanup());

const ARN = 'arn:aws:iam::123456789012:role/sparkify-redshift-s3-read';
let cfg: string;
function write(extra: string[] = [], role?: string) {
  cfg = join(t.dir, 'dwh.cfg');
  writeFileSync(
    cfg,
    [
      '[WAREHOUSE]', 'ENGINE = redshift', '',
      '[CLUSTER]', 'HOST =', 'DB_NAME = sparkify', 'DB_USER = sparkify', '',
      '[IAM_ROLE]', `ARN =${role ? ` ${role}` : ''}`, '',
      '[S3]', 'LOG_DATA = s3://udacity-dend/log_data', 'SONG_DATA = s3://udacity-dend/song_data', 'LOG_JSONPATH = s3://udacity-dend/log_json_path.json', '',
      '[DWH]', 'CLUSTER_IDENTIFIER = sparkify-dwh', 'NODE_TYPE = ra3.xlplus', 'NUM_NODES = 2', 'REGION = us-west-2', 'PORT = 5439', 'POLL_SECONDS = 0.001',
      ...extra, '',
    ].join('\n'),
  );
}
beforeEach(() => write(['PUBLICLY_ACCESSIBLE = true', 'ALLOW_CIDR = 203.0.113.7/32']));
const cli = (args: string[]) => run(['--config', cfg, ...args]);
const noRole = () => new NoSuchEntityException({ message: 'The role with name sparkify-redshift-s3-read cannot be found.', $metadata: {} });
const groups = { VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0abc', Status: 'active' }] };

describe('cluster create --with-role --allow-my-ip: set-up from nothing', () => {
  it('shows the plan, then makes the role (scoped to the input bucket), the cluster with it, the HOST and ARN in dwh.cfg, and the rule', async () => {
    iam.on(GetRoleCommand).rejects(noRole());
    iam.on(CreateRoleCommand).resolves({ Role: { Arn: ARN, RoleName: 'sparkify-redshift-s3-read', Path: '/', RoleId: 'AROA1', CreateDate: new Date() } });
    iam.on(PutRolePolicyCommand).resolves({});
    redshift.on(CreateClusterCommand).resolves({});
    redshift.on(DescribeClustersCommand).resolves(clusterReply('available', groups));
    ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    const created = await cli(['cluster', 'create', '--with-role', '--allow-my-ip', '--yes']);
    expect(created.code).toBe(0);
    expect(created.stderr.split('\n').slice(0, 5)).toEqual([
      'plan:',
      '  1. IAM: create role sparkify-redshift-s3-read, which only redshift.amazonaws.com may assume, with read access to s3://udacity-dend only (inline policy sparkify-s3-read); tagged created-by=sparkify',
      '  2. Redshift: create cluster sparkify-dwh (2 × ra3.xlplus) with that role as its default IAM role',
      '  3. dwh.cfg: write [IAM_ROLE] ARN, then [CLUSTER] HOST and DB_PORT once it is available',
      `  4. EC2: allow 203.0.113.7/32 on port 5439 in its security groups (rule described "${RULE_DESCRIPTION}")`,
    ]);
    expect(iam.commandCalls(CreateRoleCommand).map((c) => c.args[0].input)).toEqual([
      {
        RoleName: 'sparkify-redshift-s3-read',
        AssumeRolePolicyDocument: JSON.stringify(TRUST_POLICY),
        Description: 'Lets Redshift read the Sparkify input from S3 (COPY)',
        Tags: [{ Key: 'created-by', Value: 'sparkify' }],
      },
    ]);
    // Only Redshift may assume it.
    expect(JSON.parse(String(iam.commandCalls(CreateRoleCommand)[0]!.args[0].input.AssumeRolePolicyDocument))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'redshift.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    const policy = iam.commandCalls(PutRolePolicyCommand)[0]!.args[0].input;
    expect(policy.RoleName).toBe('sparkify-redshift-s3-read');
    expect(policy.PolicyName).toBe('sparkify-s3-read');
    expect(JSON.parse(policy.PolicyDocument!)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: ['arn:aws:s3:::udacity-dend'] },
        { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::udacity-dend/*'] },
      ],
    });
    expect(iam.commandCalls(AttachRolePolicyCommand)).toHaveLength(0);
    expect(redshift.commandCalls(CreateClusterCommand)[0]!.args[0].input).toMatchObject({ IamRoles: [ARN], DefaultIamRoleArn: ARN, PubliclyAccessible: true });
    expect(ec2.commandCalls(AuthorizeSecurityGroupIngressCommand).map((c) => c.args[0].input)).toEqual([
      { GroupId: 'sg-0abc', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5439, ToPort: 5439, IpRanges: [{ CidrIp: '203.0.113.7/32', Description: RULE_DESCRIPTION }] }] },
    ]);
    const file = readFileSync(cfg, 'utf8');
    expect(file).toContain(`[IAM_ROLE]\nARN = ${ARN}\n`);
    expect(file).toContain(`HOST = ${HOST}\n`);
    // The rest of the file is as it was.
    expect(file).toContain('LOG_JSONPATH = s3://udacity-dend/log_json_path.json\n');
  });

  it('a role sparkify made before (a create stopped after CreateRole) is used, and gets its policy again', async () => {
    iam.on(GetRoleCommand).resolves({ Role: { Arn: ARN, RoleName: 'sparkify-redshift-s3-read', Path: '/', RoleId: 'AROA1', CreateDate: new Date(), Tags: [{ Key: 'created-by', Value: 'sparkify' }] } });
    iam.on(PutRolePolicyCommand).resolves({});
    redshift.on(CreateClusterCommand).resolves({});
    redshift.on(DescribeClustersCommand).resolves(clusterReply('available', groups));
    const created = await cli(['cluster', 'create', '--with-role', '--yes']);
    expect(created.code).toBe(0);
    expect(created.stderr).toContain(`found (made by sparkify before) IAM role ${ARN}`);
    expect(iam.commandCalls(CreateRoleCommand)).toHaveLength(0);
    expect(iam.commandCalls(PutRolePolicyCommand).map((c) => c.args[0].input.RoleName)).toEqual(['sparkify-redshift-s3-read']);
    expect(redshift.commandCalls(CreateClusterCommand)[0]!.args[0].input).toMatchObject({ DefaultIamRoleArn: ARN });
  });

  it('with no s3:// input to scope it to, the role gets AmazonS3ReadOnlyAccess', async () => {
    write(['PUBLICLY_ACCESSIBLE = true']);
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(/LOG_DATA = .*\nSONG_DATA = .*\nLOG_JSONPATH = .*\n/, 'LOG_DATA = data/log_data\nSONG_DATA = data/song_data\n'));
    iam.on(GetRoleCommand).rejects(noRole());
    iam.on(CreateRoleCommand).resolves({ Role: { Arn: ARN, RoleName: 'x', Path: '/', RoleId: 'AROA1', CreateDate: new Date() } });
    iam.on(AttachRolePolicyCommand).resolves({});
    redshift.on(CreateClusterCommand).resolves({});
    redshift.on(DescribeClustersCommand).resolves(clusterReply('available', groups));
    expect((await cli(['cluster', 'create', '--with-role', '--yes'])).code).toBe(0);
    expect(iam.commandCalls(AttachRolePolicyCommand).map((c) => c.args[0].input)).toEqual([{ RoleName: 'sparkify-redshift-s3-read', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }]);
    expect(iam.commandCalls(PutRolePolicyCommand)).toHaveLength(0);
    expect(ec2.calls()).toHaveLength(0);
  });

  it('refuses before anything is sent: no --yes out of a terminal, a private cluster with --allow-my-ip, a role named already, a role of somebody else', async () => {
    const unconfirmed = await cli(['cluster', 'create', '--with-role']);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('pass --yes to confirm when not in a terminal');
    write([]);
    const privateOne = await cli(['cluster', 'create', '--allow-my-ip', '--yes']);
    expect(privateOne.code).toBe(2);
    expect(privateOne.stderr).toContain('--allow-my-ip needs [DWH] PUBLICLY_ACCESSIBLE = true: a private cluster is reached from inside its VPC');
    write(['PUBLICLY_ACCESSIBLE = true'], 'arn:aws:iam::123456789012:role/mine');
    const named = await cli(['cluster', 'create', '--with-role', '--yes']);
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/\[IAM_ROLE\] ARN names a role already: --with-role makes one only where none is named/);
    expect([...iam.calls(), ...redshift.calls(), ...ec2.calls()]).toHaveLength(0);
    write(['PUBLICLY_ACCESSIBLE = true']);
    iam.on(GetRoleCommand).resolves({ Role: { Arn: ARN, RoleName: 'sparkify-redshift-s3-read', Path: '/', RoleId: 'AROA1', CreateDate: new Date(), Tags: [] } });
    const foreign = await cli(['cluster', 'create', '--with-role', '--yes']);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('an IAM role sparkify-redshift-s3-read exists that sparkify did not create: name it in [IAM_ROLE] ARN to use it, or choose another name with --with-role NAME');
    expect(iam.commandCalls(CreateRoleCommand)).toHaveLength(0);
    expect(redshift.calls()).toHaveLength(0);
  });
});

describe('cluster delete --with-role: removes what create made, and only that', () => {
  it('deletes the cluster, then sparkify’s rule (not the others) and the tagged role with its policies', async () => {
    write(['PUBLICLY_ACCESSIBLE = true'], ARN);
    iam.on(GetRoleCommand).resolves({ Role: { Arn: ARN, RoleName: 'sparkify-redshift-s3-read', Path: '/', RoleId: 'AROA1', CreateDate: new Date(), Tags: [{ Key: 'created-by', Value: 'sparkify' }] } });
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }] });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['sparkify-s3-read'] });
    iam.on(DetachRolePolicyCommand).resolves({});
    iam.on(DeleteRolePolicyCommand).resolves({});
    iam.on(DeleteRoleCommand).resolves({});
    redshift.on(DeleteClusterCommand).resolves({});
    redshift.on(DescribeClustersCommand).resolvesOnce(clusterReply('available', groups)).resolvesOnce(clusterReply('deleting', groups)).rejects(notFound());
    ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [
        {
          GroupId: 'sg-0abc',
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 5439, ToPort: 5439, IpRanges: [{ CidrIp: '203.0.113.7/32', Description: RULE_DESCRIPTION }, { CidrIp: '198.51.100.0/24', Description: 'office' }] },
          ],
        },
      ],
    });
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    const deleted = await cli(['cluster', 'delete', '--yes', '--skip-final-snapshot', '--with-role']);
    expect(deleted.code).toBe(0);
    expect(ec2.commandCalls(DescribeSecurityGroupsCommand).map((c) => c.args[0].input)).toEqual([{ GroupIds: ['sg-0abc'] }]);
    expect(ec2.commandCalls(RevokeSecurityGroupIngressCommand).map((c) => c.args[0].input)).toEqual([
      { GroupId: 'sg-0abc', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5439, ToPort: 5439, IpRanges: [{ CidrIp: '203.0.113.7/32' }] }] },
    ]);
    expect(iam.commandCalls(DetachRolePolicyCommand).map((c) => c.args[0].input)).toEqual([{ RoleName: 'sparkify-redshift-s3-read', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }]);
    expect(iam.commandCalls(DeleteRolePolicyCommand).map((c) => c.args[0].input)).toEqual([{ RoleName: 'sparkify-redshift-s3-read', PolicyName: 'sparkify-s3-read' }]);
    expect(iam.commandCalls(DeleteRoleCommand).map((c) => c.args[0].input)).toEqual([{ RoleName: 'sparkify-redshift-s3-read' }]);
    expect(deleted.stderr).toContain(`deleted IAM role ${ARN}`);
  });

  it('a role sparkify did not make stops the delete before anything is deleted', async () => {
    write([], 'arn:aws:iam::123456789012:role/teamRole');
    iam.on(GetRoleCommand).resolves({ Role: { Arn: 'arn:aws:iam::123456789012:role/teamRole', RoleName: 'teamRole', Path: '/', RoleId: 'AROA2', CreateDate: new Date(), Tags: [] } });
    const refused = await cli(['cluster', 'delete', '--yes', '--with-role']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('was not created by sparkify (no created-by=sparkify tag): --with-role removes only what sparkify made; nothing was deleted');
    expect(redshift.commandCalls(DeleteClusterCommand)).toHaveLength(0);
    expect(iam.commandCalls(DeleteRoleCommand)).toHaveLength(0);
  });
});

describe("this machine's public address", () => {
  it('asks checkip.amazonaws.com and accepts only an IPv4 address', async () => {
    const asked: string[] = [];
    expect(await publicIp(async (url) => (asked.push(url), { ok: true, text: async () => '203.0.113.7\n' }))).toBe('203.0.113.7');
    expect(asked).toEqual(['https://checkip.amazonaws.com/']);
    await expect(publicIp(async () => ({ ok: true, text: async () => '<html>' }))).rejects.toThrow('checkip.amazonaws.com answered "<html>", not an IPv4 address: set [DWH] ALLOW_CIDR instead');
    await expect(publicIp(async () => Promise.reject(new Error('getaddrinfo ENOTFOUND')))).rejects.toThrow("cannot find this machine's public address (getaddrinfo ENOTFOUND): set [DWH] ALLOW_CIDR instead");
  });
});
