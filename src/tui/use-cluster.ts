import { basename } from 'node:path';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RedshiftApi } from '../cluster/client.js';
import type { ClusterInfo } from '../cluster/describe.js';
import { estimateCost, type CostEstimate } from '../cluster/prices.js';
import { clusterSettings, type ClusterSettings } from '../cluster/settings.js';
import type { ClusterProgress, WaitOptions } from '../cluster/wait.js';
import { CancelledError, describeError } from '../errors.js';
import { formatSeconds } from './format.js';
import type { Problem } from './use-query.js';
import type { Workspace } from './workspace.js';

export type ClusterAction = ClusterProgress['action'];

/** A lifecycle operation waiting for its state, as its last progress report left it. */
export interface ClusterWait {
  action: ClusterAction;
  /** The cluster's state at the last check. */
  state: string;
  startedAt: number;
  /** Set once Esc asked to stop waiting. */
  stopping: boolean;
}

/** What `n` would create, from [DWH]: shown in the confirmation. */
export interface CreatePlan {
  nodeType: string;
  nodes: number;
  region: string;
  cost: CostEstimate;
  /** No [CLUSTER] DB_PASSWORD: Redshift keeps a generated master password in Secrets Manager. */
  managedPassword: boolean;
}

export interface ClusterView {
  /** From [DWH]; undefined when it is missing or invalid (see `setupError`). */
  settings?: ClusterSettings;
  setupError?: Problem;
  /** The last description; null when no cluster has the identifier; undefined until the first answer. */
  info?: ClusterInfo | null;
  /** A status request is on its way. */
  checking: boolean;
  checkedAt?: Date;
  waiting?: ClusterWait;
  error?: Problem;
  /** How the last operation ended. */
  notice?: { ok: boolean; text: string };
  /** What create would make, or why it cannot (NODE_TYPE or NUM_NODES missing). */
  plan: CreatePlan | Problem;
  refresh(): void;
  pause(): void;
  resume(): void;
  create(): void;
  /** Deletes the cluster, taking the named final snapshot first, or none (`false`). */
  remove(finalSnapshot: string | false): void;
  /** `<identifier>-final-<yyyymmdd-hhmm>`, the final snapshot delete takes unless told otherwise. */
  snapshotName(): string;
  /** Stops waiting (the operation goes on in AWS); true when there was a wait to stop. */
  stopWaiting(): boolean;
}

/** The AWS SDK takes a while to load: only this screen needs it, so it is loaded when the screen opens. */
function loadApi() {
  return Promise.all([
    import('../cluster/client.js'),
    import('../cluster/describe.js'),
    import('../cluster/create.js'),
    import('../cluster/power.js'),
    import('../cluster/delete.js'),
  ]).then(([client, describe, create, power, remove]) => ({ ...client, ...describe, ...create, ...power, ...remove }));
}
type Api = Awaited<ReturnType<typeof loadApi>>;

const PHRASES: Record<ClusterAction, { state: string; done: string }> = {
  create: { state: 'creating', done: 'is available' },
  pause: { state: 'pausing', done: 'is paused: its compute is no longer billed' },
  resume: { state: 'resuming', done: 'is available again' },
  delete: { state: 'deleting', done: 'is deleted' },
};

/**
 * The Redshift cluster of dwh.cfg [DWH] for the Cluster screen: its status on open and on refresh, and the
 * lifecycle operations with their progress. One operation at a time; stopping a wait aborts only the polling.
 */
