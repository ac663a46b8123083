import type { Command } from 'commander';
import { engineOf } from '../../engines/registry.js';
import { ConfigError } from '../../errors.js';
import { FORMATS, type Format } from '../../queries/format.js';
import { isS3Url } from '../../sources/open.js';
import type { CliContext, Handler } from '../context.js';
import { outFormat, type OutFormat } from '../output-format.js';


interface SqlFlags {
  format?: string;
  out?: string;
}

export function register(program: Command, action: Handler): void {
  program
    .command('sql')
    .description('run one SQL statement and print its result')
    .argument('<statement>', 'the statement, quoted')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}; with --out also markdown (default: from the file's extension, else csv)`)
    .option('--out <file>', 'stream a SELECT\'s whole result into this file; on Redshift also s3://bucket/prefix (UNLOAD, csv or json)')
    .action(
      action(async (ctx, flags: SqlFlags, [statement]) => {
        if (flags.out) return exportStatement(ctx, statement!, flags.out, outFormat(flags, ctx.globals.json === true));
        const format = (flags.format ?? 'table') as Format;
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


/**
 * A whole result into a file, streamed through a cursor (any size, on every engine); into S3 by the warehouse
 * itself where its engine can (Redshift's UNLOAD), so the rows never pass through this machine.
 */
async function exportStatement(ctx: CliContext, statement: string, out: string, format: OutFormat): Promise<number> {
  if (isS3Url(out)) {
    if (format !== 'csv' && format !== 'json') throw new ConfigError(`--out ${out}: S3 exports are csv or json, not ${format}`);
    const config = ctx.config();
    const engine = engineOf(config.engine);
    if (!engine.exportToS3) {
      throw new ConfigError(`--out ${out}: the ${config.engine} engine does not write to S3 (Redshift's UNLOAD does); write a local file instead`);
    }
    const warehouse = await ctx.open(config, 'sql');
    try {
      const { rows } = await engine.exportToS3(warehouse, config, { sql: statement, params: [], url: out, format });
      ctx.io.err(`unloaded ${rows} row(s) to ${out}000.${format}\n`);
      return 0;
    } finally {
      await warehouse.close();
    }
  }
  const { checkWritable, exportFile } = await import('../../queries/export.js');
  checkWritable(out);
  const config = ctx.config();
  const warehouse = await ctx.open(config, 'sql');
  try {
    let rows: number;
    if (format === 'table') {
      const [{ textTable }, { writeOutputText }] = await Promise.all([import('../../queries/format.js'), import('../../queries/output-file.js')]);
      const result = await warehouse.query(statement);
      await writeOutputText(out, `${textTable(result.rows, result.fields, 1000, { color: false })}\n`);
      rows = result.rows.length;
    } else rows = (await exportFile(warehouse, statement, [], out, { format })).rows;
    ctx.io.err(`wrote ${rows} row(s) to ${out}\n`);
    return 0;
  } finally {
    await warehouse.close();
  }
}
