/**
 * `cluster create --with-role [NAME] --allow-my-ip` and `cluster delete --with-role`: the set-up around a cluster or
 * workgroup (the IAM role COPY assumes, this machine's way in), shown as a plan and confirmed before anything runs.
 */
import { setupSteps } from '../../cluster/setup-plan.js';
import type { DwhConfig } from '../../config/dwh-cfg.js';
import { ConfigError } from '../../errors.js';
import type { CliContext } from '../context.js';

export interface SetupFlags {
  /** `--with-role` alone: the default name; with a value: that name. */
  withRole?: string | boolean;
  allowMyIp?: boolean;
  yes?: boolean;
}

export interface PlannedSetup {
  roleName?: string;
  buckets: string[];
  cidr?: string;
  port: number;
  region: string;
}

/** What is being created: a cluster or a workgroup, for the plan's words. */
export interface SetupTarget {
  kind: 'cluster' | 'workgroup';
  /** For the plan: what is created, e.g. `cluster sparkify-dwh (2 × ra3.xlplus)`. */
  what: string;
  port: number;
  publiclyAccessible: boolean;
  region: string;
}

/**
 * The extra steps the flags ask for, checked before anything is sent (a role named already, a private cluster, no
 * public address to allow), printed as a numbered plan with the create itself, and confirmed (or --yes).
 */
export async function planSetup(ctx: CliContext, config: DwhConfig, flags: SetupFlags, target: SetupTarget): Promise<PlannedSetup | undefined> {
  if (!flags.withRole && !flags.allowMyIp) return undefined;
  const setup = await import('../../cluster/setup.js');
  const planned: PlannedSetup = { buckets: setup.inputBuckets(config), port: target.port, region: target.region };
  if (flags.withRole) {
    const named = config.settings.text('DWH IAM_ROLE_ARN');
    if (named !== undefined) throw new ConfigError(`${config.settings.where('DWH IAM_ROLE_ARN')} names a role already: --with-role makes one only where none is named`);
    planned.roleName = typeof flags.withRole === 'string' ? flags.withRole : setup.DEFAULT_ROLE_NAME;
    if (!/^[\w+=,.@-]{1,64}$/.test(planned.roleName)) throw new ConfigError(`--with-role ${planned.roleName}: not an IAM role name (1-64 letters, digits and +=,.@_-)`);
  }
  if (flags.allowMyIp) {
    if (!target.publiclyAccessible) throw new ConfigError(`--allow-my-ip needs [DWH] PUBLICLY_ACCESSIBLE = true: a private ${target.kind} is reached from inside its VPC`);
    planned.cidr = config.settings.text('DWH ALLOW_CIDR') ?? `${await setup.publicIp()}/32`;
  }
  const steps = setupSteps({ what: target.what, roleName: planned.roleName, policy: setup.rolePolicyText(planned.buckets), cidr: planned.cidr, port: planned.port, ruleDescription: setup.RULE_DESCRIPTION }).map(
    (s) => s.text,
  );
  ctx.io.err(`plan:\n${steps.map((s, i) => `  ${i + 1}. ${s}`).join('\n')}\n`);
  await ctx.confirmOrExit(`Run these ${steps.length} steps?`, flags.yes, 'cluster create with --with-role or --allow-my-ip changes IAM or EC2');
  return planned;
}

/** The role, before the create: made (or found, if sparkify made it before) and written into dwh.cfg at once. */
export async function createPlannedRole(ctx: CliContext, config: DwhConfig, planned: PlannedSetup | undefined): Promise<string | undefined> {
  if (!planned?.roleName) return undefined;
  const [{ createCopyRole, iamClient }, { writeConfigValues }] = await Promise.all([import('../../cluster/setup.js'), import('../../cluster/endpoint-file.js')]);
  const role = await createCopyRole(iamClient(planned.region), { roleName: planned.roleName, buckets: planned.buckets, region: planned.region });
  ctx.io.err(`${role.created ? 'created' : 'found (made by sparkify before)'} IAM role ${role.arn}\n`);
  writeConfigValues(config.path, 'IAM_ROLE', { ARN: role.arn }, 'the IAM role');
  ctx.io.err(`${config.path}: [IAM_ROLE] ARN = ${role.arn}\n`);
  return role.arn;
}

/** This machine's rule, after the create, in the security groups it got. */
export async function allowPlannedIp(ctx: CliContext, planned: PlannedSetup | undefined, groupIds: readonly string[]): Promise<void> {
  if (!planned?.cidr) return;
  if (groupIds.length === 0) throw new ConfigError('AWS named no security group for it: allow the address by hand (the VPC console)');
  const { allowIngress, ec2Client } = await import('../../cluster/setup.js');
  const added = await allowIngress(ec2Client(planned.region), { groupIds, cidr: planned.cidr, port: planned.port, region: planned.region });
  ctx.io.err(`allowed ${planned.cidr} on port ${planned.port} in ${groupIds.join(', ')}${added.length < groupIds.length ? ' (some had the rule already)' : ''}\n`);
}

/** Before a delete with --with-role: a role sparkify did not make is refused before anything is deleted. */
export async function checkRemovable(config: DwhConfig, region: string): Promise<void> {
  const arn = config.settings.text('DWH IAM_ROLE_ARN');
  if (arn === undefined) return;
  const { iamClient, roleNameOf, roleOwner } = await import('../../cluster/setup.js');
  const owner = await roleOwner(iamClient(region), roleNameOf(arn), region);
  if (owner && !owner.ours) {
    throw new ConfigError(`${config.settings.where('DWH IAM_ROLE_ARN')} = "${arn}" was not created by sparkify (no created-by=sparkify tag): --with-role removes only what sparkify made; nothing was deleted`);
  }
}

/** After a delete with --with-role: sparkify's rules leave the security groups, and the role goes if sparkify made it. */
export async function removeSetup(ctx: CliContext, config: DwhConfig, region: string, groupIds: readonly string[]): Promise<void> {
  const { deleteCopyRole, ec2Client, iamClient, revokeIngress, roleNameOf } = await import('../../cluster/setup.js');
  const removed = await revokeIngress(ec2Client(region), { groupIds, region });
  if (removed > 0) ctx.io.err(`removed ${removed} sparkify rule(s) from ${groupIds.join(', ')}\n`);
  const arn = config.settings.text('DWH IAM_ROLE_ARN');
  if (arn === undefined) {
    ctx.io.err('no [IAM_ROLE] ARN in dwh.cfg: no role to remove\n');
    return;
  }
  const outcome = await deleteCopyRole(iamClient(region), roleNameOf(arn), region);
  ctx.io.err(outcome === 'deleted' ? `deleted IAM role ${arn}\n` : `IAM role ${arn} does not exist\n`);
}
