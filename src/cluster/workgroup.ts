/**
 * The Serverless counterpart of the cluster lifecycle: a namespace (databases, users, the IAM roles COPY may assume)
 * and a workgroup (compute in RPUs, the endpoint). `sparkify cluster status|create|delete` use these when dwh.cfg
 * names [DWH] WORKGROUP. There is nothing to pause: a workgroup bills only while it works.
 * https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/Welcome.html
 */
import { CreateNamespaceCommand, CreateWorkgroupCommand, DeleteNamespaceCommand, DeleteWorkgroupCommand, GetNamespaceCommand } from '@aws-sdk/client-redshift-serverless';
import type { DwhConfig } from '../config/dwh-cfg.js';
import { ConfigError } from '../errors.js';
import { describeWorkgroup, workgroupError, type ServerlessApi, type WorkgroupInfo } from '../engines/redshift/serverless.js';
import { checkMasterPassword } from './create.js';
import { commonDwhSettings, type DwhCommonSettings } from './settings.js';
import { serverlessCost } from './prices.js';
import { waitForState, type WaitOptions } from './wait.js';

export { RPU_HOUR_USD, serverlessCost } from './prices.js';

export interface WorkgroupSettings extends DwhCommonSettings {
  /** [DWH] WORKGROUP. */
  workgroup: string;
  /** [DWH] NAMESPACE; default the workgroup's name. */
  namespace: string;
  /** [DWH] BASE_CAPACITY in RPUs; default 8. */
  baseCapacity: number;
}

/** The [DWH] settings of a Serverless workgroup; a ConfigError when WORKGROUP is not set. */
export function workgroupSettings(config: Pick<DwhConfig, 'settings' | 'cluster'>): WorkgroupSettings {
  const s = config.settings;
  const workgroup = s.text('DWH WORKGROUP');
  if (workgroup === undefined) throw new ConfigError(`${s.where('DWH WORKGROUP')} is not set: name the Serverless workgroup to manage`);
  return { workgroup, namespace: s.text('DWH NAMESPACE') ?? workgroup, baseCapacity: s.number('DWH BASE_CAPACITY') ?? 8, ...commonDwhSettings(config) };
}

export interface WorkgroupStatus extends WorkgroupInfo {
  /** `available`, `creating`, ... (the API's status in lower case), for the shared wait loop. */
  state: string;
  cost: { perActiveHour: number; text: string };
}

export async function workgroupStatus(client: ServerlessApi, settings: Pick<WorkgroupSettings, 'workgroup' | 'region'>): Promise<WorkgroupStatus | undefined> {
  const info = await describeWorkgroup(client, settings.workgroup, settings.region);
  if (!info) return undefined;
  return { ...info, state: info.status.toLowerCase(), cost: serverlessCost(info.baseCapacity ?? 8) };
}

export interface CreateWorkgroupOptions extends WaitOptions {
  client: ServerlessApi;
  /** The admin user's password ([CLUSTER] DB_PASSWORD); without one AWS keeps a generated one in Secrets Manager. */
  adminPassword?: string;
  /** dwh.cfg to write the endpoint into ([CLUSTER] HOST, DB_PORT) once the workgroup is available. */
  writeEndpointTo?: string;
  noWait?: boolean;
  /** Told when an existing namespace of that name is used instead of a new one. */
  onNote?: (text: string) => void;
}

/**
 * Creates the namespace (unless one of that name exists: its databases are kept and used) and the workgroup at
 * its base capacity, then waits until the workgroup is AVAILABLE and writes its endpoint into dwh.cfg.
 */
