import type { Op, StepKind, StepSpec } from '../tui/cluster-effects.js';
import { formatSeconds } from '../tui/format.js';
import type { Problem } from '../tui/use-query.js';
import { queue, type ClusterState } from './cluster-state.js';

export interface RunStep {
  kind: StepKind;
  text: string;
  status: 'pending' | 'running' | 'done' | 'failed' | 'stopped' | 'skipped';
  detail?: string;
  error?: Problem;
}

/** An operation as a list of steps run one by one; what a step finds is carried to the ones after it. */
export interface Run {
  op: Op;
  steps: RunStep[];
  carry: Omit<StepSpec, 'kind' | 'op'>;
  startedAt?: number;
  /** When the running step started, and its state at the last poll (the waits). */
  stepStartedAt?: number;
  waitState?: string;
}

/** Steps that wait for AWS to reach a state: Esc stops the waiting (not the operation). */
export const WAITING: ReadonlySet<StepKind> = new Set<StepKind>(['create', 'power', 'delete']);

const DONE: Record<Op, string> = {
  create: 'is available',
  pause: 'is paused: its compute is no longer billed',
  resume: 'is available again',
  delete: 'is deleted',
};

export const current = (run: Run): RunStep | undefined => run.steps.find((s) => s.status === 'running');

/** Asks for step `index` under a new request number (an answer to the one before is then dropped). */
function ask(state: ClusterState, run: Run, index: number): ClusterState {
  const steps = run.steps.map((s, i) => (i === index ? { ...s, status: 'running' as const } : s));
  const next = { ...run, steps, stepStartedAt: undefined, waitState: undefined };
  const request = state.request + 1;
  return queue({ ...state, request, mode: { name: 'running' }, run: next }, { type: 'step', request, step: { kind: steps[index]!.kind, op: run.op, ...run.carry } });
}

export function startRun(state: ClusterState, op: Op, steps: { kind: StepKind; text: string }[], carry: Run['carry']): ClusterState {
  const run: Run = { op, steps: steps.map((s) => ({ ...s, status: 'pending' })), carry };
  return ask({ ...state, error: undefined, notice: undefined }, run, 0);
}

/** A step is done: its findings join the carry, then the next step runs, or the operation ends. */
export function stepDone(state: ClusterState, run: Run, reply: { at: number; detail?: string; info?: ClusterState['info']; roleArn?: string }): ClusterState {
  const index = run.steps.findIndex((s) => s.status === 'running');
  const steps = run.steps.map((s, i) => (i === index ? { ...s, status: 'done' as const, detail: reply.detail } : s));
  const info = reply.info === undefined ? state.info : reply.info;
  const carry = {
    ...run.carry,
    ...(reply.roleArn ? { roleArn: reply.roleArn } : {}),
    ...(reply.info ? { endpoint: reply.info.endpoint, groups: reply.info.securityGroups } : {}),
  };
  const target = reply.roleArn && state.target ? { ...state.target, roleArn: reply.roleArn } : state.target;
  const next: ClusterState = { ...state, info, target, checkedAt: reply.info !== undefined ? new Date(reply.at) : state.checkedAt, run: { ...run, steps, carry } };
  if (index + 1 < steps.length) return ask(next, next.run!, index + 1);
  const took = formatSeconds((reply.at - (run.startedAt ?? reply.at)) / 1000);
  const extra = steps.find((s) => s.kind === 'config')?.detail;
  const snapshot = run.op === 'delete' ? (carry.finalSnapshot ? `final snapshot ${carry.finalSnapshot}` : 'no final snapshot was taken') : undefined;
  const after = [extra, snapshot].filter(Boolean).map((t) => `; ${t}`).join('');
  return { ...next, mode: { name: 'view' }, notice: { ok: true, text: `✓ ${state.target?.name} ${DONE[run.op]} (${took})${after}.` } };
}

/** A step failed: its error is shown, the steps after it are skipped. */
export function stepFailed(state: ClusterState, run: Run, error: Problem): ClusterState {
  return { ...state, mode: { name: 'view' }, error, run: end(run, { status: 'failed', error }) };
}

/** Esc during a wait: the polling stops, the operation goes on in AWS, the steps after it are not run. */
export function stopRun(state: ClusterState, run: Run): ClusterState {
  const skipped = run.steps.some((s) => s.status === 'pending');
  const text = `Stopped waiting: the ${run.op} of ${state.target?.name} goes on in AWS (it was not cancelled).${skipped ? ' The steps after it were not run.' : ''} r shows its state.`;
  const stopped = { ...state, request: state.request + 1, mode: { name: 'view' as const }, notice: { ok: false, text }, run: end(run, { status: 'stopped' }) };
  return queue(stopped, { type: 'abort' });
}

function end(run: Run, last: Pick<RunStep, 'status' | 'error'>): Run {
  return { ...run, steps: run.steps.map((s) => (s.status === 'running' ? { ...s, ...last } : s.status === 'pending' ? { ...s, status: 'skipped' } : s)) };
}
