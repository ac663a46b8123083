import type { Command } from 'commander';
import { describeError } from '../../errors.js';
import { paint } from '../io.js';
import type { Handler } from '../context.js';

/**
 * `sparkify doctor`: the checks an ETL runs before it touches anything (the input check step), as a checklist:
 * each input exists and holds JSON, the jsonpaths file fits staging_events; on Redshift also what COPY's text
 * would hold, the COPY role attached to the cluster, the input buckets' regions against the cluster's, and local
 * input's widest text values against the staging tables' VARCHAR widths. The
 * first failed check ends the list with ✗ and exit 2, as it would stop the ETL.
 */
export function register(program: Command, action: Handler): void {
  program
    .command('doctor')
    .description('run the checks an ETL runs before it touches anything, as a checklist (nothing is opened or changed)')
    .option('--song-data <path>', 'as etl takes it')
    .option('--log-data <path>', 'as etl takes it')
    .option('--log-jsonpath <path>', 'as etl takes it')
    .option('--max-errors <n>', 'as etl takes it')
    .action(
      action(async (ctx, flags: { songData?: string; logData?: string; logJsonpath?: string; maxErrors?: string }) => {
        const config = ctx.config({ songData: flags.songData, logData: flags.logData, logJsonPath: flags.logJsonpath, maxErrors: flags.maxErrors });
        const { inputChecks } = await import('../../etl/preflight.js');
        ctx.io.out(`checks for the ${config.engine} engine\n`);
        try {
          for (const line of await inputChecks(config)) {
            // A check that could not be made (no AWS credentials here, no [DWH] CLUSTER_IDENTIFIER) is not a pass.
            ctx.io.out(`${line.caveat ? paint(ctx.io, 'yellow', '?') : paint(ctx.io, 'green', '✓')} ${line.text}\n`);
          }
        } catch (error) {
          const { title, message, exitCode } = describeError(error);
          ctx.io.out(`${paint(ctx.io, 'red', '✗')} ${title}: ${message}\n`);
          return exitCode;
        }
        ctx.io.out('every check passed: nothing was opened or changed\n');
        return 0;
      }),
    );
}
