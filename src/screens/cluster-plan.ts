import { setupSteps } from '../cluster/setup-plan.js';
import type { ClusterTarget, StepKind } from '../tui/cluster-effects.js';

type Step = { kind: StepKind; text: string };

/** The address the plan lets in, as a person reads it before the step has asked for it. */
const THIS_MACHINE = "this machine's public address (from checkip.amazonaws.com)";

/** The create's steps with the optional ones as chosen: the CLI's plan (src/cluster/setup-plan.ts). */
export function createSteps(target: ClusterTarget, choice: { role: boolean; address: boolean }): Step[] {
  if ('title' in target.create) return [];
  return setupSteps({
    what: target.create.what,
    cost: target.create.cost,
    roleName: choice.role && target.roleArn === undefined ? target.roleName : undefined,
    policy: target.policy,
    cidr: choice.address && target.publiclyAccessible ? (target.allowCidr ?? THIS_MACHINE) : undefined,
    port: target.port,
    ruleDescription: target.ruleDescription,
  }).map((s) => ({ kind: s.id, text: s.text }));
}

/** What the plan says about an optional step that is off, or cannot be on, and which key changes it. */
export function optionNotes(target: ClusterTarget, choice: { role: boolean; address: boolean }): string[] {
  const notes: string[] = [];
  if (target.roleArn !== undefined) notes.push(`IAM: no role is made: [IAM_ROLE] ARN names ${target.roleArn}, the default role it gets`);
  else if (!choice.role) notes.push(`IAM: no role is made (r: make ${target.roleName}); COPY then needs [IAM_ROLE] ARN`);
  if (!target.publiclyAccessible) notes.push(`EC2: no address rule: [DWH] PUBLICLY_ACCESSIBLE is false, so it is reached from inside its VPC`);
  else if (!choice.address) notes.push(`EC2: no address rule (a: let ${target.allowCidr ?? 'this machine'} in on port ${target.port})`);
  return notes;
}

/** The delete's steps; with `removeSetup`, what the set-up made goes too (as `cluster delete --with-role`). */
export function deleteSteps(target: ClusterTarget, choice: { snapshot: string | false; removeSetup: boolean }, groups: readonly string[]): Step[] {
  const snapshot = choice.snapshot === false ? 'with no final snapshot' : `after a final snapshot ${choice.snapshot}`;
  const what =
    target.kind === 'workgroup'
      ? `Redshift Serverless: delete workgroup ${target.name}, then namespace ${target.namespace} ${snapshot}`
      : `Redshift: delete cluster ${target.name} ${snapshot}`;
  if (!choice.removeSetup) return [{ kind: 'delete', text: what }];
  const role = target.roleArn;
  return [
    ...(role ? [{ kind: 'check-role' as const, text: `IAM: check that ${role} was made by sparkify (if not, nothing is deleted)` }] : []),
    { kind: 'delete', text: what },
    { kind: 'revoke', text: `EC2: remove sparkify's address rules from ${groups.length > 0 ? groups.join(', ') : 'its security groups (AWS named none)'}` },
    ...(role ? [{ kind: 'remove-role' as const, text: `IAM: delete the role ${role} and its policies` }] : []),
  ];
}
