import type { Command } from 'commander';
import type { DwhConfig } from '../../config/dwh-cfg.js';
import type { Step } from '../../etl/steps.js';
import { dialectOf, describeTarget } from '../../warehouse/open.js';
import type { CliContext, Handler } from '../context.js';

interface EtlFlags {
  yes?: boolean;
  dryRun?: boolean;
  songData?: string;
  logData?: string;
  logJsonpath?: string;
  maxErrors?: string;
}

export function register(program: Command, action: Handler): void {
  program
    .command('create-tables')
    .description('drop and create the staging and star-schema tables')
    .option('--yes', 'do not ask before dropping tables')
    .option('--dry-run', 'print the SQL without running it')
    .action(action(async (ctx, flags: EtlFlags) => {
      const config = ctx.config();
      const { createTablesSteps } = await import('../../etl/steps.js');
      const steps = createTablesSteps();
      if (flags.dryRun) return printPlan(ctx, config, steps);
      await ctx.confirmOrExit(
        `Drop and create every table in ${describeTarget(config)}? Their rows are lost.`,
        flags.yes,
        'create-tables drops every table',
      );
      return runSteps(ctx, config, steps);
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
    .action(action(async (ctx, flags: EtlFlags) => {
      const config = ctx.config({
        songData: flags.songData,
        logData: flags.logData,
        logJsonPath: flags.logJsonpath,
        maxErrors: flags.maxErrors,
      });
      const { etlSteps } = await import('../../etl/steps.js');
      const steps = etlSteps();
      if (flags.dryRun) return printPlan(ctx, config, steps);
      await ctx.confirmOrExit(
        `Replace the contents of the warehouse tables in ${describeTarget(config)}?`,
        flags.yes,
        'etl replaces the contents of the warehouse tables',
      );
      return runSteps(ctx, config, steps);
    }));
}

function printPlan(ctx: CliContext, config: DwhConfig, steps: Step[]): number {
  const dialect = dialectOf(config.engine);
  const parts = [`-- ${config.engine}: ${describeTarget(config)}`];
  for (const step of steps) {
    const sql = step.plan({ config, dialect });
    if (sql.length === 0) continue;
    parts.push('', `-- step ${step.id}: ${step.title}`, ...sql.map((s) => (s.startsWith('--') ? s : `${s};`)));
  }
  ctx.printMasked(config, `${parts.join('\n')}\n`);
  return 0;
}

async function runSteps(ctx: CliContext, config: DwhConfig, steps: Step[]): Promise<number> {
  const { runPipeline } = await import('../../etl/run-pipeline.js');
  const { pipelinePrinter } = await import('../pipeline-printer.js');
  const printer = pipelinePrinter(ctx.io, ctx.globals.json === true);
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await runPipeline({ config, steps, emit: printer.emit, signal: controller.signal });
    return result.ok ? 0 : 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
