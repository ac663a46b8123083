import type { Command } from 'commander';
import { ALL_TABLES } from '../../sql/tables.js';
import { countLines } from '../io.js';
import type { Handler } from '../context.js';

/**
 * `sparkify status`: the engine, where it connects, the server version, the schema the tables live in and
 * each table's row count (or "missing"). When the server cannot be reached the connection's own error
 * (host not found, server not running, login failed...) is the one line on stderr, exit 1; every engine
 * gives up within its connect timeout.
 */
export function register(program: Command, action: Handler): void {
  program
    .command('status')
    .description('show the engine, where it connects, the server version and every table’s row count')
    .action(
      action(async (ctx) => {
        const config = ctx.config();
        const { openWarehouse } = await import('../../warehouse/open.js');
        const { tableCounts } = await import('../../etl/steps.js');
        const { warehouse } = await openWarehouse(config);
        try {
          const version = await warehouse.version();
          const schema = String((await warehouse.query<{ s: unknown }>('SELECT current_schema() AS s')).rows[0]?.s ?? '');
          const counts = await tableCounts(warehouse, ALL_TABLES);
          if (ctx.globals.json) {
            ctx.io.out(`${JSON.stringify({ engine: config.engine, target: warehouse.target, version, schema, tables: counts }, null, 2)}\n`);
            return 0;
          }
          const lines = [`engine   ${config.engine}`, `target   ${warehouse.target}`, `version  ${version}`, `schema   ${schema}`, '', ...countLines(counts)];
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
