import { useCallback } from 'react';
import { etlSteps } from '../etl/steps.js';
import type { TuiStore } from './store.js';
import { usePipeline, type PipelineRun } from './use-pipeline.js';
import type { Workspace } from './workspace.js';

/** The ETL on the workspace's connection; how it ended is remembered for the connect screen. */
export function useEtl(workspace: Workspace, store: TuiStore): PipelineRun & { runEtl(): void } {
  const run = usePipeline(workspace);
  const { start } = run;
  const runEtl = useCallback(() => {
    const startedAt = Date.now();
    void start(etlSteps()).then((result) => {
      if (!result) return;
      const { ok, cancelled, counts } = result;
      store.setLastEtl({ at: new Date().toISOString(), target: workspace.target, ok, cancelled, counts, seconds: (Date.now() - startedAt) / 1000 });
    });
  }, [start, store, workspace]);
  return { ...run, runEtl };
}
