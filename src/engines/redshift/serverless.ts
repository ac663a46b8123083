/**
 * Redshift Serverless: a workgroup (compute, billed in RPU-seconds while it works) over a namespace (the
 * databases). Its endpoint comes from GetWorkgroup and its temporary database credentials from GetCredentials,
 * which maps the caller's IAM identity to a database user (IAM:user or IAMR:role).
 * https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_GetCredentials.html
 */
import { GetCredentialsCommand, GetNamespaceCommand, GetWorkgroupCommand, RedshiftServerlessClient } from '@aws-sdk/client-redshift-serverless';
import { awsClient } from '../../aws-client.js';
import { clusterError } from '../../cluster/errors.js';
import type { DbLogin } from './credentials.js';

/** What the Serverless functions need of the AWS SDK: `send` (a real client, or one aws-sdk-client-mock answers). */
export type ServerlessApi = Pick<RedshiftServerlessClient, 'send'>;

/** A Redshift Serverless API client for the region, with the SDK's standard credential chain (never from dwh.cfg). */
export function serverlessClient(region: string): RedshiftServerlessClient {
  return awsClient(RedshiftServerlessClient, region);
}

export interface WorkgroupInfo {
  name: string;
  namespace?: string;
  /** CREATING, AVAILABLE, MODIFYING or DELETING. */
  status: string;
  baseCapacity?: number;
  endpoint?: { host: string; port: number };
  publiclyAccessible?: boolean;
  securityGroups: string[];
}

const NOT_FOUND = /ResourceNotFound/;

/** The workgroup as GetWorkgroup describes it, or undefined when there is none of that name in the region. */
export async function describeWorkgroup(client: ServerlessApi, name: string, region: string): Promise<WorkgroupInfo | undefined> {
  try {
    const w = (await client.send(new GetWorkgroupCommand({ workgroupName: name }))).workgroup;
    if (!w) return undefined;
    const address = w.endpoint?.address;
    return {
      name: w.workgroupName ?? name,
      namespace: w.namespaceName,
      status: w.status ?? 'unknown',
      baseCapacity: w.baseCapacity,
      endpoint: address ? { host: address, port: w.endpoint?.port ?? w.port ?? 5439 } : undefined,
      publiclyAccessible: w.publiclyAccessible,
      securityGroups: w.securityGroupIds ?? [],
    };
  } catch (error) {
    if (NOT_FOUND.test((error as { name?: string }).name ?? '')) return undefined;
    throw workgroupError(error, 'describe', 'GetWorkgroup', name, region);
  }
}

/** The IAM roles of the workgroup's namespace (GetNamespace lists them as `IamRole(applyStatus=..., iamRoleArn=...)`). */
export async function namespaceRoles(client: ServerlessApi, namespace: string, region: string): Promise<{ roles: string[]; defaultRole?: string }> {
  try {
    const n = (await client.send(new GetNamespaceCommand({ namespaceName: namespace }))).namespace;
    const roles = (n?.iamRoles ?? []).map((text) => /arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+/.exec(text)?.[0] ?? text);
    return { roles, defaultRole: n?.defaultIamRoleArn };
  } catch (error) {
    throw workgroupError(error, 'describe the namespace of', 'GetNamespace', namespace, region);
  }
}

export interface WorkgroupLoginOptions {
  client: ServerlessApi;
  workgroup: string;
  region: string;
  dbName: string;
  /** Lifetime asked for, 900-3600 seconds; default 900. */
  durationSeconds?: number;
}

/** Fetches one temporary login for the workgroup's database. */
export async function workgroupLogin(options: WorkgroupLoginOptions): Promise<DbLogin> {
  const { client, workgroup, region, dbName } = options;
  try {
    const out = await client.send(new GetCredentialsCommand({ workgroupName: workgroup, dbName, durationSeconds: options.durationSeconds ?? 900 }));
    if (!out.dbUser || !out.dbPassword) throw new Error('the Redshift Serverless API returned no credentials');
    return { user: out.dbUser, password: out.dbPassword, expiresAt: out.expiration };
  } catch (error) {
    throw workgroupError(error, 'get database credentials for', 'GetCredentials', workgroup, region);
  }
}

/** An AWS failure about a workgroup or namespace, in the words of the cluster errors (permissions are redshift-serverless:*). */
export function workgroupError(error: unknown, action: string, operation: string, name: string, region: string) {
  if (NOT_FOUND.test((error as { name?: string }).name ?? '')) {
    return clusterError(Object.assign(new Error(`no workgroup ${name}`), { name: 'WorkgroupNotFound' }), { action, operation, identifier: name, region, service: 'redshift-serverless' });
  }
  return clusterError(error, { action, operation, identifier: name, region, service: 'redshift-serverless' });
}
