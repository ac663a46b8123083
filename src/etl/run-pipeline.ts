import type { DwhConfig } from '../config/dwh-cfg.js';
import { CancelledError, describeError } from '../errors.js';
import { ALL_TABLES } from '../sql/tables.js';
import { dialectOf } from '../warehouse/open.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { EmitEvent } from './events.js';
import { tableCounts, type Step, type StepContext } from './steps.js';

export interface RunOptions {
  config: DwhConfig;
  steps: Step[];
  emit: EmitEvent;
  signal?: AbortSignal;
  /** An open connection to use (the connect step is then skipped); it is left open. */
  warehouse?: Warehouse;
  /** Minimum milliseconds between two progress events of a step; default 100. */
  progressInterval?: number;
}

export interface RunResult {
  ok: boolean;
  cancelled: boolean;
  counts: Record<string, number | null>;
}

/**
 * Runs steps in order, reporting each through events. It never throws for a step's failure: the failing
 * step gets `step-error`, the rest `step-skipped`, and `pipeline-done` says how it ended (as kysely's
 * migrator reports instead of throwing).
 */
export async function runPipeline(options: RunOptions): Promise<RunResult> {
  const { config, emit, signal } = options;
  const interval = options.progressInterval ?? 100;
  const started = Date.now();
  const steps = options.warehouse ? options.steps.filter((s) => s.id !== 'connect') : options.steps;
  emit({ type: 'pipeline-start', steps: steps.map((s) => ({ id: s.id, title: s.title })), at: started });

  let current = '';
  let lastProgress = 0;
  const ctx: StepContext = {
    config,
    dialect: dialectOf(config.engine),
    warehouse: options.warehouse,
    signal,
    progress(update) {
      const now = Date.now();
      if (now - lastProgress < interval) return;
      lastProgress = now;
      emit({ type: 'step-progress', step: current, ...update, at: now });
    },
    warn: (message) => emit({ type: 'step-warning', step: current, message, at: Date.now() }),
    reject: (r) => emit({ type: 'record-rejected', step: current, ...r, at: Date.now() }),
  };

  let ok = true;
  let cancelled = false;
  for (const step of steps) {
    if (!ok) {
      emit({ type: 'step-skipped', step: step.id, reason: cancelled ? 'cancelled' : 'an earlier step failed', at: Date.now() });
      continue;
    }
    current = step.id;
    lastProgress = 0;
    const stepStarted = Date.now();
    emit({ type: 'step-start', step: step.id, at: stepStarted });
    try {
      if (signal?.aborted) throw new CancelledError();
      const outcome = await step.run(ctx);
      const now = Date.now();
      emit({ type: 'step-done', step: step.id, rows: outcome.rows, seconds: (now - stepStarted) / 1000, detail: outcome.detail, at: now });
    } catch (error) {
      ok = false;
      cancelled = signal?.aborted === true || error instanceof CancelledError;
      const { title, message } = cancelled ? { title: 'Cancelled', message: 'stopped by the user; the step was rolled back' } : describeError(error);
      emit({ type: 'step-error', step: step.id, title, message, at: Date.now() });
    }
  }

  let counts: Record<string, number | null> = {};
  if (ctx.warehouse) {
    try {
      counts = await tableCounts(ctx.warehouse, ALL_TABLES);
    } catch {
      // the summary is best effort: a lost connection was already reported by the failing step
    }
    if (!options.warehouse) await ctx.warehouse.close().catch(() => undefined);
  }
  emit({ type: 'pipeline-done', ok, cancelled, seconds: (Date.now() - started) / 1000, counts, at: Date.now() });
  return { ok, cancelled, counts };
}
