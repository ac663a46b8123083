/**
 * What the Cluster screen's reducer asks of AWS (effects) and what comes back (replies), as data. The screen
 * (src/screens/cluster-state.ts) owns the state; use-cluster.ts runs the effects. Every reply that answers a
 * request carries its number, so the reducer can drop the answer of a request it has moved past.
 */
import type { ClusterInfo } from '../cluster/describe.js';
import type { NamespaceInfo } from '../cluster/namespace.js';
import type { SetupStepId } from '../cluster/setup-plan.js';
import type { WorkgroupStatus } from '../cluster/workgroup.js';
import type { Problem } from './use-query.js';

/** A cluster or a workgroup as AWS last described it. */
export type Described = ClusterInfo | WorkgroupStatus;

export function isWorkgroup(info: Described): info is WorkgroupStatus {
  return 'name' in info;
}

/** What dwh.cfg [DWH] names, read once the screen opens (the AWS code loads then, not with the app). */
export interface ClusterTarget {
  kind: 'cluster' | 'workgroup';
  /** The cluster identifier or the workgroup name. */
  name: string;
  /** A workgroup's namespace. */
  namespace?: string;
  region: string;
  pollSeconds: number;
  port: number;
  publiclyAccessible: boolean;
  /** What `n` creates (`cluster x (2 × ra3.xlplus)`, its cost), or why it cannot (no NODE_TYPE, ...). */
  create: { what: string; cost: string; summary: string; managedPassword: boolean } | Problem;
  /** [IAM_ROLE] ARN (or [DWH] IAM_ROLE_ARN) when dwh.cfg names a role. */
  roleArn?: string;
  /** The role the set-up makes when none is named. */
  roleName: string;
  /** What that role may read (see setup.ts). */
  policy: string;
  ruleDescription: string;
  /** [DWH] ALLOW_CIDR; else this machine's address, asked when the step runs. */
  allowCidr?: string;
}

export type Op = 'create' | 'pause' | 'resume' | 'delete';

export type StepKind = SetupStepId | 'power' | 'check-role' | 'delete' | 'revoke' | 'remove-role';

/** One step of an operation, with what it needs from the steps before it. */
export interface StepSpec {
  kind: StepKind;
  op: Op;
  roleName?: string;
  roleArn?: string;
  cidr?: string;
  /** The security groups of the cluster or workgroup (the rule goes there, or is taken out). */
  groups?: readonly string[];
  endpoint?: { host: string; port: number };
  finalSnapshot?: string | false;
}

export type ClusterEffect =
  | { type: 'open' }
  | { type: 'describe'; request: number }
  | { type: 'step'; request: number; step: StepSpec }
  /** Stops the polling of the running step; the operation itself goes on in AWS. */
  | { type: 'abort' };

export type ClusterReply =
  | { type: 'opened'; target: ClusterTarget }
  | { type: 'open-failed'; problem: Problem }
  | { type: 'status'; request: number; info: Described | null; namespace?: NamespaceInfo | null; at: Date; snapshotName: string }
  | { type: 'status-failed'; request: number; problem: Problem; at: Date }
  | { type: 'step-started'; request: number; at: number }
  | { type: 'step-progress'; request: number; state: string; info?: Described | null }
  | { type: 'step-done'; request: number; at: number; detail?: string; info?: Described | null; roleArn?: string }
  | { type: 'step-failed'; request: number; problem: Problem };
