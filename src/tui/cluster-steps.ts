import { basename } from 'node:path';
import type { WaitOptions } from '../cluster/wait.js';
import { ConfigError } from '../errors.js';
import type { Described, StepSpec } from './cluster-effects.js';
import type { ClusterSession } from './cluster-session.js';
import type { Workspace } from './workspace.js';

export interface StepResult {
  detail?: string;
  /** The cluster or workgroup as the step left it; null once it is gone. */
  info?: Described | null;
  roleArn?: string;
}

/**
 * One step of an operation, with the CLI's own functions (src/cluster). What a step writes into dwh.cfg is also
 * given to this session's settings, so the connect screen's next reconnect uses it.
 */
export async function runStep(session: ClusterSession, spec: StepSpec, workspace: Workspace, wait: WaitOptions): Promise<StepResult> {
  const { region } = session.target;
  const file = writableConfig(workspace);
  switch (spec.kind) {
    case 'role': {
      const [{ createCopyRole, iamClient, inputBuckets }, { writeConfigValues }] = await Promise.all([import('../cluster/setup.js'), import('../cluster/endpoint-file.js')]);
      const role = await createCopyRole(iamClient(region), { roleName: spec.roleName!, buckets: inputBuckets(workspace.config), region });
      // Written at once: a create that fails after this still leaves the role named, for the next attempt.
      if (file) writeConfigValues(file, 'IAM_ROLE', { ARN: role.arn }, 'the IAM role');
      workspace.config = { ...workspace.config, iamRoleArn: role.arn };
      return { roleArn: role.arn, detail: `${role.created ? 'created' : 'found (made by sparkify before)'} ${role.arn}${file ? `; [IAM_ROLE] ARN in ${basename(file)}` : ''}` };
    }
    case 'create':
      return { info: await session.create(spec.roleArn, wait) };
    case 'config': {
      if (!file || !spec.endpoint) return { detail: `nothing written: ${file ? 'AWS gave no endpoint' : 'no dwh.cfg file to write into'}` };
      const { writeEndpoint } = await import('../cluster/endpoint-file.js');
      writeEndpoint(file, spec.endpoint);
      workspace.config = { ...workspace.config, cluster: { ...workspace.config.cluster, host: spec.endpoint.host, dbPort: spec.endpoint.port } };
      return { detail: `its endpoint is now in ${basename(file)} [CLUSTER] HOST` };
    }
    case 'address': {
      const groups = spec.groups ?? [];
      if (groups.length === 0) throw new ConfigError('AWS named no security group for it: allow the address by hand (the VPC console)');
      const { allowIngress, ec2Client, publicIp } = await import('../cluster/setup.js');
      const cidr = spec.cidr ?? `${await publicIp()}/32`;
      const added = await allowIngress(ec2Client(region), { groupIds: groups, cidr, port: session.target.port, region });
      return { detail: `allowed ${cidr} on port ${session.target.port} in ${groups.join(', ')}${added.length < groups.length ? ' (some had the rule already)' : ''}` };
    }
    case 'power':
      return { info: await session.power(spec.op === 'pause' ? 'pause' : 'resume', wait) };
    case 'check-role':
      return { detail: await checkRole(spec.roleArn!, region) };
    case 'delete':
      await session.remove(spec.finalSnapshot ?? false, wait);
      return { info: null };
    case 'revoke': {
      const { ec2Client, revokeIngress } = await import('../cluster/setup.js');
      const removed = await revokeIngress(ec2Client(region), { groupIds: spec.groups ?? [], region });
      return { detail: removed > 0 ? `removed ${removed} rule(s)` : 'no sparkify rule was there' };
    }
    case 'remove-role': {
      const { deleteCopyRole, iamClient, roleNameOf } = await import('../cluster/setup.js');
      const outcome = await deleteCopyRole(iamClient(region), roleNameOf(spec.roleArn!), region);
      return { detail: outcome === 'deleted' ? `deleted ${spec.roleArn}` : `${spec.roleArn} does not exist` };
    }
  }
}

/** Before anything is deleted: a role sparkify did not make stops the delete (as `cluster delete --with-role`). */
async function checkRole(arn: string, region: string): Promise<string> {
  const { iamClient, roleNameOf, roleOwner } = await import('../cluster/setup.js');
  const owner = await roleOwner(iamClient(region), roleNameOf(arn), region);
  if (owner && !owner.ours) throw new ConfigError(`${arn} was not created by sparkify (no created-by=sparkify tag): only what sparkify made is removed; nothing was deleted`);
  return owner ? 'made by sparkify' : 'it does not exist: nothing to remove';
}

/** The dwh.cfg to write into: none without a file, or when a URL replaces the [CLUSTER] fields. */
function writableConfig(workspace: Workspace): string | undefined {
  const { config } = workspace;
  return config.exists && !config.cluster.url ? config.path : undefined;
}
