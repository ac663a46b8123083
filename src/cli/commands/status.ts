import type { Command } from 'commander';
import { ALL_TABLES } from '../../sql/tables.js';
import { formatInt } from '../io.js';
import type { Handler } from '../context.js';

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
          const counts = await tableCounts(warehouse, ALL_TABLES);
          if (ctx.globals.json) {
            ctx.io.out(`${JSON.stringify({ engine: config.engine, target: warehouse.target, version, tables: counts }, null, 2)}\n`);
            return 0;
          }
          const lines = [`engine   ${config.engine}`, `target   ${warehouse.target}`, `version  ${version}`, ''];
          for (const [table, n] of Object.entries(counts)) {
            lines.push(`${table.padEnd(16)} ${n === null ? 'missing'.padStart(10) : formatInt(n).padStart(10)}`);
          }
          ctx.printMasked(config, `${lines.join('\n')}\n`);
          return 0;
        } finally {
          await warehouse.close();
        }
      }),
    );
}
