import { DescribeClustersCommand, type Cluster } from '@aws-sdk/client-redshift';
import type { RedshiftApi } from './client.js';
import { clusterError } from './errors.js';
import { estimateCost, type CostEstimate } from './prices.js';

/** A cluster as the screens and the CLI show it. */
export interface ClusterInfo {
  identifier: string;
  /** Redshift's ClusterStatus: creating, available, pausing, paused, resuming, deleting, modifying, ... */
  state: string;
  /** Redshift's ClusterAvailabilityStatus (Available, Unavailable, Maintenance, Modifying, Failed), when given. */
  availability?: string;
  endpoint?: { host: string; port: number };
  nodeType?: string;
  nodes?: number;
  dbName?: string;
  masterUser?: string;
  createdAt?: Date;
  iamRoles: string[];
  /** The VPC security groups (where `cluster create --allow-my-ip` adds its rule). */
  securityGroups: string[];
  cost?: CostEstimate;
}

/** The cluster's current description, or undefined when no cluster has that identifier. */
export async function describeCluster(client: RedshiftApi, identifier: string, region: string): Promise<ClusterInfo | undefined> {
  try {
    const out = await client.send(new DescribeClustersCommand({ ClusterIdentifier: identifier }));
    const cluster = out.Clusters?.find((c) => c.ClusterIdentifier === identifier) ?? out.Clusters?.[0];
    return cluster ? clusterInfo(cluster) : undefined;
  } catch (error) {
    if ((error as { name?: string }).name === 'ClusterNotFoundFault') return undefined;
    throw clusterError(error, { action: 'describe', operation: 'DescribeClusters', identifier, region });
  }
}

/** The cluster's current description; no cluster of that identifier is a ClusterError ('not-found'). */
export async function requireCluster(client: RedshiftApi, identifier: string, region: string, action: string): Promise<ClusterInfo> {
  const info = await describeCluster(client, identifier, region);
  if (!info) throw clusterError({ name: 'ClusterNotFoundFault' }, { action, operation: 'DescribeClusters', identifier, region });
  return info;
}

function clusterInfo(cluster: Cluster): ClusterInfo {
  const nodes = cluster.NumberOfNodes;
  const state = cluster.ClusterStatus ?? 'unknown';
  return {
    identifier: cluster.ClusterIdentifier ?? '?',
    state,
    availability: cluster.ClusterAvailabilityStatus,
    endpoint: cluster.Endpoint?.Address ? { host: cluster.Endpoint.Address, port: cluster.Endpoint.Port ?? 5439 } : undefined,
    nodeType: cluster.NodeType,
    nodes,
    dbName: cluster.DBName,
    masterUser: cluster.MasterUsername,
    createdAt: cluster.ClusterCreateTime,
    iamRoles: (cluster.IamRoles ?? []).map((r) => r.IamRoleArn ?? '').filter(Boolean),
    securityGroups: (cluster.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId ?? '').filter(Boolean),
    cost: cluster.NodeType && nodes ? estimateCost(cluster.NodeType, nodes, state) : undefined,
  };
}
