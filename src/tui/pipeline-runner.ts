import { useCallback, useEffect, useMemo, useRef } from 'react';
import { describeError } from '../errors.js';
import type { PipelineEvent } from '../etl/events.js';
import { runPipeline, type RunOptions, type RunResult } from '../etl/run-pipeline.js';
import type { Step } from '../etl/steps.js';
import { renderProbe } from './render-probe.js';
import { yieldingWarehouse } from './yielding-warehouse.js';
import type { Workspace } from './workspace.js';

/** Progress events are passed on at most this often: the loader reports every 100 ms per step. */
export const PROGRESS_RENDER_MS = 200;

export interface StartOptions {
  /** `false`: the steps open the connection themselves (the connect screen). */
  connected?: boolean;
  /** A run that writes (see RunOptions.run). */
  run?: RunOptions['run'];
  /** The settings to run with instead of the workspace's (the ETL screen's choice of full or incremental). */
  config?: RunOptions['config'];
}

/** Runs pipelines for a screen, one at a time, each under the number the screen's reducer gave it. */
export interface PipelineRunner {
  /**
   * Runs `steps` as run `run`; every event goes to `onEvent` (the caller tags it with `run`). A start while the
   * last run is still settling waits for it. Resolves once the run ended; a pipeline-done is always sent.
   */
  start(run: number, steps: Step[], options: StartOptions, onEvent: (event: PipelineEvent) => void): Promise<RunResult | undefined>;
  /** Cancels run `run` if it is the one running (a cancel meant for an earlier run is ignored). */
  cancel(run: number): void;
}

export function usePipelineRunner(workspace: Workspace): PipelineRunner {
  const current = useRef<{ run: number; abort: AbortController } | undefined>(undefined);
  const settled = useRef<Promise<unknown>>(Promise.resolve());
  const unmounted = useRef(false);

  useEffect(() => {
    unmounted.current = false;
    return () => {
      unmounted.current = true;
      current.current?.abort.abort();
    };
  }, []);

  const start = useCallback(
    (run: number, steps: Step[], options: StartOptions, onEvent: (event: PipelineEvent) => void) => {
      const go = async (): Promise<RunResult | undefined> => {
        const abort = new AbortController();
        current.current = { run, abort };
        const emit = throttled(onEvent, () => unmounted.current);
        try {
          // The ETL works on the workspace's connection; the connect screen's steps open it themselves.
          const warehouse = options.connected === false ? undefined : yieldingWarehouse((await workspace.open()).warehouse);
          return await runPipeline({ config: options.config ?? workspace.config, steps, emit, signal: abort.signal, warehouse, run: options.run });
        } catch (error) {
          failedToOpen(steps, error, emit);
          return undefined;
        } finally {
          emit.end();
          if (current.current?.run === run) current.current = undefined;
        }
      };
      const result = settled.current.then(go, go);
      settled.current = result.catch(() => undefined);
      return result;
    },
    [workspace],
  );

  const cancel = useCallback((run: number) => {
    const running = current.current;
    if (running?.run === run && !running.abort.signal.aborted) running.abort.abort();
  }, []);

  return useMemo(() => ({ start, cancel }), [start, cancel]);
}

/**
 * Passes events on in order, holding progress back to one per PROGRESS_RENDER_MS (progress is cumulative, so the
 * latest says it all); any other event first sends the progress held. `end` guarantees a closing pipeline-done.
 */
function throttled(onEvent: (event: PipelineEvent) => void, gone: () => boolean): ((event: PipelineEvent) => void) & { end(): void } {
  let held: Extract<PipelineEvent, { type: 'step-progress' }> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const pass = (event: PipelineEvent): void => {
    if (gone()) return;
    if (event.type === 'pipeline-done') closed = true;
    onEvent(event);
  };
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const event = held;
    held = undefined;
    if (event) pass(event);
  };
  const emit = (event: PipelineEvent): void => {
    renderProbe?.event(event);
    if (event.type === 'step-progress') {
      // A report of another step, or one that leaves out a field the held one has, must not hide it.
      held = held && held.step === event.step ? { ...held, ...defined(event) } : (flush(), event);
      timer ??= setTimeout(flush, PROGRESS_RENDER_MS);
      return;
    }
    flush();
    pass(event);
  };
  return Object.assign(emit, {
    end(): void {
      flush();
      if (!closed) pass({ type: 'pipeline-done', ok: false, cancelled: false, seconds: 0, counts: {}, at: Date.now() });
    },
  });
}

function defined<T extends object>(event: T): Partial<T> {
  return Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Only opening can throw before runPipeline reports: the first step failed, the rest are skipped. */
function failedToOpen(steps: Step[], error: unknown, emit: (event: PipelineEvent) => void): void {
  const shown = steps.filter((s) => s.id !== 'connect');
  const [first, ...rest] = shown;
  const at = Date.now();
  const { title, message } = describeError(error);
  emit({ type: 'pipeline-start', steps: shown.map((s) => ({ id: s.id, title: s.title, ...(s.readsInput ? { readsInput: true } : {}) })), at });
  if (first) emit({ type: 'step-error', step: first.id, title, message, at });
  for (const s of rest) emit({ type: 'step-skipped', step: s.id, reason: 'an earlier step failed', at });
  emit({ type: 'pipeline-done', ok: false, cancelled: false, seconds: 0, counts: {}, at });
}
