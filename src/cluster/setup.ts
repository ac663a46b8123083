/**
 * The first-run set-up the classic notebook does by hand: an IAM role Redshift assumes to read the input from S3,
 * and a rule that lets this machine reach a publicly accessible cluster on its port. What is made here is marked
 * (the role's tag, the rule's description), and only what is so marked is ever removed again.
 */
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
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AuthorizeSecurityGroupIngressCommand, DescribeSecurityGroupsCommand, EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import type { DwhConfig } from '../config/dwh-cfg.js';
import { awsClient } from '../aws-client.js';
import { ConfigError } from '../errors.js';
import { clusterError } from './errors.js';

export type IamApi = Pick<IAMClient, 'send'>;
export type Ec2Api = Pick<EC2Client, 'send'>;

export function iamClient(region: string): IAMClient {
  return awsClient(IAMClient, region);
}

export function ec2Client(region: string): EC2Client {
  return awsClient(EC2Client, region);
}

/** The tag on everything sparkify creates: `cluster delete --with-role` removes a role only when it carries it. */
export const CREATED_BY = { Key: 'created-by', Value: 'sparkify' } as const;

export { DEFAULT_ROLE_NAME } from './settings.js';

const READ_ONLY_POLICY = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
const INLINE_POLICY = 'sparkify-s3-read';

/** Redshift may assume the role, nobody else. https://docs.aws.amazon.com/redshift/latest/mgmt/authorizing-redshift-service.html */
export const TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'redshift.amazonaws.com' }, Action: 'sts:AssumeRole' }],
} as const;

/** The buckets COPY reads: the s3:// inputs, the jsonpaths file and the staging prefix of dwh.cfg. */
export function inputBuckets(config: Pick<DwhConfig, 's3'>): string[] {
  const urls = [config.s3.logData, config.s3.songData, config.s3.logJsonPath, config.s3.stagingPrefix];
  const buckets = urls.flatMap((url) => (url ? (/^s3:\/\/([^/]+)/i.exec(url)?.[1] ?? []) : []));
  return [...new Set(buckets)].sort();
}

/** Read access to exactly these buckets: list them, get their objects. */
export function bucketReadPolicy(buckets: readonly string[]): object {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: buckets.map((b) => `arn:aws:s3:::${b}`) },
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: buckets.map((b) => `arn:aws:s3:::${b}/*`) },
    ],
  };
}

/** What the role gets: a policy scoped to the input buckets when dwh.cfg names any, else AmazonS3ReadOnlyAccess. */
export function rolePolicyText(buckets: readonly string[]): string {
  return buckets.length > 0 ? `read access to ${buckets.map((b) => `s3://${b}`).join(', ')} only (inline policy ${INLINE_POLICY})` : `${READ_ONLY_POLICY} (no s3:// input in dwh.cfg to scope it to)`;
}

const failure = (operation: string, name: string, region: string, action: string) => (error: unknown): never => {
  throw clusterError(error, { action, operation, identifier: name, region, service: 'iam' });
};

/** Whether the role exists and carries sparkify's tag. */
export async function roleOwner(iam: IamApi, roleName: string, region: string): Promise<{ arn: string; ours: boolean } | undefined> {
  try {
    const role = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
    if (!role?.Arn) return undefined;
    return { arn: role.Arn, ours: (role.Tags ?? []).some((t) => t.Key === CREATED_BY.Key && t.Value === CREATED_BY.Value) };
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchEntityException') return undefined;
    return failure('GetRole', roleName, region, 'read the IAM role')(error);
  }
}

/**
 * Creates the role Redshift assumes to read S3 (trust for redshift.amazonaws.com, tagged created-by=sparkify) with
 * read access to the buckets (or AmazonS3ReadOnlyAccess). A role of that name made by sparkify before is used, its
 * policy given again; one made by anybody else is never touched (a ConfigError says to name it in [IAM_ROLE] ARN).
 */
export async function createCopyRole(iam: IamApi, options: { roleName: string; buckets: readonly string[]; region: string }): Promise<{ arn: string; created: boolean }> {
  const { roleName, buckets, region } = options;
  const existing = await roleOwner(iam, roleName, region);
  if (existing && !existing.ours) {
    throw new ConfigError(`an IAM role ${roleName} exists that sparkify did not create: name it in [IAM_ROLE] ARN to use it, or choose another name with --with-role NAME`);
  }
  const arn =
    existing?.arn ??
    (
      await iam
        .send(
          new CreateRoleCommand({
            RoleName: roleName,
            AssumeRolePolicyDocument: JSON.stringify(TRUST_POLICY),
            Description: 'Lets Redshift read the Sparkify input from S3 (COPY)',
            Tags: [CREATED_BY],
          }),
        )
        .catch(failure('CreateRole', roleName, region, 'create the IAM role'))
    ).Role!.Arn!;
  // Given again to a role found: a create stopped between the role and its policy left a role that reads nothing, and
  // the buckets may have changed. Both calls replace what is there.
  if (buckets.length > 0) {
    await iam
      .send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: INLINE_POLICY, PolicyDocument: JSON.stringify(bucketReadPolicy(buckets)) }))
      .catch(failure('PutRolePolicy', roleName, region, 'give the IAM role its policy'));
  } else {
    await iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: READ_ONLY_POLICY })).catch(failure('AttachRolePolicy', roleName, region, 'attach a policy to the IAM role'));
  }
  return { arn, created: existing === undefined };
}