export function useCluster(workspace: Workspace): ClusterView {
  const { config } = workspace;
  const setup = useMemo((): { settings?: ClusterSettings; setupError?: Problem } => {
    try {
      return { settings: clusterSettings(config) };
    } catch (error) {
      return { setupError: describeError(error) };
    }
  }, [config]);
  const plan = useMemo((): CreatePlan | Problem => {
    try {
      const s = clusterSettings(config, 'create');
      return { nodeType: s.nodeType!, nodes: s.nodes!, region: s.region, cost: estimateCost(s.nodeType!, s.nodes!), managedPassword: !config.cluster.dbPassword };
    } catch (error) {
      return describeError(error);
    }
  }, [config]);
  const { settings } = setup;

  const [info, setInfo] = useState<ClusterInfo | null | undefined>(undefined);
  // The screen asks AWS as soon as it opens.
  const [checking, setChecking] = useState(settings !== undefined);
  const [checkedAt, setCheckedAt] = useState<Date | undefined>(undefined);
  const [waiting, setWaiting] = useState<ClusterWait | undefined>(undefined);
  const [error, setError] = useState<Problem | undefined>(undefined);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const busy = useRef(false);
  const abort = useRef<AbortController | undefined>(undefined);
  const api = useRef<{ module: Api; client: RedshiftApi } | undefined>(undefined);

  const connect = useCallback(async () => {
    if (!settings) throw new Error('no [DWH] settings');
    if (!api.current) {
      const module = await loadApi();
      api.current = { module, client: module.redshiftClient(settings) };
    }
    return api.current;
  }, [settings]);

  const refresh = useCallback(async () => {
    if (!settings || busy.current) return;
    busy.current = true;
    setChecking(true);
    try {
      const { module, client } = await connect();
      setInfo((await module.describeCluster(client, settings.identifier, settings.region)) ?? null);
      setError(undefined);
      setCheckedAt(new Date());
    } catch (e) {
      setError(describeError(e));
    } finally {
      busy.current = false;
      setChecking(false);
    }
  }, [settings, connect]);

  useEffect(() => {
    void refresh();
    // Leaving the screen stops the polling; the operation goes on in AWS.
    return () => abort.current?.abort();
  }, [refresh]);

  const operate = useCallback(
    async (action: ClusterAction, work: (api: Api, client: RedshiftApi, wait: WaitOptions) => Promise<string | undefined>) => {
      if (!settings || busy.current) return;
      busy.current = true;
      const controller = new AbortController();
      abort.current = controller;
      const startedAt = Date.now();
      setError(undefined);
      setNotice(undefined);
      setWaiting({ action, state: PHRASES[action].state, startedAt, stopping: false });
      const onProgress = (p: ClusterProgress): void => {
        setWaiting((w) => (w ? { ...w, state: p.state } : w));
        if (p.info) setInfo(p.info);
        else if (p.state === 'deleted') setInfo(null);
      };
      const wait: WaitOptions = { delayMs: settings.pollSeconds * 1000, timeoutMs: settings.waitMinutes * 60_000, signal: controller.signal, onProgress };
      try {
        const { module, client } = await connect();
        const extra = await work(module, client, wait);
        const took = formatSeconds((Date.now() - startedAt) / 1000);
        setNotice({ ok: true, text: `✓ ${settings.identifier} ${PHRASES[action].done} (${took})${extra ? `; ${extra}` : ''}.` });
      } catch (e) {
        if (e instanceof CancelledError) {
          setNotice({ ok: false, text: `Stopped waiting: the ${action} of ${settings.identifier} goes on in AWS (it was not cancelled). r shows its state.` });
        } else {
          setError(describeError(e));
        }
      } finally {
        abort.current = undefined;
        busy.current = false;
        setWaiting(undefined);
        setCheckedAt(new Date());
      }
    },
    [settings, connect],
  );

  const pause = useCallback(() => {
    void operate('pause', async ({ pauseCluster }, client, wait) => {
      setInfo(await pauseCluster(settings!, { client, ...wait }));
      return undefined;
    });
  }, [operate, settings]);

  const resume = useCallback(() => {
    void operate('resume', async ({ resumeCluster }, client, wait) => {
      setInfo(await resumeCluster(settings!, { client, ...wait }));
      return undefined;
    });
  }, [operate, settings]);

  const create = useCallback(() => {
    if (!('nodes' in plan)) return;
    void operate('create', async ({ createCluster }, client, wait) => {
      const writeEndpointTo = config.exists && !config.cluster.url ? config.path : undefined;
      const created = await createCluster(clusterSettings(config, 'create'), { client, masterPassword: config.cluster.dbPassword, writeEndpointTo, ...wait });
      setInfo(created);
      if (!writeEndpointTo || !created.endpoint) return undefined;
      // The file now names the endpoint; so does this session, for the connect screen's next reconnect.
      workspace.config = { ...config, cluster: { ...config.cluster, host: created.endpoint.host, dbPort: created.endpoint.port } };
      return `its endpoint is now in ${basename(config.path)} [CLUSTER] HOST`;
    });
  }, [operate, plan, config, workspace]);

  const remove = useCallback(
    (finalSnapshot: string | false) => {
      void operate('delete', async ({ deleteCluster }, client, wait) => {
        await deleteCluster(settings!, { client, finalSnapshot, ...wait });
        setInfo(null);
        return finalSnapshot === false ? 'no final snapshot was taken' : `final snapshot ${finalSnapshot}`;
      });
    },
    [operate, settings],
  );

  const snapshotName = useCallback(() => {
    const identifier = settings?.identifier ?? 'cluster';
    return api.current ? api.current.module.defaultSnapshotName(identifier) : `${identifier}-final`;
  }, [settings]);

  const stopWaiting = useCallback(() => {
    const controller = abort.current;
    if (!controller || controller.signal.aborted) return false;
    controller.abort();
    setWaiting((w) => (w ? { ...w, stopping: true } : w));
    return true;
  }, []);

  return {
    ...setup,
    info,
    checking,
    checkedAt,
    waiting,
    error,
    notice,
    plan,
    refresh: () => void refresh(),
    pause,
    resume,
    create,
    remove,
    snapshotName,
    stopWaiting,
  };
}
