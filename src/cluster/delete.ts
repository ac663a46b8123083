import { DeleteClusterCommand } from '@aws-sdk/client-redshift';
import { ConfigError } from '../errors.js';
import type { RedshiftApi } from './client.js';
import { clusterError } from './errors.js';
import type { ClusterSettings } from './settings.js';
import { waitForCluster, type WaitOptions } from './wait.js';

export interface DeleteOptions extends WaitOptions {
  client: RedshiftApi;
  /** The final snapshot to take, or `false` to take none (the data is then gone for good). */
  finalSnapshot: string | false;
  /** Return once AWS accepted the request instead of waiting until the cluster is gone; default false. */
  noWait?: boolean;
}

/** A final snapshot name for a cluster: `<identifier>-final-<yyyymmdd-hhmm>` (UTC). */
export function defaultSnapshotName(identifier: string, at = new Date()): string {
  const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `${identifier}-final-${stamp}`;
}

const SNAPSHOT_NAME = /^[a-z](?!.*--)[a-z0-9-]{0,254}$/;

/** Deletes the cluster and waits until it is gone. Resolves with the snapshot taken, if any. */
export async function deleteCluster(
  settings: Pick<ClusterSettings, 'identifier' | 'region'>,
  options: DeleteOptions,
): Promise<{ finalSnapshot: string | false }> {
  const { identifier, region } = settings;
  const snapshot = options.finalSnapshot;
  if (snapshot !== false && (!SNAPSHOT_NAME.test(snapshot) || snapshot.endsWith('-'))) {
    throw new ConfigError(`--final-snapshot "${snapshot}" is not a snapshot name (lowercase letters, digits and single hyphens, starting with a letter)`);
  }
  const started = Date.now();
  try {
    await options.client.send(
      new DeleteClusterCommand(
        snapshot === false
          ? { ClusterIdentifier: identifier, SkipFinalClusterSnapshot: true }
          : { ClusterIdentifier: identifier, SkipFinalClusterSnapshot: false, FinalClusterSnapshotIdentifier: snapshot },
      ),
    );
  } catch (error) {
    throw clusterError(error, { action: 'delete', operation: 'DeleteCluster', identifier, region });
  }
  options.onProgress?.({ action: 'delete', identifier, phase: 'requested', state: 'deleting', elapsedSeconds: (Date.now() - started) / 1000 });
  if (!options.noWait) await waitForCluster(options.client, { action: 'delete', identifier, region }, (info) => info === undefined, options);
  return { finalSnapshot: snapshot };
}
