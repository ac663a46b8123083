import type { CheckLine, PipelineEvent } from './events.js';

export type StepStatus = 'waiting' | 'running' | 'done' | 'failed' | 'skipped';

export interface StepState {
  id: string;
  title: string;
  status: StepStatus;
  rows: number;
  /** See StepInfo.readsInput. */
  readsInput?: boolean;
  files?: number;
  bytes?: number;
  filesTotal?: number;
  bytesTotal?: number;
  rejected: number;
  percent?: number;
  startedAt?: number;
  /** Seconds: final when done, elapsed-so-far while running (as of the last event). */
  seconds: number;
  detail?: string;
  /** A checking step's checklist (see StepOutcome.checks). */
  checks?: CheckLine[];
  error?: { title: string; message: string };
  reason?: string;
}

export interface PipelineState {
  steps: StepState[];
  warnings: string[];
  /** The first rejected records (file:line: reason); `rejectedCount` has them all. */
  rejections: string[];
  rejectedCount: number;
  finished: boolean;
  ok: boolean;
  cancelled: boolean;
  seconds: number;
  counts: Record<string, number | null>;
  /** When the run started (epoch ms), for its elapsed time while it runs. */
  startedAt?: number;
  runId?: number;
  publishedBy?: number;
}

export const REJECTIONS_KEPT = 50;

export const initialPipelineState: PipelineState = {
  steps: [],
  warnings: [],
  rejections: [],
  rejectedCount: 0,
  finished: false,
  ok: false,
  cancelled: false,
  seconds: 0,
  counts: {},
};

/** The pure fold of pipeline events into what screens and printers show. */
export function pipelineReducer(state: PipelineState, event: PipelineEvent): PipelineState {
  switch (event.type) {
    case 'pipeline-start':
      return {
        ...initialPipelineState,
        startedAt: event.at,
        steps: event.steps.map((s) => ({ id: s.id, title: s.title, status: 'waiting', rows: 0, rejected: 0, seconds: 0, ...(s.readsInput ? { readsInput: true } : {}) })),
      };
    case 'step-start':
      return patch(state, event.step, { status: 'running', startedAt: event.at, seconds: 0, rows: 0 });
    case 'step-progress':
      return patch(state, event.step, (s) => ({
        rows: event.rows,
        files: event.files ?? s.files,
        bytes: event.bytes ?? s.bytes,
        filesTotal: event.filesTotal ?? s.filesTotal,
        bytesTotal: event.bytesTotal ?? s.bytesTotal,
        rejected: event.rejected ?? s.rejected,
        percent: event.percent ?? s.percent,
        seconds: s.startedAt === undefined ? s.seconds : (event.at - s.startedAt) / 1000,
      }));
    case 'step-warning':
      return { ...state, warnings: [...state.warnings, event.message] };
    case 'record-rejected':
      return {
        ...patch(state, event.step, (s) => ({ rejected: s.rejected + 1 })),
        rejectedCount: state.rejectedCount + 1,
        rejections:
          state.rejections.length < REJECTIONS_KEPT
            ? [...state.rejections, `${event.file}:${event.line}: ${event.reason}`]
            : state.rejections,
      };
    case 'step-done':
      return patch(state, event.step, { status: 'done', rows: event.rows, seconds: event.seconds, detail: event.detail, checks: event.checks, percent: 100 });
    case 'step-skipped':
      return patch(state, event.step, { status: 'skipped', reason: event.reason });
    case 'step-error':
      return patch(state, event.step, (s) => ({
        status: 'failed',
        error: { title: event.title, message: event.message },
        seconds: s.startedAt === undefined ? s.seconds : (event.at - s.startedAt) / 1000,
      }));
    case 'pipeline-done':
      return {
        ...state,
        finished: true,
        ok: event.ok,
        cancelled: event.cancelled,
        seconds: event.seconds,
        counts: event.counts,
        runId: event.runId,
        publishedBy: event.publishedBy,
      };
  }
}

function patch(
  state: PipelineState,
  id: string,
  change: Partial<StepState> | ((step: StepState) => Partial<StepState>),
): PipelineState {
  return {
    ...state,
    steps: state.steps.map((s) => (s.id === id ? { ...s, ...(typeof change === 'function' ? change(s) : change) } : s)),
  };
}

/** Rows per second of a step, when it is meaningful. */
export function rowsPerSecond(step: Pick<StepState, 'rows' | 'seconds'>): number | undefined {
  return step.seconds > 0.001 && step.rows > 0 ? step.rows / step.seconds : undefined;
}

/** After a run that did not publish: what the star tables hold now, in one sentence. */
export function keptSentence(state: Pick<PipelineState, 'ok' | 'runId' | 'publishedBy'>): string | undefined {
  if (state.ok || state.runId === undefined) return undefined;
  return state.publishedBy !== undefined
    ? `nothing was published: the star tables still hold the output of run #${state.publishedBy}`
    : 'nothing was published: no run has published the star tables yet';
}
