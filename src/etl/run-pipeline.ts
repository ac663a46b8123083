import type { DwhConfig } from '../config/dwh-cfg.js';
import { CancelledError, DataError, describeError, type ExitCode } from '../errors.js';
import { ALL_TABLES, STAR_TABLES } from '../sql/tables.js';
import { thisProcess } from '../warehouse/holder.js';
import { dialectOf } from '../warehouse/open.js';
import type { Holder, Queryable, Warehouse } from '../warehouse/warehouse.js';
import { checkPublishSpace } from './disk-space.js';
import type { EmitEvent } from './events.js';
import { recordFiles, recordListings } from './input-ledger.js';
import { finishRun, lastPublished, type RejectRecord, type RunEnd } from './run-ledger.js';
import { afterPublishStatements, tableCounts, type RunContext, type RunInputs, type Step, type StepContext, type StepOutcome } from './steps.js';

export interface RunOptions {
  config: DwhConfig;
  steps: Step[];
  emit: EmitEvent;
  /** Aborting it cancels the running statement; its reason `SIGINT` or `SIGTERM` picks the exit code. */
  signal?: AbortSignal;
  /** An open connection to use (the connect step is then skipped); it is left open. */
  warehouse?: Warehouse;
  /** Minimum milliseconds between two progress events of a step; default 100. */
  progressInterval?: number;
  /**
   * A run that writes (etl, create-tables): its lock step takes the writer lock and records the run in the
   * ledger, which says how it ended. Without it, steps simply run in order.
   */
  run?: { command: string; wait?: number; allowEmpty?: boolean; holder?: Holder };
}

export interface RunResult {
  ok: boolean;
  cancelled: boolean;
  counts: Record<string, number | null>;
  /** 0 ok; else the failing error's code (2 for configuration), 130 after SIGINT, 143 after SIGTERM. */
  exitCode: 0 | ExitCode;
  /** The ledger's id of this run. */
  runId?: number;
  /** The run whose output the star tables hold once this one ended (this one, an earlier one, or none). */
  publishedBy?: number;
}

/** The exit code of a cancel: 130 for SIGINT (and Ctrl+C in the app), 143 for SIGTERM. */
export function cancelCode(signal: AbortSignal | undefined): 130 | 143 {
  return signal?.reason === 'SIGTERM' ? 143 : 130;
}

/**
 * Runs steps in order, reporting each through events. It never throws for a step's failure: the failing
 * step gets `step-error`, the rest `step-skipped`, and `pipeline-done` says how it ended (as kysely's
 * migrator reports instead of throwing). Consecutive steps of the `publish` phase share one transaction, which
 * commits only after the last of them. When the signal aborts, the running statement is cancelled on the
 * warehouse, so the step stops within seconds and rolls back.
 */
