import type { Command } from 'commander';
import type { ClusterInfo } from '../../cluster/describe.js';
import type { ClusterSettings } from '../../cluster/settings.js';
import type { ClusterProgress, WaitOptions } from '../../cluster/wait.js';
import type { DwhConfig } from '../../config/dwh-cfg.js';
import type { WorkgroupStatus } from '../../cluster/workgroup.js';
import { ConfigError } from '../../errors.js';
import { ClusterError } from '../../cluster/errors.js';
import { DEFAULT_ROLE_NAME } from '../../cluster/settings.js';
import { isServerless } from '../../engines/redshift/connection.js';
import { allowPlannedIp, checkRemovable, createPlannedRole, planSetup, removeSetup, type SetupFlags } from './cluster-setup.js';
import type { CliContext, Handler } from '../context.js';

interface ClusterFlags extends SetupFlags {
  yes?: boolean;
  keepNamespace?: boolean;
  wait?: boolean;
  finalSnapshot?: string;
  skipFinalSnapshot?: boolean;
}

/**
 * `sparkify cluster status|create|pause|resume|delete`: the Redshift cluster of dwh.cfg [DWH], or its Serverless
 * workgroup when [DWH] WORKGROUP names one.
 */
export function register(program: Command, action: Handler): void {
  const cluster = program.command('cluster').description('manage the Redshift cluster of dwh.cfg [DWH]: status, create, pause, resume, delete');
  /** A command that waits for the cluster's new state unless told --no-wait. */
  const waiting = (name: string, description: string): Command =>
    cluster.command(name).description(description).option('--no-wait', 'return once AWS accepted the request');
  cluster
    .command('status')
    .description('state, endpoint, nodes and hourly cost estimate of the cluster')
    .action(action(async (ctx) => {
      const config = ctx.config();
      if (isServerless(config)) return workgroupStatusCommand(ctx, config);
      const { settings, client } = await setup(config);
      const { requireCluster } = await import('../../cluster/describe.js');
      printInfo(ctx, config, await requireCluster(client, settings.identifier, settings.region, 'describe'));
      return 0;
    }));
  waiting('create', 'create the cluster, wait until it is available and write its endpoint into dwh.cfg [CLUSTER]')
    .option('--with-role [name]', `also create the IAM role Redshift assumes to read the input (default name ${DEFAULT_ROLE_NAME}) and write it into [IAM_ROLE] ARN`)
    .option('--allow-my-ip', "also let this machine's public address in on the port (publicly accessible only; [DWH] ALLOW_CIDR overrides the address)")
    .option('--yes', 'do not ask before the steps --with-role and --allow-my-ip add')
    .action(action(async (ctx, flags: ClusterFlags) => {
      const config = ctx.config();
      if (isServerless(config)) return workgroupCreateCommand(ctx, config, flags);
      const { settings, client } = await setup(config, 'create');
      const { createCluster } = await import('../../cluster/create.js');
      const { estimateCost } = await import('../../cluster/prices.js');
      const planned = await planSetup(ctx, config, flags, {
        kind: 'cluster',
        what: `cluster ${settings.identifier} (${settings.nodes} × ${settings.nodeType})`,
        port: settings.port,
        publiclyAccessible: settings.publiclyAccessible,
        region: settings.region,
      });
      const role = await createPlannedRole(ctx, config, planned);
      const cluster = role ? { ...settings, iamRoleArn: role } : settings;
      ctx.io.err(`creating ${settings.identifier}: ${settings.nodes} × ${settings.nodeType} in ${settings.region}, ${estimateCost(settings.nodeType!, settings.nodes!).text}\n`);
      if (!config.cluster.dbPassword) ctx.io.err('no [CLUSTER] DB_PASSWORD: Redshift keeps the master password in Secrets Manager; sparkify logs in with temporary credentials\n');
      const info = await withWait(ctx, settings, flags, (wait) =>
        createCluster(cluster, { client, masterPassword: config.cluster.dbPassword, writeEndpointTo: wait.noWait ? undefined : config.path, ...wait }),
      );
      if (info.endpoint && flags.wait !== false) ctx.io.err(`${config.path}: [CLUSTER] HOST = ${info.endpoint.host}, DB_PORT = ${info.endpoint.port}\n`);
      await allowPlannedIp(ctx, planned, info.securityGroups);
      printInfo(ctx, config, info);
      return 0;
    }));
  for (const verb of ['pause', 'resume'] as const) {
    waiting(verb, verb === 'pause' ? 'pause the cluster (compute stops being billed) and wait until it is paused' : 'resume the paused cluster and wait until it is available')
      .action(action(async (ctx, flags: ClusterFlags) => {
        const config = ctx.config();
        if (isServerless(config)) {
          throw new ConfigError(`a Serverless workgroup cannot ${verb}: it bills only while it runs queries ($0 while idle)`);
        }
        const { settings, client } = await setup(config);
        const { pauseCluster, resumeCluster } = await import('../../cluster/power.js');
        const run = verb === 'pause' ? pauseCluster : resumeCluster;
        const info = await withWait(ctx, settings, flags, (wait) => run(settings, { client, ...wait }));
        printInfo(ctx, config, info);
        return 0;
      }));
  }
  waiting('delete', 'delete the cluster (asks for its identifier; --yes when not in a terminal)')
    .option('--yes', 'do not ask for the cluster identifier')
    .option('--final-snapshot <id>', 'name of the final snapshot (default <identifier>-final-<date>)')
    .option('--skip-final-snapshot', 'take no final snapshot: the data is lost for good')
    .option('--keep-namespace', 'Serverless: delete the workgroup only, keeping the namespace (its databases)')
    .option('--with-role', "also remove what create --with-role and --allow-my-ip made: the role of [IAM_ROLE] ARN (only if sparkify created it) and sparkify's rules in the security groups")
    .action(action(async (ctx, flags: ClusterFlags) => {
      if (flags.finalSnapshot !== undefined && flags.skipFinalSnapshot) throw new ConfigError('--final-snapshot and --skip-final-snapshot exclude each other');
      const config = ctx.config();
      if (isServerless(config)) return workgroupDeleteCommand(ctx, config, flags);
      const { settings, client } = await setup(config);
      const { deleteCluster, defaultSnapshotName } = await import('../../cluster/delete.js');
      const snapshot = flags.skipFinalSnapshot ? false : (flags.finalSnapshot ?? defaultSnapshotName(settings.identifier));
      const what = snapshot === false ? 'no final snapshot is taken: its data is lost for good' : `a final snapshot ${snapshot} is taken first`;
      ctx.io.err(`deleting cluster ${settings.identifier} in ${settings.region}: ${what}\n`);
      await ctx.confirmOrExit(
        `Type the cluster identifier (${settings.identifier}) to delete it:`,
        flags.yes,
        `cluster delete removes ${settings.identifier}`,
        settings.identifier,
      );
      if (flags.withRole) await checkRemovable(config, settings.region);
      // The security groups are read before the cluster goes: its rules there are sparkify's to remove.
      const groups = flags.withRole ? ((await (await import('../../cluster/describe.js')).describeCluster(client, settings.identifier, settings.region))?.securityGroups ?? []) : [];
      await withWait(ctx, settings, flags, (wait) => deleteCluster(settings, { client, finalSnapshot: snapshot, ...wait }));
      if (flags.withRole) await removeSetup(ctx, config, settings.region, groups);
      const done = flags.wait === false ? 'is being deleted' : 'is deleted';
      ctx.io.out(`cluster ${settings.identifier} ${done}; ${snapshot === false ? 'no final snapshot' : `final snapshot: ${snapshot}`}\n`);
      return 0;
    }));
}

