import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import type { ClusterInfo } from '../../src/cluster/describe.js';
import { CLUSTER_KEYS } from '../../src/screens/cluster-keys.js';
import { clusterReducer, initialClusterState, type ClusterAction, type ClusterState } from '../../src/screens/cluster-state.js';
import type { ClusterTarget, StepSpec } from '../../src/tui/cluster-effects.js';
import { foldKeys, footerKeys, helpKeys } from '../../src/tui/key-table.js';
import { effectsOf } from '../../src/tui/use-screen-state.js';
import { press as k, typed } from './keys.js';

const ENTER = k('', { return: true });
const ESC = k('', { escape: true });

const ROLE = 'arn:aws:iam::123456789012:role/sparkify-redshift-s3-read';
const TARGET: ClusterTarget = {
  kind: 'cluster',
  name: 'sparkify-dwh',
  region: 'us-west-2',
  pollSeconds: 15,
  port: 5439,
  publiclyAccessible: true,
  create: { what: 'cluster sparkify-dwh (2 × ra3.xlplus)', cost: '~$2.172/hour', summary: '2 × ra3.xlplus, ~$2.172/hour', managedPassword: true },
  roleName: 'sparkify-redshift-s3-read',
  policy: 'read access to s3://udacity-dend only',
  ruleDescription: 'sparkify: this machine',
  allowCidr: '203.0.113.7/32',
};
const info = (state: string, extra: Partial<ClusterInfo> = {}): ClusterInfo => ({ identifier: 'sparkify-dwh', state, iamRoles: [], securityGroups: ['sg-1'], ...extra });
const AT = new Date('2026-01-01T10:00:00Z');

const reduce = (state: ClusterState, ...actions: ClusterAction[]) => actions.reduce(clusterReducer, state);
const keys = (state: ClusterState, ...presses: [string, Key][]) => foldKeys(CLUSTER_KEYS, clusterReducer, state, presses);
const footer = (state: ClusterState) => footerKeys(CLUSTER_KEYS, state).map((h) => `${h.keys} ${h.label}`);
/** The steps asked for since `before`. */
const stepsAsked = (state: ClusterState, before = 0): StepSpec[] => effectsOf(state).slice(before).flatMap((e) => (e.type === 'step' ? [e.step] : []));

/** The screen once [DWH] is read and AWS answered the first describe. */
function shown(described: ClusterInfo | null, target: ClusterTarget = TARGET): ClusterState {
  const opened = reduce(initialClusterState(), { type: 'opened', target });
  return reduce(opened, { type: 'status', request: opened.request, info: described, at: AT, snapshotName: 'sparkify-dwh-final-20260101-1000' });
}