export async function runPipeline(options: RunOptions): Promise<RunResult> {
  const { config, emit, signal } = options;
  const interval = options.progressInterval ?? 100;
  const started = Date.now();
  const steps = options.warehouse ? options.steps.filter((s) => s.id !== 'connect') : options.steps;
  emit({ type: 'pipeline-start', steps: steps.map((s) => ({ id: s.id, title: s.title, ...(s.readsInput ? { readsInput: true } : {}) })), at: started });

  let current: Step | undefined;
  let lastProgress = 0;
  const rejects: RejectRecord[] = [];
  const totals = { read: 0, staged: 0, rejected: 0 };
  const run: RunContext | undefined = options.run
    ? { command: options.run.command, wait: options.run.wait, allowEmpty: options.run.allowEmpty, holder: options.run.holder ?? thisProcess(options.run.command), files: [] }
    : undefined;
  const ctx: StepContext = {
    config,
    dialect: dialectOf(config.engine),
    warehouse: options.warehouse,
    run,
    signal,
    progress(update) {
      const now = Date.now();
      if (now - lastProgress < interval) return;
      lastProgress = now;
      emit({ type: 'step-progress', step: current?.id ?? '', ...update, at: now });
    },
    warn: (message) => emit({ type: 'step-warning', step: current?.id ?? '', message, at: Date.now() }),
    reject: (r) => {
      if (run) rejects.push({ ...r, table: current?.table ?? '' });
      emit({ type: 'record-rejected', step: current?.id ?? '', file: r.file, line: r.line, reason: r.reason, at: Date.now() });
    },
  };

  // Cancel: the running statement is stopped on the warehouse (the connect step's own, or the caller's).
  let cancelling: Promise<void> | undefined;
  const onAbort = (): void => {
    cancelling ??= ctx.warehouse?.cancel().catch(() => undefined);
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  let ok = true;
  let cancelled = false;
  let failure: { title: string; message: string; exitCode: ExitCode } | undefined;
  let published = false;
  /** The star tables' rows as the publish counted them (the summary need not count them again). */
  let publishedRows: Record<string, number> | undefined;
  /** Why the run ended early with nothing to do (StepOutcome.endRun). */
  let ended: string | undefined;

  const runStep = async (step: Step): Promise<void> => {
    current = step;
    lastProgress = 0;
    const stepStarted = Date.now();
    emit({ type: 'step-start', step: step.id, at: stepStarted });
    if (signal?.aborted) throw new CancelledError();
    const outcome: StepOutcome = await step.run(ctx);
    if (signal?.aborted) throw new CancelledError();
    if (outcome.read !== undefined) {
      totals.read += outcome.read;
      totals.staged += outcome.rows;
      totals.rejected += outcome.rejected ?? 0;
    }
    if (outcome.endRun !== undefined) ended = outcome.endRun;
    const now = Date.now();
    emit({ type: 'step-done', step: step.id, rows: outcome.rows, seconds: (now - stepStarted) / 1000, detail: outcome.detail, ...(outcome.checks ? { checks: outcome.checks } : {}), at: now });
  };

  const fail = (step: Step | undefined, error: unknown): void => {
    ok = false;
    // The record a load failed on is the run's rejected record too (the ledger keeps it with the others).
    if (run && error instanceof DataError) {
      rejects.push({ table: step?.table ?? '', file: error.file, line: error.line, lines: error.lines, reason: error.reason, text: error.text });
      totals.rejected++;
    }
    cancelled = signal?.aborted === true || error instanceof CancelledError;
    failure = cancelled
      ? { title: 'Cancelled', message: `stopped by ${signal?.reason === 'SIGTERM' ? 'SIGTERM' : 'the user'}; the step was rolled back`, exitCode: cancelCode(signal) }
      : describeError(error);
    if (step) emit({ type: 'step-error', step: step.id, title: failure.title, message: failure.message, at: Date.now() });
  };

  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (!ok || ended !== undefined) {
      emit({ type: 'step-skipped', step: step.id, reason: ended ?? (cancelled ? 'cancelled' : 'an earlier step failed'), at: Date.now() });
      continue;
    }
    if (step.phase !== 'publish') {
      try {
        await runStep(step);
      } catch (error) {
        fail(step, error);
      }
      continue;
    }
    // The publish phase: this step and the publish steps after it, in one transaction.
    let end = i;
    while (end + 1 < steps.length && steps[end + 1]!.phase === 'publish') end++;
    const group = steps.slice(i, end + 1);
    i = end;
    let failedStep: Step | undefined;
    try {
      if (!ctx.warehouse) throw new Error('no warehouse connection: the connect step must run first');
      if (run) await checkPublishSpace(ctx.warehouse);
      await ctx.warehouse.withTransaction(
        async (tx) => {
          ctx.tx = guarded(tx, signal);
          for (const s of group) {
            failedStep = s;
            await runStep(s);
          }
          failedStep = undefined;
          if (run?.runId !== undefined) {
            const end = await runEnd(tx, 'ok', totals, run.inputs);
            publishedRows = end.tableRows;
            await finishRun(tx, run.runId, end, rejects);
            await recordFiles(tx, run.runId, run.files);
            await recordListings(tx, run.runId, run.listings ?? []);
          }
        },
        { endsRun: true },
      );
      published = true;
      await analyzePublished(ctx, group);
    } catch (error) {
      fail(failedStep ?? group[0], error);
      for (const s of group.slice(group.indexOf(failedStep ?? group[0]!) + 1)) {
        emit({ type: 'step-skipped', step: s.id, reason: cancelled ? 'cancelled' : 'an earlier step failed', at: Date.now() });
      }
    } finally {
      ctx.tx = undefined;
    }
  }

  await cancelling;
  let counts: Record<string, number | null> = {};
  let publishedBy: number | undefined;
  const warehouse = ctx.warehouse;
  if (warehouse) {
    // After a failure: the ledger says how the run ended (after the rollback, in a transaction of its own).
    if (run?.runId !== undefined && !published) {
      const status = ok ? 'ok' : cancelled ? 'cancelled' : 'failed';
      const message = ok ? ended : failure ? `${failure.title}: ${failure.message}` : undefined;
      await warehouse
        .withTransaction(async (tx) => {
          await finishRun(tx, run.runId!, { ...totals, status, published: false, message }, rejects);
          await recordFiles(tx, run.runId!, run.files);
        })
        .catch(() => undefined);
    }
    await run?.lock?.release().catch(() => undefined);
    try {
      // The star as published was counted in the publish (one writer: nothing changed it since).
      const star = new Set<string>(STAR_TABLES.map((t) => t.name));
      const rows = published ? publishedRows : undefined;
      const counted = await tableCounts(warehouse, rows ? ALL_TABLES.filter((t) => !star.has(t.name)) : ALL_TABLES);
      counts = Object.fromEntries(ALL_TABLES.map((t) => [t.name, rows?.[t.name] ?? counted[t.name] ?? null]));
      publishedBy = run ? (await lastPublished(warehouse))?.id : undefined;
    } catch {
      // the summary is best effort: a lost connection was already reported by the failing step
    }
    if (!options.warehouse) await warehouse.close().catch(() => undefined);
  }
  signal?.removeEventListener('abort', onAbort);
  emit({ type: 'pipeline-done', ok, cancelled, seconds: (Date.now() - started) / 1000, counts, runId: run?.runId, publishedBy, at: Date.now() });
  return { ok, cancelled, counts, exitCode: ok ? 0 : (failure?.exitCode ?? 1), runId: run?.runId, publishedBy };
}