/** The cluster's settings and an API client; dwh.cfg is read once per command (it prints its warnings). */
async function setup(config: DwhConfig, purpose: 'manage' | 'create' = 'manage') {
  const [{ clusterSettings }, { redshiftClient }] = await Promise.all([import('../../cluster/settings.js'), import('../../cluster/client.js')]);
  const settings = clusterSettings(config, purpose);
  return { settings, client: redshiftClient(settings) };
}

/**
 * Runs a waiting operation (or, with --no-wait, only its request) with a progress line per state change (live
 * in a terminal) and Ctrl+C to stop waiting.
 */
async function withWait<T>(
  ctx: CliContext,
  settings: Pick<ClusterSettings, 'pollSeconds' | 'waitMinutes'>,
  flags: Pick<ClusterFlags, 'wait'>,
  run: (wait: WaitOptions & { noWait: boolean }) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  let lastState = '';
  let live = false;
  const onProgress = (p: ClusterProgress): void => {
    const line = `${p.action} ${p.identifier}: ${p.phase === 'done' ? 'done, ' : ''}${p.state} (${clock(p.elapsedSeconds)})`;
    if (ctx.io.interactive) {
      ctx.io.err(`\r\x1b[2K${line}${p.phase === 'done' ? '\n' : ''}`);
      live = p.phase !== 'done';
    } else if (p.state !== lastState || p.phase === 'done') {
      ctx.io.err(`${line}\n`);
    }
    lastState = p.state;
  };
  try {
    return await run({ noWait: flags.wait === false, delayMs: settings.pollSeconds * 1000, timeoutMs: settings.waitMinutes * 60_000, signal: controller.signal, onProgress });
  } finally {
    if (live) ctx.io.err('\n');
    process.off('SIGINT', onSigint);
  }
}

