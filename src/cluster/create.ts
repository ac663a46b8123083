import { CreateClusterCommand } from '@aws-sdk/client-redshift';
import { ConfigError } from '../errors.js';
import type { RedshiftApi } from './client.js';
import { requireCluster, type ClusterInfo } from './describe.js';
import { clusterError } from './errors.js';
import type { ClusterSettings } from './settings.js';
import { isAvailable, waitForCluster, type WaitOptions } from './wait.js';

export interface CreateOptions extends WaitOptions {
  client: RedshiftApi;
  /**
   * The master user's password ([CLUSTER] DB_PASSWORD). Without one, Redshift keeps a generated password in
   * Secrets Manager (ManageMasterPassword) and the engine logs in with temporary IAM credentials.
   */
  masterPassword?: string;
  /** dwh.cfg to write the endpoint into ([CLUSTER] HOST and DB_PORT) once the cluster is available; default none. */
  writeEndpointTo?: string;
  /** Return once AWS accepted the request instead of waiting for `available`; default false. */
  noWait?: boolean;
}

/** Redshift's rules for a master password; checked here so the message can say which rule without showing it. */
export function checkMasterPassword(password: string, setting = '[CLUSTER] DB_PASSWORD'): void {
  const problems: string[] = [];
  if (password.length < 8 || password.length > 64) problems.push('8 to 64 characters');
  if (!/[A-Z]/.test(password)) problems.push('an uppercase letter');
  if (!/[a-z]/.test(password)) problems.push('a lowercase letter');
  if (!/[0-9]/.test(password)) problems.push('a digit');
  if (/[^\x21-\x7e]|['"\\/@]/.test(password)) problems.push("only printable ASCII without ' \" \\ / @ or spaces");
  if (problems.length > 0) {
    throw new ConfigError(`${setting} is not a valid Redshift master password (value not shown): it needs ${problems.join(', ')}`);
  }
}

/**
 * Creates the cluster of the settings and waits until it is available, reporting every poll. Resolves with the
 * cluster (its endpoint included). An existing cluster of that identifier is a ClusterError ('already-exists').
 */
export async function createCluster(settings: ClusterSettings, options: CreateOptions): Promise<ClusterInfo> {
  const { identifier, region } = settings;
  if (!settings.nodeType || !settings.nodes) throw new ConfigError('[DWH] NODE_TYPE and NUM_NODES are needed to create a cluster');
  if (options.masterPassword !== undefined) checkMasterPassword(options.masterPassword);
  const started = Date.now();
  try {
    await options.client.send(
      new CreateClusterCommand({
        ClusterIdentifier: identifier,
        NodeType: settings.nodeType,
        ClusterType: settings.nodes > 1 ? 'multi-node' : 'single-node',
        ...(settings.nodes > 1 ? { NumberOfNodes: settings.nodes } : {}),
        DBName: settings.dbName,
        MasterUsername: settings.dbUser,
        ...(options.masterPassword !== undefined ? { MasterUserPassword: options.masterPassword } : { ManageMasterPassword: true }),
        Port: settings.port,
        ...(settings.iamRoleArn ? { IamRoles: [settings.iamRoleArn], DefaultIamRoleArn: settings.iamRoleArn } : {}),
        PubliclyAccessible: settings.publiclyAccessible,
        ...(settings.securityGroupIds.length > 0 ? { VpcSecurityGroupIds: settings.securityGroupIds } : {}),
        Encrypted: true,
        Tags: [{ Key: 'created-by', Value: 'sparkify' }],
      }),
    );
  } catch (error) {
    throw clusterError(error, { action: 'create', operation: 'CreateCluster', identifier, region });
  }
  options.onProgress?.({ action: 'create', identifier, phase: 'requested', state: 'creating', elapsedSeconds: (Date.now() - started) / 1000 });
  // Waiting for `available` resolves only with a cluster: one that disappears meanwhile is a ClusterError.
  const info = options.noWait
    ? await requireCluster(options.client, identifier, region, 'create')
    : (await waitForCluster(options.client, { action: 'create', identifier, region }, isAvailable, options))!;
  if (options.writeEndpointTo && info.endpoint) {
    const { writeEndpoint } = await import('./endpoint-file.js');
    writeEndpoint(options.writeEndpointTo, info.endpoint);
  }
  return info;
}
