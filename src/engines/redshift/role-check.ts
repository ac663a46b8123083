import type { DwhConfig } from '../../config/dwh-cfg.js';
import { ConfigError, errorText } from '../../errors.js';
import type { CheckLine } from '../../etl/events.js';
import { isServerless } from './connection.js';

/**
 * The role COPY names must be attached to the cluster, else every COPY fails with a bare "not authorized" after
 * the run has begun. With [DWH] CLUSTER_IDENTIFIER set, DescribeClusters says which roles are attached: a role not
 * among them (or `IAM_ROLE default` on a cluster with none) is a ConfigError before anything is opened. Without
 * the identifier, or when the AWS API cannot be asked, nothing is refused and the line says why it was not checked.
 */
export async function checkCopyRole(config: DwhConfig, roleArn: string): Promise<CheckLine[]> {
  if (isServerless(config)) return checkWorkgroupRole(config, roleArn);
  const identifier = config.settings.text('DWH CLUSTER_IDENTIFIER');
  if (identifier === undefined) return [];
  const { clusterSettings } = await import('../../cluster/settings.js');
  const { redshiftClient } = await import('../../cluster/client.js');
  const { describeCluster } = await import('../../cluster/describe.js');
  const settings = clusterSettings(config);
  let roles: string[];
  try {
    const info = await describeCluster(redshiftClient(settings), identifier, settings.region);
    if (!info) return [{ text: `the COPY role is not checked: no cluster ${identifier} in ${settings.region}`, caveat: true }];
    roles = info.iamRoles;
  } catch (error) {
    return [{ text: `the COPY role is not checked: the cluster's roles could not be read (${errorText(error)})`, caveat: true }];
  }
  return roleVerdict(config, roleArn, roles, `cluster ${identifier}`);
}

/** The role against what the attached roles are (a cluster's, a namespace's). */
function roleVerdict(config: DwhConfig, roleArn: string, roles: string[], owner: string, defaultRole?: string): CheckLine[] {
  if (roleArn === 'default') {
    if (roles.length === 0 && !defaultRole) throw new ConfigError(`COPY uses the default IAM role, and ${owner} has no IAM role attached: set [IAM_ROLE] ARN, or attach a role that can read the input`);
    return [{ text: `${owner} has ${roles.length} IAM role(s) attached for IAM_ROLE default` }];
  }
  if (!roles.includes(roleArn)) {
    const attached = roles.length > 0 ? `attached: ${roles.join(', ')}` : 'it has none';
    throw new ConfigError(`${config.settings.where('DWH IAM_ROLE_ARN')} = "${roleArn}" is not attached to ${owner} (${attached}): attach it, or name an attached role`);
  }
  return [{ text: `role ${roleArn} is attached to ${owner}` }];
}

/** Serverless: the roles of the workgroup's namespace (GetWorkgroup names it, GetNamespace lists its roles). */
async function checkWorkgroupRole(config: DwhConfig, roleArn: string): Promise<CheckLine[]> {
  const workgroup = config.settings.text('DWH WORKGROUP')!;
  const [{ clusterRegion }, { describeWorkgroup, namespaceRoles, serverlessClient }] = await Promise.all([import('../../cluster/settings.js'), import('./serverless.js')]);
  const region = clusterRegion(config);
  const client = serverlessClient(region);
  try {
    const info = await describeWorkgroup(client, workgroup, region);
    if (!info?.namespace) return [{ text: `the COPY role is not checked: no workgroup ${workgroup} in ${region}`, caveat: true }];
    const { roles, defaultRole } = await namespaceRoles(client, info.namespace, region);
    return roleVerdict(config, roleArn, roles, `namespace ${info.namespace} of workgroup ${workgroup}`, defaultRole);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    return [{ text: `the COPY role is not checked: the namespace's roles could not be read (${errorText(error)})`, caveat: true }];
  } finally {
    client.destroy();
  }
}
