import type { NamespaceInfo } from '../cluster/namespace.js';
import type { WaitOptions } from '../cluster/wait.js';
import type { DwhConfig } from '../config/dwh-cfg.js';
import type { ClusterTarget, Described, Op } from './cluster-effects.js';

/** The screen's view of one cluster or workgroup: the calls whose request differs between the two. */
export interface ClusterSession {
  target: ClusterTarget;
  /** Polling of the waits: every [DWH] POLL_SECONDS, for at most WAIT_MINUTES. */
  wait: Pick<WaitOptions, 'delayMs' | 'timeoutMs'>;
  status(): Promise<{ info: Described | null; namespace?: NamespaceInfo | null }>;
  /** The final snapshot a delete takes now unless told not to. */
  snapshotName(): string;
  create(roleArn: string | undefined, wait: WaitOptions): Promise<Described>;
  power(op: Extract<Op, 'pause' | 'resume'>, wait: WaitOptions): Promise<Described>;
  remove(finalSnapshot: string | false, wait: WaitOptions): Promise<void>;
}

/** The [DWH] part every target shares: the set-up's role, policy and rule, the polling. */
export async function commonTarget(config: DwhConfig, settings: { iamRoleArn?: string; region: string; publiclyAccessible: boolean; pollSeconds: number; waitMinutes: number }) {
  const setup = await import('../cluster/setup.js');
  const target = {
    region: settings.region,
    pollSeconds: settings.pollSeconds,
    publiclyAccessible: settings.publiclyAccessible,
    roleArn: settings.iamRoleArn,
    roleName: setup.DEFAULT_ROLE_NAME,
    policy: setup.rolePolicyText(setup.inputBuckets(config)),
    ruleDescription: setup.RULE_DESCRIPTION,
    allowCidr: config.settings.text('DWH ALLOW_CIDR'),
  };
  return { target, wait: { delayMs: settings.pollSeconds * 1000, timeoutMs: settings.waitMinutes * 60_000 } };
}

/**
 * Reads [DWH] and loads the AWS code (only this screen needs it, so not with the app): a Serverless session when
 * [DWH] WORKGROUP names one, as the CLI decides. A ConfigError when [DWH] names nothing to manage.
 */
export async function openSession(config: DwhConfig): Promise<ClusterSession> {
  const { isServerless } = await import('../engines/redshift/connection.js');
  if (isServerless(config)) return (await import('./workgroup-session.js')).workgroupSession(config);
  return (await import('./provisioned-session.js')).provisionedSession(config);
}
