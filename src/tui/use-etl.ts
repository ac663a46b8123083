import { useMemo } from 'react';
import type { PipelineEvent } from '../etl/events.js';
import { createTablesSteps, etlSteps } from '../etl/steps.js';
import { usePipelineRunner } from './pipeline-runner.js';
import type { Workspace } from './workspace.js';

/** The runs a screen's effects ask for: each reports its events under the run number the reducer gave it. */
export interface RunEffects {
  /** `mode`: the ETL's full or incremental load (default: the configured one). */
  start(run: number, dispatch: (run: number, event: PipelineEvent) => void, mode?: 'full' | 'incremental'): Promise<unknown>;
  cancel(run: number): void;
}

/** The ETL on the workspace's connection, as a run: the writer lock, the ledger, one publish. */
export function useEtl(workspace: Workspace): RunEffects {
  return useRun(workspace, 'etl');
}

/** Drop and create every table, as a run (the ledger is kept). */
export function useCreateTables(workspace: Workspace): RunEffects {
  return useRun(workspace, 'create-tables');
}

function useRun(workspace: Workspace, command: 'etl' | 'create-tables'): RunEffects {
  const runner = usePipelineRunner(workspace);
  return useMemo(
    () => ({
      start: (run, dispatch, mode) =>
        runner.start(
          run,
          command === 'etl' ? etlSteps() : createTablesSteps(),
          { run: { command }, ...(mode ? { config: { ...workspace.config, etlMode: mode } } : {}) },
          (event) => dispatch(run, event),
        ),
      cancel: (run) => runner.cancel(run),
    }),
    [runner, command, workspace],
  );
}
