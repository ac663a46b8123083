import type { Key } from 'ink';
import type { NamespaceInfo } from '../cluster/namespace.js';
import type { ClusterEffect, ClusterReply, ClusterTarget, Described } from '../tui/cluster-effects.js';
import { editText, textState, type TextState } from '../tui/text-edit.js';
import type { Problem } from '../tui/use-query.js';
import { NO_EFFECTS, withEffect, type WithEffects } from '../tui/use-screen-state.js';
import { createSteps, deleteSteps } from './cluster-plan.js';
import { current, startRun, stepDone, stepFailed, stopRun, WAITING, type Run } from './cluster-run.js';

export type Mode =
  | { name: 'view' }
  /** The set-up plan before anything runs: the optional steps on or off, and the answer selected. */
  | { name: 'plan'; role: boolean; address: boolean; yes: boolean }
  | { name: 'delete'; typed: TextState; mismatch: boolean; snapshot: string | false; removeSetup: boolean }
  | { name: 'running' };

export interface ClusterState extends WithEffects<ClusterEffect> {
  /** What [DWH] names; undefined until the screen has read it (or when it cannot: `setupError`). */
  target?: ClusterTarget;
  setupError?: Problem;
  /** The last description; null when there is none of that name; undefined until the first answer. */
  info?: Described | null;
  /** A workgroup's namespace, asked apart (it outlives its workgroup). */
  namespace?: NamespaceInfo | null;
  /** The number of the request whose answer is awaited; older answers are dropped. */
  request: number;
  checking: boolean;
  checkedAt?: Date;
  /** The final snapshot a delete takes unless told otherwise (named when the status came). */
  snapshotName?: string;
  error?: Problem;
  notice?: { ok: boolean; text: string };
  mode: Mode;
  /** The running operation, or the last one with how each step ended. */
  run?: Run;
}

export type ClusterAction =
  | ClusterReply
  | { type: 'refresh' }
  | { type: 'power'; op: 'pause' | 'resume' }
  | { type: 'no-pause' }
  | { type: 'create-asked' }
  | { type: 'plan-toggle'; option: 'role' | 'address' }
  | { type: 'plan-select'; yes: boolean }
  | { type: 'plan-answer'; yes: boolean }
  | { type: 'delete-asked' }
  | { type: 'delete-edit'; input: string; key: Key }
  | { type: 'delete-snapshot' }
  | { type: 'delete-setup' }
  | { type: 'delete-enter' }
  | { type: 'delete-cancel' }
  | { type: 'stop' };

/** Queues an effect, checked against the screen's own effect type. */
export function queue(state: ClusterState, effect: ClusterEffect): ClusterState {
  return withEffect(state, effect);
}

export function initialClusterState(): ClusterState {
  const start: ClusterState = { ...NO_EFFECTS, request: 0, checking: true, mode: { name: 'view' } };
  return queue(start, { type: 'open' });
}

const view = { name: 'view' } as const;

function describe(state: ClusterState): ClusterState {
  const request = state.request + 1;
  return queue({ ...state, request, checking: true, error: undefined, notice: undefined }, { type: 'describe', request });
}

export function clusterReducer(state: ClusterState, action: ClusterAction): ClusterState {
  const { mode, run, target } = state;
  // An answer to a request the screen has moved past (a refresh asked again, a stopped wait) changes nothing.
  if ('request' in action && action.request !== state.request) return state;
  switch (action.type) {
    case 'opened':
      return describe({ ...state, target: action.target });
    case 'open-failed':
      return { ...state, setupError: action.problem, checking: false };
    case 'status':
      return { ...state, checking: false, info: action.info, namespace: action.namespace, checkedAt: action.at, snapshotName: action.snapshotName, error: undefined };
    case 'status-failed':
      return { ...state, checking: false, error: action.problem };
    case 'step-started':
      return run ? { ...state, run: { ...run, startedAt: run.startedAt ?? action.at, stepStartedAt: action.at } } : state;
    case 'step-progress': {
      if (!run) return state;
      const info = action.info === undefined ? state.info : action.info;
      return { ...state, info, run: { ...run, waitState: action.state } };
    }
    case 'step-done':
      return run ? stepDone(state, run, action) : state;
    case 'step-failed':
      return run ? stepFailed(state, run, action.problem) : state;
    case 'refresh':
      return target && mode.name === 'view' ? describe(state) : state;
    case 'power':
      return target ? startRun(state, action.op, [{ kind: 'power', text: `${action.op} ${target.name}` }], {}) : state;
    case 'no-pause':
      return { ...state, notice: { ok: false, text: 'A Serverless workgroup has no pause or resume: it bills only while it runs queries ($0 while idle).' } };
    case 'create-asked':
      if (!target) return state;
      if ('title' in target.create) return { ...state, error: target.create };
      return { ...state, error: undefined, notice: undefined, mode: { name: 'plan', role: target.roleArn === undefined, address: target.publiclyAccessible, yes: false } };
    case 'plan-toggle':
      return mode.name === 'plan' ? { ...state, mode: { ...mode, [action.option]: !mode[action.option] } } : state;
    case 'plan-select':
      return mode.name === 'plan' ? { ...state, mode: { ...mode, yes: action.yes } } : state;
    case 'plan-answer':
      if (mode.name !== 'plan' || !target) return state;
      if (!action.yes) return { ...state, mode: view };
      return startRun(state, 'create', createSteps(target, mode), { roleName: mode.role ? target.roleName : undefined, cidr: target.allowCidr });
    case 'delete-asked':
      return { ...state, error: undefined, notice: undefined, mode: { name: 'delete', typed: textState(''), mismatch: false, snapshot: state.snapshotName ?? false, removeSetup: false } };
    case 'delete-edit': {
      if (mode.name !== 'delete') return state;
      const typed = editText(mode.typed, action.input, action.key);
      return typed ? { ...state, mode: { ...mode, typed, mismatch: false } } : state;
    }
    case 'delete-snapshot':
      return mode.name === 'delete' ? { ...state, mode: { ...mode, snapshot: mode.snapshot === false ? (state.snapshotName ?? false) : false } } : state;
    case 'delete-setup':
      return mode.name === 'delete' ? { ...state, mode: { ...mode, removeSetup: !mode.removeSetup } } : state;
    case 'delete-cancel':
      return { ...state, mode: view };
    case 'delete-enter': {
      if (mode.name !== 'delete' || !target) return state;
      if (mode.typed.value.trim() !== target.name) return { ...state, mode: { ...mode, mismatch: true } };
      const groups = state.info?.securityGroups ?? [];
      return startRun(state, 'delete', deleteSteps(target, mode, groups), { finalSnapshot: mode.snapshot, groups, roleArn: target.roleArn });
    }
    case 'stop': {
      const step = run && current(run);
      return run && step && WAITING.has(step.kind) ? stopRun(state, run) : state;
    }
  }
}
