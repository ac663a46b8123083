import { useCallback } from 'react';
import { etlSteps } from '../etl/steps.js';
import { usePipeline, type PipelineRun } from './use-pipeline.js';
import type { Workspace } from './workspace.js';

/** The ETL on the workspace's connection, as a run: the writer lock, the ledger, one publish. */
export function useEtl(workspace: Workspace): PipelineRun & { runEtl(): void } {
  const run = usePipeline(workspace);
  const { start } = run;
  const runEtl = useCallback(() => {
    void start(etlSteps(), { run: { command: 'etl' } });
  }, [start]);
  return { ...run, runEtl };
}