describe('cluster screen state', () => {
  it('reads [DWH] first, then asks AWS; an answer to an older request is dropped', () => {
    const start = initialClusterState();
    expect(effectsOf(start)).toEqual([{ type: 'open' }]);
    const opened = reduce(start, { type: 'opened', target: TARGET });
    expect(effectsOf(opened)).toEqual([{ type: 'open' }, { type: 'describe', request: 1 }]);
    const available = reduce(opened, { type: 'status', request: 1, info: info('available'), at: AT, snapshotName: 's' });
    // r twice: the first answer comes back last, and is not shown.
    const asked = keys(available, k('r'), k('r'));
    expect(effectsOf(asked).slice(-2)).toEqual([{ type: 'describe', request: 2 }, { type: 'describe', request: 3 }]);
    const fresh = reduce(asked, { type: 'status', request: 3, info: info('paused'), at: AT, snapshotName: 's' });
    const late = reduce(fresh, { type: 'status', request: 2, info: info('available'), at: AT, snapshotName: 's' });
    expect(late.info?.state).toBe('paused');
    expect(late).toBe(fresh);
  });

  it('lists in the footer exactly the keys that work in each state', () => {
    expect(footer(initialClusterState())).toEqual([]);
    const available = shown(info('available'));
    expect(footer(available)).toEqual(['p pause', 'r refresh', 'd delete']);
    expect(footer(shown(info('paused')))).toEqual(['u resume', 'r refresh', 'd delete']);
    expect(footer(shown(null))).toEqual(['n create', 'r refresh']);
    // While AWS is asked again only r (ask again) works.
    expect(footer(keys(available, k('r')))).toEqual(['r refresh']);
    expect(footer(keys(shown(null), k('n')))).toEqual(['y create', 'n cancel', 'r role on/off', 'a address rule on/off']);
    expect(footer(keys(available, k('d')))).toEqual(['enter delete', 'tab snapshot on/off', 'ctrl+r role+rules', 'esc cancel']);
    expect(footer(keys(available, k('p')))).toEqual(['esc stop waiting']);
    // The role step does not wait for a state: nothing to stop.
    expect(footer(keys(shown(null), k('n'), k('y')))).toEqual([]);
    // A key that is not listed does nothing.
    expect(keys(available, k('u'))).toBe(available);
  });

  it('a workgroup has no pause or resume: the help says so, and p says so too', () => {
    const workgroup = shown(info('available'), { ...TARGET, kind: 'workgroup', name: 'sparkify', namespace: 'sparkify' });
    expect(footer(workgroup)).toEqual(['r refresh', 'd delete']);
    const help = helpKeys(CLUSTER_KEYS, workgroup).map((h) => `${h.keys}: ${h.help}`);
    expect(help).toContain('p/u: Serverless has no pause or resume: a workgroup bills only while it runs queries ($0 while idle)');
    expect(help).toContain('d: delete the workgroup and its namespace (asks for its name; a final snapshot of the namespace unless you choose none)');
    const pressed = keys(workgroup, k('p'));
    expect(pressed.notice?.text).toBe('A Serverless workgroup has no pause or resume: it bills only while it runs queries ($0 while idle).');
    expect(stepsAsked(pressed)).toEqual([]);
  });

  it('the plan: optional steps toggle, and No (the default) sends nothing', () => {
    const plan = keys(shown(null), k('n'));
    expect(plan.mode).toEqual({ name: 'plan', role: true, address: true, yes: false });
    const off = keys(plan, k('r'), k('a'));
    expect(off.mode).toMatchObject({ role: false, address: false });
    expect(keys(off, k('r')).mode).toMatchObject({ role: true, address: false });
    const declined = keys(plan, ENTER);
    expect(declined.mode).toEqual({ name: 'view' });
    expect(stepsAsked(declined)).toEqual([]);
    expect(stepsAsked(keys(plan, k('n')))).toEqual([]);
    expect(stepsAsked(keys(plan, ESC))).toEqual([]);
    // → selects Create; enter then confirms.
    expect(stepsAsked(keys(plan, k('', { rightArrow: true }), ENTER)).map((s) => s.kind)).toEqual(['role']);
    // A role named in dwh.cfg: no role step, and no key to ask for one.
    const named = keys(shown(null, { ...TARGET, roleArn: ROLE, publiclyAccessible: false }), k('n'));
    expect(footer(named)).toEqual(['y create', 'n cancel']);
    expect(stepsAsked(keys(named, k('y'))).map((s) => s.kind)).toEqual(['create']);
  });

  it('runs the confirmed plan step by step, each with what the steps before it found', () => {
    let s = keys(shown(null), k('n'), k('y'));
    expect(stepsAsked(s)).toEqual([{ kind: 'role', op: 'create', roleName: 'sparkify-redshift-s3-read', cidr: '203.0.113.7/32' }]);
    s = reduce(s, { type: 'step-started', request: s.request, at: 1000 }, { type: 'step-done', request: s.request, at: 2000, roleArn: ROLE, detail: `created ${ROLE}` });
    expect(stepsAsked(s).at(-1)).toEqual({ kind: 'create', op: 'create', roleName: 'sparkify-redshift-s3-read', cidr: '203.0.113.7/32', roleArn: ROLE });
    expect(s.target?.roleArn).toBe(ROLE);
    s = reduce(s, { type: 'step-progress', request: s.request, state: 'creating', info: info('creating') });
    expect(s.run?.waitState).toBe('creating');
    const endpoint = { host: 'sparkify-dwh.x.us-west-2.redshift.amazonaws.com', port: 5439 };
    s = reduce(s, { type: 'step-done', request: s.request, at: 5000, info: info('available', { endpoint }) });
    expect(stepsAsked(s).at(-1)).toMatchObject({ kind: 'config', endpoint, groups: ['sg-1'] });
    s = reduce(s, { type: 'step-done', request: s.request, at: 5100, detail: 'its endpoint is now in dwh.cfg [CLUSTER] HOST' });
    expect(stepsAsked(s).at(-1)).toMatchObject({ kind: 'address', cidr: '203.0.113.7/32', groups: ['sg-1'] });
    s = reduce(s, { type: 'step-done', request: s.request, at: 6000, detail: 'allowed 203.0.113.7/32' });
    expect(s.mode).toEqual({ name: 'view' });
    expect(s.run?.steps.map((step) => step.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(s.notice).toEqual({ ok: true, text: '✓ sparkify-dwh is available (5.00 s); its endpoint is now in dwh.cfg [CLUSTER] HOST.' });
    expect(s.info?.state).toBe('available');
  });

  it('a failed step shows its error and skips the steps after it', () => {
    const s0 = keys(shown(null), k('n'), k('y'));
    const problem = { title: 'Access denied', message: 'access denied: this AWS identity may not create the IAM role (needs iam:CreateRole)' };
    const failed = reduce(s0, { type: 'step-failed', request: s0.request, problem });
    expect(failed.run?.steps.map((step) => [step.kind, step.status])).toEqual([['role', 'failed'], ['create', 'skipped'], ['config', 'skipped'], ['address', 'skipped']]);
    expect(failed.run?.steps[0]?.error).toEqual(problem);
    expect(failed.error).toEqual(problem);
    expect(stepsAsked(failed, effectsOf(s0).length)).toEqual([]);
    expect(footer(failed)).toEqual(['n create', 'r refresh']);
  });

  it('Esc while a step waits stops the polling; a late answer of that step is dropped', () => {
    const s0 = keys(shown(info('available')), k('p'));
    const stopped = keys(s0, ESC);
    expect(effectsOf(stopped).at(-1)).toEqual({ type: 'abort' });
    expect(stopped.run?.steps[0]?.status).toBe('stopped');
    expect(stopped.notice?.text).toBe('Stopped waiting: the pause of sparkify-dwh goes on in AWS (it was not cancelled). r shows its state.');
    const late = reduce(stopped, { type: 'step-done', request: s0.request, at: 9000, info: info('paused') });
    expect(late).toBe(stopped);
    expect(late.info?.state).toBe('available');
  });

  it('delete: the name typed exactly, the snapshot and the set-up removal chosen, before anything is asked', () => {
    const named = shown(info('available'), { ...TARGET, roleArn: ROLE });
    const wrong = keys(named, k('d'), ...typed('sparkify-dwq'), ENTER);
    expect(wrong.mode).toMatchObject({ name: 'delete', mismatch: true });
    expect(stepsAsked(wrong)).toEqual([]);
    // q is typed into the field; tab drops the snapshot; ctrl+r adds the set-up removal.
    const s = keys(named, k('d'), ...typed('sparkify-dwh'), k('\t', { tab: true }), k('r', { ctrl: true }), ENTER);
    expect(s.run?.steps.map((step) => step.kind)).toEqual(['check-role', 'delete', 'revoke', 'remove-role']);
    expect(stepsAsked(s)).toEqual([{ kind: 'check-role', op: 'delete', finalSnapshot: false, groups: ['sg-1'], roleArn: ROLE }]);
    const plain = keys(named, k('d'), ...typed('sparkify-dwh'), ENTER);
    expect(stepsAsked(plain)).toEqual([{ kind: 'delete', op: 'delete', finalSnapshot: 'sparkify-dwh-final-20260101-1000', groups: ['sg-1'], roleArn: ROLE }]);
    const done = reduce(plain, { type: 'step-started', request: plain.request, at: 0 }, { type: 'step-done', request: plain.request, at: 3000, info: null });
    expect(done.info).toBeNull();
    expect(done.notice?.text).toBe('✓ sparkify-dwh is deleted (3.00 s); final snapshot sparkify-dwh-final-20260101-1000.');
  });
});
