import type { Command } from 'commander';
import { engineOf } from '../../engines/registry.js';
import { ALL_TABLES } from '../../sql/tables.js';
import { countLines } from '../io.js';
import type { Handler } from '../context.js';

/**
 * `sparkify status`: the engine, where it connects, the server version, the schema the tables live in, each
 * table's row count (or "missing"), the last run and whether the star tables are its output. When the server
 * cannot be reached the connection's own error (host not found, server not running, login failed...) is the one
 * line on stderr, exit 1; every engine gives up within its connect timeout.
 */
export function register(program: Command, action: Handler): void {
  program
    .command('status')
    .description('show the engine, where it connects, the server version, every table’s row count and the last run')
    .action(
      action(async (ctx) => {
        const config = ctx.config();
        const { tableCounts } = await import('../../etl/steps.js');
        const { lastRunView, runLine, tablesLine } = await import('../../etl/run-status.js');
        const warehouse = await ctx.open(config, 'status');
        try {
          const version = await warehouse.version();
          const schema = String((await warehouse.query<{ s: unknown }>('SELECT current_schema() AS s')).rows[0]?.s ?? '');
          const counts = await tableCounts(warehouse, ALL_TABLES);
          const view = await lastRunView(warehouse, counts);
          const own = (await engineOf(config.engine).statusLines?.(warehouse, config)) ?? [];
          if (ctx.globals.json) {
            const out = { engine: config.engine, target: warehouse.target, version, schema, tables: counts, lastRun: view.lastRun ?? null, published: view.tables ?? null, notes: own };
            ctx.io.out(`${JSON.stringify(out, null, 2)}\n`);
            return 0;
          }
          const lines = [
            `engine   ${config.engine}`,
            `target   ${warehouse.target}`,
            `version  ${version}`,
            `schema   ${schema}`,
            `last run ${view.lastRun ? runLine(view.lastRun) : 'none yet'}`,
            `star     ${tablesLine(view)}`,
            ...(view.writer ? [`writer   ${view.writer} is running now`] : []),
            ...own,
            '',
            ...countLines(counts),
          ];
          // Printed as is: a warehouse's target never holds a secret, and masking would garble a user or
          // database name that happens to equal the password.
          ctx.io.out(`${lines.join('\n')}\n`);
          return 0;
        } finally {
          await warehouse.close();
        }
      }),
    );
}
