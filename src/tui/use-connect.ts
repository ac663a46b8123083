import { useCallback, useEffect, useState } from 'react';
import { connectSteps } from './connect-steps.js';
import type { EtlSummary, TuiStore } from './store.js';
import { usePipeline, type PipelineRun } from './use-pipeline.js';
import type { Workspace } from './workspace.js';

export interface Connection {
  run: PipelineRun;
  /** Rows per table once counted (null: the table is missing). */
  counts?: Record<string, number | null>;
  connected: boolean;
  /** How the last ETL ended, as remembered from an earlier session. */
  lastEtl?: EtlSummary;
  reconnect(): void;
}

/** Opens the workspace's connection and counts the tables, as soon as the screen shows and on demand. */
export function useConnect(workspace: Workspace, store: TuiStore): Connection {
  const run = usePipeline(workspace);
  // Only a summary of this same warehouse says something about it.
  const [lastEtl] = useState(() => {
    const last = store.lastEtl();
    return last?.target === workspace.target ? last : undefined;
  });
  const [counts, setCounts] = useState<Record<string, number | null> | undefined>(undefined);
  const { start } = run;

  const reconnect = useCallback(() => {
    setCounts(undefined);
    void start(connectSteps(workspace, setCounts), { connected: false });
  }, [workspace, start]);

  useEffect(() => {
    reconnect();
  }, [reconnect]);

  return { run, counts, connected: counts !== undefined && workspace.warehouse !== undefined, lastEtl, reconnect };
}
