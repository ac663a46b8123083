import { useCallback, useEffect, useState } from 'react';
import type { LastRunView } from '../etl/run-status.js';
import { connectSteps } from './connect-steps.js';
import { usePipeline, type PipelineRun } from './use-pipeline.js';
import type { Workspace } from './workspace.js';

export interface Connection {
  run: PipelineRun;
  /** Rows per table once counted (null: the table is missing). */
  counts?: Record<string, number | null>;
  connected: boolean;
  /** The last run, from the warehouse's ledger, and what the star tables hold. */
  lastRun?: LastRunView;
  reconnect(): void;
}

/** Opens the workspace's connection and counts the tables, as soon as the screen shows and on demand. */
export function useConnect(workspace: Workspace): Connection {
  const run = usePipeline(workspace);
  const [counts, setCounts] = useState<Record<string, number | null> | undefined>(undefined);
  const [lastRun, setLastRun] = useState<LastRunView | undefined>(undefined);
  const { start } = run;

  const reconnect = useCallback(() => {
    setCounts(undefined);
    void start(connectSteps(workspace, setCounts, setLastRun), { connected: false });
  }, [workspace, start]);

  useEffect(() => {
    reconnect();
  }, [reconnect]);

  return { run, counts, connected: counts !== undefined && workspace.warehouse !== undefined, lastRun, reconnect };
}
