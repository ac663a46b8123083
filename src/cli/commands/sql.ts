import type { Command } from 'commander';
import { ConfigError } from '../../errors.js';
import { FORMATS, type Format } from '../../queries/format.js';
import type { Handler } from '../context.js';

export function register(program: Command, action: Handler): void {
  program
    .command('sql')
    .description('run one SQL statement and print its result')
    .argument('<statement>', 'the statement, quoted')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'table')
    .action(
      action(async (ctx, flags: { format: string }, [statement]) => {
        const format = flags.format as Format;
        if (!FORMATS.includes(format)) throw new ConfigError(`--format ${flags.format}: use one of ${FORMATS.join(', ')}`);
        const config = ctx.config();
        const { csvLines, jsonRows, textTable } = await import('../../queries/format.js');
        const warehouse = await ctx.open(config, 'sql');
        try {
          const result = await warehouse.query(statement!);
          if (result.fields.length === 0) {
            ctx.io.err(`ok, ${result.rowCount} row(s) affected\n`);
            return 0;
          }
          if (format === 'json') ctx.io.out(`${JSON.stringify(jsonRows(result.rows, result.fields), null, 2)}\n`);
          else if (format === 'csv') ctx.io.out(csvLines(result.rows, result.fields));
          else {
            ctx.io.out(`${textTable(result.rows, result.fields, ctx.io.columns, { color: ctx.io.color })}\n`);
            ctx.io.err(`${result.rows.length} row(s)\n`);
          }
          return 0;
        } finally {
          await warehouse.close();
        }
      }),
    );
}
