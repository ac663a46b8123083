import type { KeyBinding, KeyTable } from '../tui/key-table.js';
import { current, WAITING } from './cluster-run.js';
import type { ClusterAction, ClusterState } from './cluster-state.js';

type Row = KeyBinding<ClusterState, ClusterAction>;

const viewing = (s: ClusterState): boolean => s.mode.name === 'view' && s.target !== undefined;
/** Keys that act on what AWS said: not while it is being asked again. */
const settled = (s: ClusterState): boolean => viewing(s) && !s.checking;
const kindIs = (kind: 'cluster' | 'workgroup') => (s: ClusterState): boolean => s.target?.kind === kind;
const planning = (s: ClusterState) => (s.mode.name === 'plan' ? s.mode : undefined);
const deleting = (s: ClusterState): boolean => s.mode.name === 'delete';

/** The same key for a cluster and a workgroup, said in the words of each. */
function perKind(row: Omit<Row, 'help'>, help: { cluster: string; workgroup: string }): Row[] {
  return (['cluster', 'workgroup'] as const).map((kind) => ({ ...row, help: help[kind], when: (s: ClusterState) => kindIs(kind)(s) && (row.when?.(s) ?? true) }));
}

/**
 * The Cluster screen's keys: the input handler, the footer and the `?` help all read this table, so the footer
 * lists exactly the keys that work in the current state.
 */
export const CLUSTER_KEYS: KeyTable<ClusterState, ClusterAction> = [
  {
    keys: ['escape', 'ctrl+c'],
    hint: 'esc',
    label: 'stop waiting',
    help: 'esc or ctrl+c: stop waiting; the operation goes on in AWS (it is not cancelled) and the steps after it are not run',
    when: (s) => s.run !== undefined && s.mode.name === 'running' && WAITING.has(current(s.run)?.kind ?? 'role'),
    action: { type: 'stop' },
  },
  // The set-up plan: nothing has been sent yet.
  { keys: ['y', 'Y'], hint: 'y', label: 'create', help: 'run the plan, step by step', when: (s) => planning(s) !== undefined, action: { type: 'plan-answer', yes: true } },
  { keys: ['n', 'N', 'escape'], hint: 'n', label: 'cancel', help: 'n, esc or enter on No: create nothing', when: (s) => planning(s) !== undefined, action: { type: 'plan-answer', yes: false } },
  {
    keys: ['r'],
    label: 'role on/off',
    help: 'make (or reuse) the IAM role Redshift assumes to read the input, as its default role, or not',
    when: (s) => planning(s) !== undefined && s.target?.roleArn === undefined,
    action: { type: 'plan-toggle', option: 'role' },
  },
  {
    keys: ['a'],
    label: 'address rule on/off',
    help: "let this machine's address in on the port in its security groups, or not",
    when: (s) => planning(s) !== undefined && s.target?.publiclyAccessible === true,
    action: { type: 'plan-toggle', option: 'address' },
  },
  { keys: ['enter'], help: 'the selected answer (No unless ←→ moved it)', when: (s) => planning(s) !== undefined, action: (s) => ({ type: 'plan-answer', yes: planning(s)!.yes }) },
  { keys: ['left', 'right', 'tab'], hint: '←→', help: 'choose No or Create', when: (s) => planning(s) !== undefined, action: (_s, p) => ({ type: 'plan-select', yes: p.name !== 'left' }) },
  // Delete: the name is typed into a field, so only keys that type nothing do anything else.
  { keys: ['enter'], label: 'delete', help: 'delete once its name is typed exactly', when: deleting, action: { type: 'delete-enter' } },
  { keys: ['tab'], label: 'snapshot on/off', help: 'take a final snapshot first, or none', when: deleting, action: { type: 'delete-snapshot' } },
  {
    keys: ['ctrl+r'],
    label: 'role+rules',
    help: 'also remove the IAM role and the address rules sparkify made (as cluster delete --with-role), or keep them',
    when: deleting,
    action: { type: 'delete-setup' },
  },
  { keys: ['escape'], label: 'cancel', help: 'delete nothing', when: deleting, action: { type: 'delete-cancel' } },
  { keys: ['text'], when: deleting, action: (_s, p) => ({ type: 'delete-edit', input: p.input, key: p.key }) },
  // What AWS said the cluster or workgroup is decides what can be done with it.
  { keys: ['p'], label: 'pause', help: 'pause the cluster: its compute stops being billed', when: (s) => kindIs('cluster')(s) && settled(s) && s.info?.state === 'available', action: { type: 'power', op: 'pause' } },
  { keys: ['u'], label: 'resume', help: 'resume the paused cluster and wait until it is available', when: (s) => kindIs('cluster')(s) && settled(s) && s.info?.state === 'paused', action: { type: 'power', op: 'resume' } },
  {
    keys: ['p', 'u'],
    help: 'Serverless has no pause or resume: a workgroup bills only while it runs queries ($0 while idle)',
    when: (s) => kindIs('workgroup')(s) && viewing(s),
    action: { type: 'no-pause' },
  },
  ...perKind(
    { keys: ['n'], label: 'create', when: (s) => settled(s) && s.info === null, action: { type: 'create-asked' } },
    {
      cluster: 'create the cluster of [DWH], with the IAM role and address rule if wanted (shows the plan and its cost first)',
      workgroup: 'create the namespace and workgroup of [DWH], with the IAM role and address rule if wanted (shows the plan and its cost first)',
    },
  ),
  { keys: ['r'], label: 'refresh', help: 'ask AWS for the state again', when: viewing, action: { type: 'refresh' } },
  ...perKind(
    { keys: ['d'], label: 'delete', when: (s) => settled(s) && s.info != null, action: { type: 'delete-asked' } },
    {
      cluster: 'delete the cluster (asks for its identifier; a final snapshot unless you choose none)',
      workgroup: 'delete the workgroup and its namespace (asks for its name; a final snapshot of the namespace unless you choose none)',
    },
  ),
];
