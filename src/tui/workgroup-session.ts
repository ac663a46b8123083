import type { DwhConfig } from '../config/dwh-cfg.js';
import { ConfigError } from '../errors.js';
import type { ClusterSession } from './cluster-session.js';
import { commonTarget } from './cluster-session.js';

/**
 * A Redshift Serverless workgroup ([DWH] WORKGROUP) and its namespace: GetWorkgroup and GetNamespace, the
 * namespace and workgroup created together, deleted together (after a final snapshot unless told not to).
 */
export async function workgroupSession(config: DwhConfig): Promise<ClusterSession> {
  const [wg, { serverlessClient }, { describeNamespace }, { defaultSnapshotName }] = await Promise.all([
    import('../cluster/workgroup.js'),
    import('../engines/redshift/serverless.js'),
    import('../cluster/namespace.js'),
    import('../cluster/delete.js'),
  ]);
  const settings = wg.workgroupSettings(config);
  const { workgroup, namespace, region, baseCapacity } = settings;
  const client = serverlessClient(region);
  const common = await commonTarget(config, settings);
  const what = `Serverless workgroup ${workgroup} (namespace ${namespace}, ${baseCapacity} RPUs)`;
  const cost = wg.serverlessCost(baseCapacity).text;
  return {
    target: {
      kind: 'workgroup',
      name: workgroup,
      namespace,
      port: 5439,
      create: { what, cost, summary: `namespace ${namespace} and ${baseCapacity} RPUs, ${cost}`, managedPassword: !config.cluster.dbPassword },
      ...common.target,
    },
    wait: common.wait,
    async status() {
      const [info, ns] = await Promise.all([wg.workgroupStatus(client, settings), describeNamespace(client, namespace, region)]);
      return { info: info ?? null, namespace: ns ?? null };
    },
    snapshotName: () => defaultSnapshotName(namespace),
    create: (roleArn, wait) => wg.createWorkgroup({ ...settings, ...(roleArn ? { iamRoleArn: roleArn } : {}) }, { client, adminPassword: config.cluster.dbPassword, ...wait }),
    power: () => Promise.reject(new ConfigError('a Serverless workgroup has no pause or resume: it bills only while it runs queries')),
    async remove(finalSnapshot, wait) {
      await wg.deleteWorkgroup(settings, { client, withNamespace: true, finalSnapshot, ...wait });
    },
  };
}
