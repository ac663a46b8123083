import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '../errors.js';
import type { PipelineEvent } from '../etl/events.js';
import { initialPipelineState, pipelineReducer, type PipelineState } from '../etl/pipeline-state.js';
import { runPipeline, type RunOptions, type RunResult } from '../etl/run-pipeline.js';
import type { Step } from '../etl/steps.js';
import { renderProbe } from './render-probe.js';
import { yieldingWarehouse } from './yielding-warehouse.js';
import type { Workspace } from './workspace.js';

export interface PipelineRun {
  state: PipelineState;
  running: boolean;
  /** Cancel was asked and the running step is rolling back. */
  cancelling: boolean;
  /** Bumped on every start: names the run's printed lines apart from the last run's. */
  runId: number;
  /** `run`: a run that writes (see RunOptions.run); `connected: false`: the steps open the connection themselves. */
  start(steps: Step[], options?: { connected?: boolean; run?: RunOptions['run'] }): Promise<RunResult | undefined>;
  cancel(): void;
}

/** Progress events are folded at once but shown at most this often: the loader reports every 100 ms per step. */
export const PROGRESS_RENDER_MS = 200;

/**
 * Runs pipeline steps for a screen. Every event goes through the core's reducer; progress reaches React at
 * most every PROGRESS_RENDER_MS, while start, done and error events show at once.
 */
export function usePipeline(workspace: Workspace): PipelineRun {
  const folded = useRef<PipelineState>(initialPipelineState);
  const timer = useRef<NodeJS.Timeout | undefined>(undefined);
  const controller = useRef<AbortController | undefined>(undefined);
  const [state, setState] = useState<PipelineState>(initialPipelineState);
  const [running, setRunning] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [runId, setRunId] = useState(0);

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    setState(folded.current);
  }, []);

  const emit = useCallback(
    (event: PipelineEvent) => {
      folded.current = pipelineReducer(folded.current, event);
      renderProbe?.event(event);
      if (event.type !== 'step-progress') flush();
      else timer.current ??= setTimeout(flush, PROGRESS_RENDER_MS);
    },
    [flush],
  );

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      controller.current?.abort();
    },
    [],
  );

  const start = useCallback(
    async (steps: Step[], options: { connected?: boolean; run?: RunOptions['run'] } = {}) => {
      if (controller.current) return undefined;
      const abort = new AbortController();
      controller.current = abort;
      // A new run starts from nothing: the last run's steps must not show (or print) under the new run's id.
      folded.current = initialPipelineState;
      flush();
      setRunning(true);
      setCancelling(false);
      setRunId((n) => n + 1);
      try {
        // The ETL works on the workspace's connection (the connect step is then skipped); the connect
        // screen's own steps open it.
        const warehouse = options.connected === false ? undefined : yieldingWarehouse((await workspace.open()).warehouse);
        return await runPipeline({ config: workspace.config, steps, emit, signal: abort.signal, warehouse, run: options.run });
      } catch (error) {
        // Only opening can throw here (runPipeline reports step failures as events): the first step failed.
        const shown = steps.filter((s) => s.id !== 'connect');
        const [first, ...rest] = shown;
        const at = Date.now();
        emit({ type: 'pipeline-start', steps: shown.map((s) => ({ id: s.id, title: s.title })), at });
        if (first) emit({ type: 'step-error', step: first.id, ...errorText(error), at });
        for (const s of rest) emit({ type: 'step-skipped', step: s.id, reason: 'an earlier step failed', at });
        emit({ type: 'pipeline-done', ok: false, cancelled: false, seconds: 0, counts: {}, at });
        return undefined;
      } finally {
        controller.current = undefined;
        setRunning(false);
        setCancelling(false);
      }
    },
    [workspace, emit, flush],
  );

  const cancel = useCallback(() => {
    if (!controller.current || controller.current.signal.aborted) return;
    controller.current.abort();
    setCancelling(true);
  }, []);

  return { state, running, cancelling, runId, start, cancel };
}

function errorText(error: unknown): { title: string; message: string } {
  const { title, message } = describeError(error);
  return { title, message };
}
