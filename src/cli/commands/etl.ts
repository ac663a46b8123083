import type { Command } from 'commander';
import type { DwhConfig } from '../../config/dwh-cfg.js';
import type { Step } from '../../etl/steps.js';
import { maskSqlSecrets } from '../../config/secret-text.js';
import { ConfigError } from '../../errors.js';
import { dialectOf, describeTarget } from '../../warehouse/open.js';
import type { CliContext, Handler } from '../context.js';

interface EtlFlags {
  yes?: boolean;
  dryRun?: boolean;
  songData?: string;
  logData?: string;
  logJsonpath?: string;
  maxErrors?: string;
  wait?: string | boolean;
  allowEmpty?: boolean;
  incremental?: boolean;
  fullRefresh?: boolean;
}

const WAIT_HELP = 'if another run holds the warehouse, wait for it (up to SECONDS; no value: as long as it takes) instead of exiting 1';

export function register(program: Command, action: Handler): void {
  program
    .command('create-tables')
    .description('drop and create the staging and star-schema tables')
    .option('--yes', 'do not ask before dropping tables')
    .option('--dry-run', 'print the SQL without running it')
    .option('--wait [seconds]', WAIT_HELP)
    .action(action(async (ctx, flags: EtlFlags) => {
      const config = ctx.config();
      const wait = waitSeconds(flags.wait);
      const { createTablesSteps } = await import('../../etl/steps.js');
      const steps = createTablesSteps();
      if (flags.dryRun) return printPlan(ctx, config, steps);
      await ctx.confirmOrExit(
        `Drop and create every table in ${describeTarget(config)}? Their rows are lost.`,
        flags.yes,
        'create-tables drops every table',
      );
      return runSteps(ctx, config, steps, { command: 'create-tables', wait });
    }));

  program
    .command('etl')
    .description('load the JSON input into staging, build the star schema and check it')
    .option('--yes', 'do not ask before replacing table contents')
    .option('--dry-run', 'print the SQL of every step without running it')
    .option('--song-data <path>', 'song files: a folder, a file or s3://bucket/prefix ([S3] SONG_DATA)')
    .option('--log-data <path>', 'event logs: a folder, a file or s3://bucket/prefix ([S3] LOG_DATA)')
    .option('--log-jsonpath <path>', "jsonpaths file for the logs, or 'auto' / 'auto ignorecase' ([S3] LOG_JSONPATH)")
    .option('--max-errors <n>', 'bad records to reject (and report) before the load fails ([ETL] MAX_ERRORS)')
    .option('--wait [seconds]', WAIT_HELP)
    .option('--allow-empty', 'let input with no records replace the tables with empty ones (refused otherwise)')
    .option('--incremental', 'load only the input files no run has loaded yet, merged into the star tables ([ETL] MODE = incremental)')
    .option('--full-refresh', 'read every input file and rebuild the star tables, whatever [ETL] MODE says')
    .action(action(async (ctx, flags: EtlFlags) => {
      if (flags.incremental && flags.fullRefresh) throw new ConfigError('--incremental and --full-refresh contradict each other: give one');
      const config = ctx.config({
        songData: flags.songData,
        logData: flags.logData,
        logJsonPath: flags.logJsonpath,
        maxErrors: flags.maxErrors,
        etlMode: flags.incremental ? 'incremental' : flags.fullRefresh ? 'full' : undefined,
      });
      const wait = waitSeconds(flags.wait);
      const { etlSteps } = await import('../../etl/steps.js');
      const steps = etlSteps();
      if (flags.dryRun) return printPlan(ctx, config, steps);
      // An incremental run only adds to the tables (a changed input stops it before anything is touched).
      if (config.etlMode !== 'incremental') {
        await ctx.confirmOrExit(
          `Replace the contents of the warehouse tables in ${describeTarget(config)}?`,
          flags.yes,
          'etl replaces the contents of the warehouse tables',
        );
      }
      return runSteps(ctx, config, steps, { command: 'etl', wait, allowEmpty: flags.allowEmpty === true });
    }));
}

/** `--wait` alone waits as long as it takes; `--wait 30` up to 30 s; no flag, not at all. */
function waitSeconds(flag: string | boolean | undefined): number {
  if (flag === undefined || flag === false) return 0;
  if (flag === true) return Infinity;
  if (!/^\d+$/.test(flag) || Number(flag) > 86_400) throw new ConfigError(`--wait ${flag}: give a whole number of seconds (0 to 86400), or --wait alone to wait as long as it takes`);
  return Number(flag);
}

async function printPlan(ctx: CliContext, config: DwhConfig, steps: Step[]): Promise<number> {
  const { afterPublishStatements } = await import('../../etl/steps.js');
  const dialect = dialectOf(config.engine);
  const parts = [`-- ${config.engine}: ${describeTarget(config)}`];
  for (const step of steps) {
    const sql = step.plan({ config, dialect });
    if (sql.length === 0) continue;
    // Credentials are masked where a statement holds them (a literal after PASSWORD, CREDENTIALS...); the statements
    // of a run name an IAM role, never a key, and the target line never holds the password.
    parts.push('', `-- step ${step.id}: ${step.title}`, ...sql.map((s) => (s.startsWith('--') ? s : `${maskSqlSecrets(s)};`)));
  }
  const publish = steps.filter((s) => s.phase === 'publish').map((s) => s.id);
  if (publish.length > 0) parts.push('', `-- steps ${publish.join(', ')} run in one transaction, with the ledger's record of the run: all or nothing`);
  const end = dialect.runStatements.end;
  if (end.length > 0) parts.push('', '-- the run ends', ...end.map((s) => `${s};`));
  const after = afterPublishStatements(dialect, steps);
  if (after.length > 0) parts.push('', '-- statistics of the published star tables, each outside the run\'s transaction (a failure only warns)', ...after.map((s) => `${s};`));
  ctx.io.out(`${parts.join('\n')}\n`);
  return 0;
}

/**
 * Runs the steps as one run. SIGINT (Ctrl+C) and SIGTERM cancel the running statement and roll back; the exit code
 * is then 130 or 143. A second signal ends the process at once.
 */
async function runSteps(ctx: CliContext, config: DwhConfig, steps: Step[], run: { command: string; wait: number; allowEmpty?: boolean }): Promise<number> {
  const { runPipeline } = await import('../../etl/run-pipeline.js');
  const { pipelinePrinter } = await import('../pipeline-printer.js');
  const printer = pipelinePrinter(ctx.io, ctx.globals.json === true);
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(signal === 'SIGTERM' ? 143 : 130);
    ctx.io.err(`\n${signal}: cancelling the running step...\n`);
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const result = await runPipeline({ config, steps, emit: printer.emit, signal: controller.signal, run });
    return result.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
