import { clusterSettings } from '../cluster/settings.js';
import type { DwhConfig } from '../config/dwh-cfg.js';
import { describeError } from '../errors.js';
import type { ClusterTarget } from './cluster-effects.js';
import { commonTarget, type ClusterSession } from './cluster-session.js';

/** A provisioned cluster ([DWH] CLUSTER_IDENTIFIER): DescribeClusters, CreateCluster, pause, resume, DeleteCluster. */
export async function provisionedSession(config: DwhConfig): Promise<ClusterSession> {
  const settings = clusterSettings(config);
  const [{ redshiftClient }, { describeCluster }, { createCluster }, power, { deleteCluster, defaultSnapshotName }, { estimateCost }] = await Promise.all([
    import('../cluster/client.js'),
    import('../cluster/describe.js'),
    import('../cluster/create.js'),
    import('../cluster/power.js'),
    import('../cluster/delete.js'),
    import('../cluster/prices.js'),
  ]);
  const client = redshiftClient(settings);
  const common = await commonTarget(config, settings);
  let create: ClusterTarget['create'];
  try {
    const s = clusterSettings(config, 'create');
    const size = `${s.nodes} × ${s.nodeType}`;
    const cost = estimateCost(s.nodeType!, s.nodes!).text;
    create = { what: `cluster ${s.identifier} (${size})`, cost, summary: `${size}, ${cost}`, managedPassword: !config.cluster.dbPassword };
  } catch (error) {
    create = describeError(error);
  }
  const { identifier, region } = settings;
  return {
    target: { kind: 'cluster', name: identifier, port: settings.port, create, ...common.target },
    wait: common.wait,
    async status() {
      return { info: (await describeCluster(client, identifier, region)) ?? null };
    },
    snapshotName: () => defaultSnapshotName(identifier),
    create: (roleArn, wait) =>
      createCluster({ ...clusterSettings(config, 'create'), ...(roleArn ? { iamRoleArn: roleArn } : {}) }, { client, masterPassword: config.cluster.dbPassword, ...wait }),
    power: (op, wait) => (op === 'pause' ? power.pauseCluster : power.resumeCluster)(settings, { client, ...wait }),
    async remove(finalSnapshot, wait) {
      await deleteCluster(settings, { client, finalSnapshot, ...wait });
    },
  };
}