/** Removes a role sparkify created (its policies first); a role without sparkify's tag is refused, untouched. */
export async function deleteCopyRole(iam: IamApi, roleName: string, region: string): Promise<'deleted' | 'absent'> {
  const existing = await roleOwner(iam, roleName, region);
  if (!existing) return 'absent';
  if (!existing.ours) throw new ConfigError(`the IAM role ${roleName} was not created by sparkify (no created-by=sparkify tag): it is left as it is`);
  const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName })).catch(failure('ListAttachedRolePolicies', roleName, region, 'list the policies of'));
  for (const policy of attached.AttachedPolicies ?? []) {
    await iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: policy.PolicyArn })).catch(failure('DetachRolePolicy', roleName, region, 'detach a policy from'));
  }
  const inline = await iam.send(new ListRolePoliciesCommand({ RoleName: roleName })).catch(failure('ListRolePolicies', roleName, region, 'list the policies of'));
  for (const name of inline.PolicyNames ?? []) {
    await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: name })).catch(failure('DeleteRolePolicy', roleName, region, 'delete a policy of'));
  }
  await iam.send(new DeleteRoleCommand({ RoleName: roleName })).catch(failure('DeleteRole', roleName, region, 'delete the IAM role'));
  return 'deleted';
}

/** The role's name in its ARN (`arn:aws:iam::123456789012:role/path/name` → `name`). */
export function roleNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** This machine's public IPv4 address as AWS sees it (checkip.amazonaws.com). */
export async function publicIp(fetcher: (url: string) => Promise<{ ok: boolean; text(): Promise<string> }> = fetch): Promise<string> {
  let text: string;
  try {
    const answer = await fetcher('https://checkip.amazonaws.com/');
    if (!answer.ok) throw new Error('checkip.amazonaws.com did not answer');
    text = (await answer.text()).trim();
  } catch (error) {
    throw new ConfigError(`cannot find this machine's public address (${(error as Error).message}): set [DWH] ALLOW_CIDR instead`);
  }
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) throw new ConfigError(`checkip.amazonaws.com answered "${text.slice(0, 40)}", not an IPv4 address: set [DWH] ALLOW_CIDR instead`);
  return text;
}

/** The description that marks a rule as sparkify's (and lets delete find it). */
export const RULE_DESCRIPTION = 'sparkify: this machine, for the redshift engine';

/** Lets `cidr` reach `port` through each security group; a rule that exists already is fine. */
export async function allowIngress(ec2: Ec2Api, options: { groupIds: readonly string[]; cidr: string; port: number; region: string }): Promise<string[]> {
  const added: string[] = [];
  for (const groupId of options.groupIds) {
    try {
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: options.port, ToPort: options.port, IpRanges: [{ CidrIp: options.cidr, Description: RULE_DESCRIPTION }] }],
        }),
      );
      added.push(groupId);
    } catch (error) {
      if ((error as { name?: string; Code?: string }).name === 'InvalidPermission.Duplicate') continue;
      throw clusterError(error, { action: `allow ${options.cidr} on port ${options.port} in security group`, operation: 'AuthorizeSecurityGroupIngress', identifier: groupId, region: options.region, service: 'ec2' });
    }
  }
  return added;
}

/** Removes the rules sparkify added (by their description) from the security groups; resolves with how many. */
export async function revokeIngress(ec2: Ec2Api, options: { groupIds: readonly string[]; region: string }): Promise<number> {
  if (options.groupIds.length === 0) return 0;
  const groups = await ec2
    .send(new DescribeSecurityGroupsCommand({ GroupIds: [...options.groupIds] }))
    .catch((error: unknown) => {
      throw clusterError(error, { action: 'read security groups', operation: 'DescribeSecurityGroups', identifier: options.groupIds.join(', '), region: options.region, service: 'ec2' });
    });
  let removed = 0;
  for (const group of groups.SecurityGroups ?? []) {
    for (const permission of group.IpPermissions ?? []) {
      const ours = (permission.IpRanges ?? []).filter((r) => r.Description === RULE_DESCRIPTION);
      if (ours.length === 0) continue;
      await ec2
        .send(
          new RevokeSecurityGroupIngressCommand({
            GroupId: group.GroupId,
            IpPermissions: [{ IpProtocol: permission.IpProtocol, FromPort: permission.FromPort, ToPort: permission.ToPort, IpRanges: ours.map((r) => ({ CidrIp: r.CidrIp })) }],
          }),
        )
        .catch((error: unknown) => {
          throw clusterError(error, { action: 'remove a rule from security group', operation: 'RevokeSecurityGroupIngress', identifier: group.GroupId ?? '?', region: options.region, service: 'ec2' });
        });
      removed += ours.length;
    }
  }
  return removed;
}
