import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError } from '../errors.js';
import type { RedshiftApi } from './client.js';
import { describeCluster, type ClusterInfo } from './describe.js';
import { ClusterError } from './errors.js';

/** What a lifecycle operation reports while it runs, for the CLI's progress line and the Cluster screen. */
export interface ClusterProgress {
  action: 'create' | 'pause' | 'resume' | 'delete';
  identifier: string;
  /** requested: AWS accepted the call; waiting: one poll; done: the target state is reached. */
  phase: 'requested' | 'waiting' | 'done';
  /** The cluster's state at this poll (`deleted` once it is gone). */
  state: string;
  elapsedSeconds: number;
  info?: ClusterInfo;
}

export interface WaitOptions {
  /** Milliseconds between two DescribeClusters calls; default 15 000 (AWS's own waiters poll every 60 s). */
  delayMs?: number;
  /** Give up after this many milliseconds; default 45 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ClusterProgress) => void;
}

/** States a cluster does not leave on its own: waiting longer cannot help. */
const STUCK = /^(incompatible-|hardware-failure|storage-full)/;

/**
 * Polls DescribeClusters until `reached` says the cluster got where it should (`undefined` = the cluster is
 * gone). Emits one progress event per poll. Rejects with a ClusterError on timeout or a stuck state, and with a
 * CancelledError when the signal aborts (the operation itself carries on in AWS).
 */
export function waitForCluster(
  client: RedshiftApi,
  target: { action: ClusterProgress['action']; identifier: string; region: string },
  reached: (info: ClusterInfo | undefined) => boolean,
  options: WaitOptions = {},
): Promise<ClusterInfo | undefined> {
  return waitForState(() => describeCluster(client, target.identifier, target.region), { ...target, kind: 'cluster' }, reached, options, (info) => info);
}

/**
 * The polling of waitForCluster for anything with a state (a cluster, a Serverless workgroup): `describe` is
 * called once per poll; `kind` names it in the messages; `asCluster` gives the progress event's cluster view.
 */
export async function waitForState<T extends { state: string }>(
  describe: () => Promise<T | undefined>,
  target: { action: ClusterProgress['action']; identifier: string; kind: 'cluster' | 'workgroup' },
  reached: (info: T | undefined) => boolean,
  options: WaitOptions = {},
  asCluster: (info: T) => ClusterInfo | undefined = () => undefined,
): Promise<T | undefined> {
  const delayMs = options.delayMs ?? 15_000;
  const timeoutMs = options.timeoutMs ?? 45 * 60_000;
  const started = Date.now();
  const { action, identifier, kind } = target;
  for (;;) {
    if (options.signal?.aborted) throw new CancelledError(`stopped waiting; the ${action} of ${identifier} goes on in AWS`);
    const info = await describe();
    const elapsedSeconds = (Date.now() - started) / 1000;
    const state = info?.state ?? 'deleted';
    const done = reached(info);
    options.onProgress?.({ action, identifier, phase: done ? 'done' : 'waiting', state, elapsedSeconds, info: info ? asCluster(info) : undefined });
    if (done) return info;
    if (info === undefined && action !== 'delete') {
      throw new ClusterError(kind === 'cluster' ? 'Cluster not found' : 'Workgroup not found', `${kind} ${identifier} disappeared while waiting to ${action} it`, 'not-found');
    }
    if (STUCK.test(state)) {
      throw new ClusterError('Cluster failed', `${kind} ${identifier} is ${state}: it will not ${action} on its own (see the Redshift console)`, 'wrong-state');
    }
    if (Date.now() - started + delayMs > timeoutMs) {
      const waited = timeoutMs >= 120_000 ? `${Math.round(timeoutMs / 60_000)} minutes` : `${Math.round(timeoutMs / 1000)} s`;
      throw new ClusterError('Still waiting', `${kind} ${identifier} is still ${state} after ${waited}; it goes on in AWS (sparkify cluster status)`, 'timeout');
    }
    try {
      await sleep(delayMs, undefined, { signal: options.signal });
    } catch {
      throw new CancelledError(`stopped waiting; the ${action} of ${identifier} goes on in AWS`);
    }
  }
}

/** Ready for connections: available and, when AWS says so, Available. */
export function isAvailable(info: ClusterInfo | undefined): boolean {
  return info?.state === 'available' && (info.availability === undefined || info.availability === 'Available');
}
