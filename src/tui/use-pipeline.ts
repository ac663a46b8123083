import { useCallback, useReducer, useRef } from 'react';
import type { PipelineEvent } from '../etl/events.js';
import { initialPipelineState, pipelineReducer, type PipelineState } from '../etl/pipeline-state.js';
import type { RunResult } from '../etl/run-pipeline.js';
import type { Step } from '../etl/steps.js';
import { usePipelineRunner, type StartOptions } from './pipeline-runner.js';
import type { Workspace } from './workspace.js';

export { PROGRESS_RENDER_MS } from './pipeline-runner.js';

export interface PipelineRun {
  state: PipelineState;
  running: boolean;
  /** Cancel was asked and the running step is rolling back. */
  cancelling: boolean;
  /** Bumped on every start: the number the run's events are tagged with. */
  runId: number;
  /** `run`: a run that writes (see RunOptions.run); `connected: false`: the steps open the connection themselves. */
  start(steps: Step[], options?: StartOptions): Promise<RunResult | undefined>;
  cancel(): void;
}

interface Tracked {
  runId: number;
  state: PipelineState;
  running: boolean;
  cancelling: boolean;
}

type Change = { type: 'start'; runId: number } | { type: 'event'; runId: number; event: PipelineEvent } | { type: 'cancel' };

/** The fold behind PipelineRun: the events of the current run only, so a late event of the last run never shows. */
function track(s: Tracked, change: Change): Tracked {
  switch (change.type) {
    case 'start':
      return { runId: change.runId, state: initialPipelineState, running: true, cancelling: false };
    case 'event': {
      if (change.runId !== s.runId) return s;
      const state = pipelineReducer(s.state, change.event);
      return change.event.type === 'pipeline-done' ? { ...s, state, running: false, cancelling: false } : { ...s, state };
    }
    case 'cancel':
      return s.running ? { ...s, cancelling: true } : s;
  }
}

/**
 * Runs pipeline steps for a screen that keeps no reducer of its own (the connect screen): one run at a time, its
 * events folded by the core's reducer, tagged with the run's number like the screens' own reducers do.
 */
export function usePipeline(workspace: Workspace): PipelineRun {
  const runner = usePipelineRunner(workspace);
  const [tracked, change] = useReducer(track, { runId: 0, state: initialPipelineState, running: false, cancelling: false });
  const latest = useRef(tracked);
  latest.current = tracked;

  const start = useCallback(
    (steps: Step[], options: StartOptions = {}) => {
      if (latest.current.running) return Promise.resolve(undefined);
      const runId = latest.current.runId + 1;
      // Taken at once, so that a second start before the next render is refused like one after it.
      latest.current = { ...latest.current, runId, running: true };
      change({ type: 'start', runId });
      return runner.start(runId, steps, options, (event) => change({ type: 'event', runId, event }));
    },
    [runner],
  );

  const cancel = useCallback(() => {
    if (!latest.current.running) return;
    runner.cancel(latest.current.runId);
    change({ type: 'cancel' });
  }, [runner]);

  return { ...tracked, start, cancel };
}