export async function createWorkgroup(settings: WorkgroupSettings, options: CreateWorkgroupOptions): Promise<WorkgroupStatus> {
  const { workgroup, namespace, region } = settings;
  const { client } = options;
  if (options.adminPassword !== undefined) checkMasterPassword(options.adminPassword);
  const tags = [{ key: 'created-by', value: 'sparkify' }];
  try {
    await client.send(
      new CreateNamespaceCommand({
        namespaceName: namespace,
        dbName: settings.dbName,
        adminUsername: settings.dbUser,
        ...(options.adminPassword !== undefined ? { adminUserPassword: options.adminPassword } : { manageAdminPassword: true }),
        ...(settings.iamRoleArn ? { iamRoles: [settings.iamRoleArn], defaultIamRoleArn: settings.iamRoleArn } : {}),
        tags,
      }),
    );
  } catch (error) {
    if (!/Conflict/.test((error as { name?: string }).name ?? '')) throw workgroupError(error, 'create the namespace', 'CreateNamespace', namespace, region);
    // The namespace holds databases: an existing one is used as it is, never replaced.
    await client.send(new GetNamespaceCommand({ namespaceName: namespace })).catch((e: unknown) => {
      throw workgroupError(e, 'describe the namespace', 'GetNamespace', namespace, region);
    });
    options.onNote?.(`namespace ${namespace} exists: the new workgroup uses it (its databases and users as they are)`);
  }
  const started = Date.now();
  try {
    await client.send(
      new CreateWorkgroupCommand({
        workgroupName: workgroup,
        namespaceName: namespace,
        baseCapacity: settings.baseCapacity,
        publiclyAccessible: settings.publiclyAccessible,
        ...(settings.securityGroupIds.length > 0 ? { securityGroupIds: settings.securityGroupIds } : {}),
        tags,
      }),
    );
  } catch (error) {
    if (/Conflict/.test((error as { name?: string }).name ?? '')) {
      throw new ConfigError(`a Serverless workgroup ${workgroup} already exists in ${region} (sparkify cluster status shows it)`);
    }
    throw workgroupError(error, 'create', 'CreateWorkgroup', workgroup, region);
  }
  options.onProgress?.({ action: 'create', identifier: workgroup, phase: 'requested', state: 'creating', elapsedSeconds: (Date.now() - started) / 1000 });
  const describe = () => workgroupStatus(client, settings);
  const info = options.noWait
    ? await describe()
    : await waitForState(describe, { action: 'create', identifier: workgroup, kind: 'workgroup' }, (w) => w?.state === 'available' && w.endpoint !== undefined, options);
  if (!info) throw new ConfigError(`workgroup ${workgroup} is not listed in ${region} after its creation`);
  if (options.writeEndpointTo && info.endpoint) {
    const { writeEndpoint } = await import('./endpoint-file.js');
    writeEndpoint(options.writeEndpointTo, info.endpoint);
  }
  return info;
}

export interface DeleteWorkgroupOptions extends WaitOptions {
  client: ServerlessApi;
  /** Delete the namespace (its databases) too, after the workgroup is gone; default false. */
  withNamespace?: boolean;
  /** With the namespace: a final snapshot of this name first, or false for none. */
  finalSnapshot?: string | false;
  noWait?: boolean;
}

/** Deletes the workgroup, waits until it is gone, then (when asked) the namespace, with a final snapshot unless told not to. */
export async function deleteWorkgroup(settings: WorkgroupSettings, options: DeleteWorkgroupOptions): Promise<void> {
  const { workgroup, namespace, region } = settings;
  const { client } = options;
  try {
    await client.send(new DeleteWorkgroupCommand({ workgroupName: workgroup }));
  } catch (error) {
    throw workgroupError(error, 'delete', 'DeleteWorkgroup', workgroup, region);
  }
  if (options.noWait && !options.withNamespace) return;
  // A namespace cannot be deleted while a workgroup uses it: wait until the workgroup is gone first.
  await waitForState(() => workgroupStatus(client, settings), { action: 'delete', identifier: workgroup, kind: 'workgroup' }, (w) => w === undefined, options);
  if (!options.withNamespace) return;
  try {
    await client.send(new DeleteNamespaceCommand({ namespaceName: namespace, ...(options.finalSnapshot ? { finalSnapshotName: options.finalSnapshot } : {}) }));
  } catch (error) {
    throw workgroupError(error, 'delete the namespace', 'DeleteNamespace', namespace, region);
  }
}