/**
 * How the run ends, with the star tables' rows as published. An incremental run's tables that only gain rows
 * (songplays and time: a million rows each at size L, most of the counting's time) are the count before plus the
 * rows the merge's insert reported (songplays' checks confirm its own); the rest are counted.
 */
async function runEnd(tx: Queryable, status: RunEnd['status'], totals: { read: number; staged: number; rejected: number }, inputs?: RunInputs): Promise<RunEnd> {
  const before = inputs?.incremental ? inputs.rowsBefore : undefined;
  const known = new Map<string, number>();
  for (const [table, n] of Object.entries(inputs?.appended ?? {})) {
    const was = before?.[table];
    if (typeof was === 'number' && Number.isSafeInteger(was)) known.set(table, was + n);
  }
  const counted = await tableCounts(tx, STAR_TABLES.filter((t) => !known.has(t.name)));
  const counts = Object.fromEntries(STAR_TABLES.map((t) => [t.name, known.get(t.name) ?? counted[t.name] ?? null]));
  const tableRows = Object.fromEntries(Object.entries(counts).map(([t, n]) => [t, n ?? 0]));
  return { status, ...totals, tableRows, published: true };
}

/** The transaction as publish steps see it: no new statement starts once the run is cancelled. */
function guarded(tx: Queryable, signal: AbortSignal | undefined): Queryable {
  return {
    query: (sql, params) => {
      if (signal?.aborted) return Promise.reject(new CancelledError());
      return tx.query(sql, params);
    },
  };
}

/**
 * Statistics of the star tables just published, where the engine takes them after the commit (Redshift). Best
 * effort: the rows are published whatever happens here, so a failure is a warning.
 */
async function analyzePublished(ctx: StepContext, group: readonly Step[]): Promise<void> {
  for (const sql of afterPublishStatements(ctx.dialect, group)) {
    try {
      await ctx.warehouse!.query(sql);
    } catch (error) {
      ctx.warn(`${sql} failed (${describeError(error).message}); the published rows are unchanged, and the planner uses older statistics`);
    }
  }
}
