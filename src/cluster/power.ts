import { PauseClusterCommand, ResumeClusterCommand } from '@aws-sdk/client-redshift';
import type { RedshiftApi } from './client.js';
import { describeCluster, requireCluster, type ClusterInfo } from './describe.js';
import { clusterError } from './errors.js';
import type { ClusterSettings } from './settings.js';
import { isAvailable, waitForCluster, type WaitOptions } from './wait.js';

export interface PowerOptions extends WaitOptions {
  client: RedshiftApi;
  /** Return once AWS accepted the request instead of waiting for the state; default false. */
  noWait?: boolean;
}

/** Pauses the cluster (compute stops being billed) and waits until it is paused. Already paused: nothing to do. */
export function pauseCluster(settings: Pick<ClusterSettings, 'identifier' | 'region'>, options: PowerOptions): Promise<ClusterInfo> {
  return power('pause', settings, options);
}

/** Resumes a paused cluster and waits until it is available again. Already available: nothing to do. */
export function resumeCluster(settings: Pick<ClusterSettings, 'identifier' | 'region'>, options: PowerOptions): Promise<ClusterInfo> {
  return power('resume', settings, options);
}

async function power(action: 'pause' | 'resume', settings: Pick<ClusterSettings, 'identifier' | 'region'>, options: PowerOptions): Promise<ClusterInfo> {
  const { identifier, region } = settings;
  const reached = action === 'pause' ? (i: ClusterInfo | undefined) => i?.state === 'paused' : isAvailable;
  const started = Date.now();
  const before = await requireCluster(options.client, identifier, region, action);
  if (reached(before)) {
    options.onProgress?.({ action, identifier, phase: 'done', state: before.state, elapsedSeconds: 0, info: before });
    return before;
  }
  try {
    const Command = action === 'pause' ? PauseClusterCommand : ResumeClusterCommand;
    await options.client.send(new Command({ ClusterIdentifier: identifier }));
  } catch (error) {
    throw clusterError(error, { action, operation: action === 'pause' ? 'PauseCluster' : 'ResumeCluster', identifier, region });
  }
  options.onProgress?.({ action, identifier, phase: 'requested', state: action === 'pause' ? 'pausing' : 'resuming', elapsedSeconds: (Date.now() - started) / 1000 });
  if (options.noWait) return (await describeCluster(options.client, identifier, region)) ?? before;
  const info = await waitForCluster(options.client, { action, identifier, region }, reached, options);
  return info!;
}