function printInfo(ctx: CliContext, config: DwhConfig, info: ClusterInfo): void {
  if (ctx.globals.json) {
    ctx.io.out(`${JSON.stringify(info, null, 2)}\n`);
    return;
  }
  const lines = [
    `cluster   ${info.identifier}`,
    `state     ${info.state}${info.availability && info.availability.toLowerCase() !== info.state ? ` (${info.availability})` : ''}`,
    `endpoint  ${info.endpoint ? `${info.endpoint.host}:${info.endpoint.port}` : '(none yet)'}`,
    `nodes     ${info.nodes ?? '?'} × ${info.nodeType ?? '?'}`,
    `database  ${info.dbName ?? '?'} (master user ${info.masterUser ?? '?'})`,
    `cost      ${info.cost?.text ?? 'unknown'}`,
  ];
  // Printed as it is: what DescribeClusters says holds no secret (the master user's name is not one).
  ctx.io.out(`${lines.join('\n')}\n`);
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

async function workgroupSetup(config: DwhConfig) {
  const [{ workgroupSettings }, { serverlessClient }] = await Promise.all([import('../../cluster/workgroup.js'), import('../../engines/redshift/serverless.js')]);
  const settings = workgroupSettings(config);
  return { settings, client: serverlessClient(settings.region) };
}

async function workgroupStatusCommand(ctx: CliContext, config: DwhConfig): Promise<number> {
  const { settings, client } = await workgroupSetup(config);
  const { workgroupStatus } = await import('../../cluster/workgroup.js');
  const info = await workgroupStatus(client, settings);
  if (!info) throw new ClusterError('Workgroup not found', `no Serverless workgroup ${settings.workgroup} in ${settings.region} (sparkify cluster create makes it)`, 'not-found');
  printWorkgroup(ctx, info);
  return 0;
}

async function workgroupCreateCommand(ctx: CliContext, config: DwhConfig, flags: ClusterFlags): Promise<number> {
  const { settings, client } = await workgroupSetup(config);
  const { createWorkgroup, serverlessCost } = await import('../../cluster/workgroup.js');
  const planned = await planSetup(ctx, config, flags, {
    kind: 'workgroup',
    what: `Serverless workgroup ${settings.workgroup} (namespace ${settings.namespace}, ${settings.baseCapacity} RPUs)`,
    port: 5439,
    publiclyAccessible: settings.publiclyAccessible,
    region: settings.region,
  });
  const role = await createPlannedRole(ctx, config, planned);
  if (role) settings.iamRoleArn = role;
  ctx.io.err(`creating Serverless workgroup ${settings.workgroup} (namespace ${settings.namespace}, ${settings.baseCapacity} RPUs) in ${settings.region}: ${serverlessCost(settings.baseCapacity).text}\n`);
  if (!config.cluster.dbPassword) ctx.io.err('no [CLUSTER] DB_PASSWORD: AWS keeps the admin password in Secrets Manager; sparkify logs in with temporary credentials\n');
  const info = await withWait(ctx, settings, flags, (wait) =>
    createWorkgroup(settings, { client, adminPassword: config.cluster.dbPassword, writeEndpointTo: wait.noWait ? undefined : config.path, onNote: (text) => ctx.io.err(`${text}\n`), ...wait }),
  );
  if (info.endpoint && flags.wait !== false) ctx.io.err(`${config.path}: [CLUSTER] HOST = ${info.endpoint.host}, DB_PORT = ${info.endpoint.port}\n`);
  await allowPlannedIp(ctx, planned, info.securityGroups);
  printWorkgroup(ctx, info);
  return 0;
}

async function workgroupDeleteCommand(ctx: CliContext, config: DwhConfig, flags: ClusterFlags): Promise<number> {
  const { settings, client } = await workgroupSetup(config);
  const { deleteWorkgroup } = await import('../../cluster/workgroup.js');
  const { defaultSnapshotName } = await import('../../cluster/delete.js');
  const withNamespace = flags.keepNamespace !== true;
  const snapshot = flags.skipFinalSnapshot ? false : (flags.finalSnapshot ?? defaultSnapshotName(settings.namespace));
  const what = !withNamespace
    ? `namespace ${settings.namespace} (the databases) is kept`
    : snapshot === false
      ? `namespace ${settings.namespace} too, with no final snapshot: its data is lost for good`
      : `namespace ${settings.namespace} too, after a final snapshot ${snapshot}`;
  ctx.io.err(`deleting Serverless workgroup ${settings.workgroup} in ${settings.region}; ${what}\n`);
  await ctx.confirmOrExit(`Type the workgroup name (${settings.workgroup}) to delete it:`, flags.yes, `cluster delete removes workgroup ${settings.workgroup}`, settings.workgroup);
  const { workgroupStatus } = await import('../../cluster/workgroup.js');
  if (flags.withRole) await checkRemovable(config, settings.region);
  const groups = flags.withRole ? ((await workgroupStatus(client, settings))?.securityGroups ?? []) : [];
  await withWait(ctx, settings, flags, (wait) => deleteWorkgroup(settings, { client, withNamespace, finalSnapshot: snapshot, ...wait }));
  if (flags.withRole) await removeSetup(ctx, config, settings.region, groups);
  ctx.io.out(`workgroup ${settings.workgroup} ${flags.wait === false && !withNamespace ? 'is being deleted' : 'is deleted'}; ${withNamespace ? `namespace ${settings.namespace} deleted${snapshot === false ? ', no final snapshot' : `, final snapshot: ${snapshot}`}` : `namespace ${settings.namespace} kept`}\n`);
  return 0;
}

function printWorkgroup(ctx: CliContext, info: WorkgroupStatus): void {
  if (ctx.globals.json) {
    ctx.io.out(`${JSON.stringify(info, null, 2)}\n`);
    return;
  }
  const lines = [
    `workgroup ${info.name} (Serverless)`,
    `state     ${info.state}`,
    `endpoint  ${info.endpoint ? `${info.endpoint.host}:${info.endpoint.port}` : '(none yet)'}`,
    `namespace ${info.namespace ?? '?'}`,
    `capacity  ${info.baseCapacity ?? '?'} RPUs (base)`,
    `cost      ${info.cost.text}`,
  ];
  ctx.io.out(`${lines.join('\n')}\n`);
}
