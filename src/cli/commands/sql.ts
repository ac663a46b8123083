import type { Command } from 'commander';
import { engineOf } from '../../engines/registry.js';
import { ConfigError } from '../../errors.js';
import { isS3Url } from '../../sources/open.js';
import { sqlKind } from '../../queries/sql-kind.js';
import type { QueryResult } from '../../warehouse/warehouse.js';
import type { CliContext, Handler } from '../context.js';
import { OUT_FORMATS, outFormat, type OutFormat } from '../output-format.js';


interface SqlFlags {
  format?: string;
  out?: string;
}

export function register(program: Command, action: Handler): void {
  program
    .command('sql')
    .description('run one SQL statement and print its result')
    .argument('<statement>', 'the statement, quoted')
    .option('--format <format>', `output format: ${OUT_FORMATS.join(', ')} (default: table; with --out, from the file's extension, else csv)`)
    .option('--out <file>', 'stream a SELECT\'s whole result into this file; on Redshift also s3://bucket/prefix (UNLOAD, csv or json)')
    .action(
      action(async (ctx, flags: SqlFlags, [statement]) => {
        if (flags.out) return exportStatement(ctx, statement!, flags.out, outFormat(flags, ctx.globals.json === true));
        const format = outFormat({ format: flags.format ?? 'table' }, false);
        const config = ctx.config();
        const warehouse = await ctx.open(config, 'sql');
        try {
          if (sqlKind(statement!).streamable) {
            const { ioSink, streamResult } = await import('../sql-output.js');
            const rows = await streamResult(warehouse, statement!, format, ioSink(ctx.io), { width: ctx.io.columns, color: ctx.io.color });
            if (format === 'table') ctx.io.err(`${rows} row(s)\n`);
            return 0;
          }
          // Not a SELECT (a cursor reads only those): the whole answer of an UPDATE, SHOW or EXPLAIN is small.
          const result = await warehouse.query(statement!);
          if (result.fields.length === 0) {
            ctx.io.err(`ok, ${result.rowCount} row(s) affected\n`);
            return 0;
          }
          ctx.io.out(await wholeText(result, format, ctx.io.columns, ctx.io.color));
          if (format === 'table') ctx.io.err(`${result.rows.length} row(s)\n`);
          return 0;
        } finally {
          await warehouse.close();
        }
      }),
    );
}

/** A result held whole, as text in `format`. */
async function wholeText(result: QueryResult, format: OutFormat, width: number, color: boolean): Promise<string> {
  const { csvLines, jsonRows, textTable } = await import('../../queries/format.js');
  if (format === 'json') return `${JSON.stringify(jsonRows(result.rows, result.fields), null, 2)}\n`;
  if (format === 'csv') return csvLines(result.rows, result.fields);
  if (format === 'markdown') return (await import('../../queries/markdown.js')).markdownTable(result.rows, result.fields);
  return `${textTable(result.rows, result.fields, width, { color })}\n`;
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
    let rows = 0;
    if (format === 'table') {
      const [{ streamResult }, { writeOutput }] = await Promise.all([import('../sql-output.js'), import('../../queries/output-file.js')]);
      await writeOutput(out, async (file) => {
        rows = await streamResult(warehouse, statement, 'table', file, { width: 1000, color: false });
      });
    } else rows = (await exportFile(warehouse, statement, [], out, { format })).rows;
    ctx.io.err(`wrote ${rows} row(s) to ${out}\n`);
    return 0;
  } finally {
    await warehouse.close();
  }
}
