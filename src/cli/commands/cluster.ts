import type { Command } from 'commander';
import type { ClusterInfo } from '../../cluster/describe.js';
import type { ClusterSettings } from '../../cluster/settings.js';
import type { ClusterProgress, WaitOptions } from '../../cluster/wait.js';
import type { DwhConfig } from '../../config/dwh-cfg.js';
import { ConfigError } from '../../errors.js';
import type { CliContext, Handler } from '../context.js';

interface ClusterFlags {
  yes?: boolean;
  wait?: boolean;
  finalSnapshot?: string;
  skipFinalSnapshot?: boolean;
}

/** `sparkify cluster status|create|pause|resume|delete`: the Redshift cluster of dwh.cfg [DWH]. */
export function register(program: Command, action: Handler): void {
  const cluster = program.command('cluster').description('manage the Redshift cluster of dwh.cfg [DWH]: status, create, pause, resume, delete');
  /** A command that waits for the cluster's new state unless told --no-wait. */
  const waiting = (name: string, description: string): Command =>
    cluster.command(name).description(description).option('--no-wait', 'return once AWS accepted the request');
  cluster
    .command('status')
    .description('state, endpoint, nodes and hourly cost estimate of the cluster')
    .action(action(async (ctx) => {
      const { config, settings, client } = await setup(ctx);
      const { requireCluster } = await import('../../cluster/describe.js');
      printInfo(ctx, config, await requireCluster(client, settings.identifier, settings.region, 'describe'));
      return 0;
    }));
  waiting('create', 'create the cluster, wait until it is available and write its endpoint into dwh.cfg [CLUSTER]')
    .action(action(async (ctx, flags: ClusterFlags) => {
      const { config, settings, client } = await setup(ctx, 'create');
      const { createCluster } = await import('../../cluster/create.js');
      const { estimateCost } = await import('../../cluster/prices.js');
      ctx.io.err(`creating ${settings.identifier}: ${settings.nodes} × ${settings.nodeType} in ${settings.region}, ${estimateCost(settings.nodeType!, settings.nodes!).text}\n`);
      if (!config.cluster.dbPassword) ctx.io.err('no [CLUSTER] DB_PASSWORD: Redshift keeps the master password in Secrets Manager; sparkify logs in with temporary credentials\n');
      const info = await withWait(ctx, settings, flags, (wait) =>
        createCluster(settings, { client, masterPassword: config.cluster.dbPassword, writeEndpointTo: wait.noWait ? undefined : config.path, ...wait }),
      );
      if (info.endpoint && flags.wait !== false) ctx.io.err(`${config.path}: [CLUSTER] HOST = ${info.endpoint.host}, DB_PORT = ${info.endpoint.port}\n`);
      printInfo(ctx, config, info);
      return 0;
    }));
  for (const verb of ['pause', 'resume'] as const) {
    waiting(verb, verb === 'pause' ? 'pause the cluster (compute stops being billed) and wait until it is paused' : 'resume the paused cluster and wait until it is available')
      .action(action(async (ctx, flags: ClusterFlags) => {
        const { config, settings, client } = await setup(ctx);
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
    .action(action(async (ctx, flags: ClusterFlags) => {
      if (flags.finalSnapshot !== undefined && flags.skipFinalSnapshot) throw new ConfigError('--final-snapshot and --skip-final-snapshot exclude each other');
      const { settings, client } = await setup(ctx);
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
      await withWait(ctx, settings, flags, (wait) => deleteCluster(settings, { client, finalSnapshot: snapshot, ...wait }));
      const done = flags.wait === false ? 'is being deleted' : 'is deleted';
      ctx.io.out(`cluster ${settings.identifier} ${done}; ${snapshot === false ? 'no final snapshot' : `final snapshot: ${snapshot}`}\n`);
      return 0;
    }));
}

async function setup(ctx: CliContext, purpose: 'manage' | 'create' = 'manage') {
  const config = ctx.config();
  const [{ clusterSettings }, { redshiftClient }] = await Promise.all([import('../../cluster/settings.js'), import('../../cluster/client.js')]);
  const settings = clusterSettings(config, purpose);
  return { config, settings, client: redshiftClient(settings) };
}

/**
 * Runs a waiting operation (or, with --no-wait, only its request) with a progress line per state change (live
 * in a terminal) and Ctrl+C to stop waiting.
 */
async function withWait<T>(
  ctx: CliContext,
  settings: ClusterSettings,
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
