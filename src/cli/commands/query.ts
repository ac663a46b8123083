/**
 * The saved insights, headless: `insights` lists them, `query ID` runs one (table, CSV, JSON or Markdown,
 * streamed to stdout or a file), `report` runs them all into one Markdown document.
 */
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { InsightParam } from '../../queries/insight-types.js';
import type { CliContext, Handler } from '../context.js';
import { paint } from '../io.js';
import { ConfigError } from '../../errors.js';
import { shownPath } from '../../config/shown-path.js';
import { OUT_FORMATS, outFormat } from '../output-format.js';


interface QueryFlags {
  param: string[];
  format?: string;
  out?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function register(program: Command, action: Handler): void {
  program
    .command('insights')
    .description('list the saved insight queries (ids for sparkify query)')
    .action(action(async (ctx) => listInsights(ctx)));

  program
    .command('query')
    .description('run a saved insight: sparkify insights lists them')
    .argument('<id>', 'the insight id, e.g. top-songs')
    .option('--param <name=value>', 'a parameter value; repeat for several', collect, [])
    .option('--format <format>', `${OUT_FORMATS.join(', ')} (default: from the --out file's extension, else table)`)
    .option('--out <file>', 'write to this file instead of stdout (rows are streamed)')
    .action(action(async (ctx, flags: QueryFlags, [id]) => runQuery(ctx, flags, id!)));

  program
    .command('report')
    .description('run every insight and write one Markdown report')
    .option('--out <file>', 'the report file (default: stdout)')
    .option('--param <name=value>', 'a value for every insight that has this parameter; repeatable', collect, [])
    .action(action(async (ctx, flags: Omit<QueryFlags, 'format'>) => runReport(ctx, flags)));
}

async function listInsights(ctx: CliContext): Promise<number> {
  const { allInsights, isUserQuery } = await import('../../queries/user-queries.js');
  const insights = allInsights(ctx.config().queriesDir);
  if (ctx.globals.json) {
    ctx.io.out(`${JSON.stringify(insights.map((i) => ({ ...i, source: isUserQuery(i) ? i.file : 'built-in' })), null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...insights.map((i) => i.id.length)) + 2;
  const lines = insights.flatMap((i) => [
    `${paint(ctx.io, 'bold', i.id.padEnd(width))}${i.title}${isUserQuery(i) ? paint(ctx.io, 'dim', `  (yours: ${shownPath(i.file)})`) : ''}`,
    `${' '.repeat(width)}${i.question}`,
    ...(i.params.length > 0 ? [`${' '.repeat(width)}${paint(ctx.io, 'dim', `--param ${i.params.map(paramHint).join(' ')}`)}`] : []),
  ]);
  ctx.io.out(`${lines.join('\n')}\n`);
  return 0;
}

/** The insight with this id among the built-in ones and the user's; a ConfigError listing the ids. */
async function insightById(ctx: CliContext, id: string) {
  const { allInsights } = await import('../../queries/user-queries.js');
  const insights = allInsights(ctx.config().queriesDir);
  const insight = insights.find((i) => i.id === id);
  if (!insight) throw new ConfigError(`no insight "${id}"; use one of ${insights.map((i) => i.id).join(', ')}`);
  return insight;
}

function paramHint(param: InsightParam): string {
  return `${param.name}=${param.choices ? param.choices.join('|') : param.default === '' ? `<${param.type}>` : param.default}`;
}

async function runQuery(ctx: CliContext, flags: QueryFlags, id: string): Promise<number> {
  const { parseParamFlags, parseParams, limitNote, limitSentence, bindValues, runInsight } = await import('../../queries/insights.js');
  // Usage errors first: a typo fails in milliseconds, before any connection.
  const insight = await insightById(ctx, id);
  const values = parseParams(insight, parseParamFlags(flags.param));
  const format = outFormat(flags, ctx.globals.json === true);
  const { checkWritable, exportFile, exportRows } = await import('../../queries/export.js');
  const { writeOutputText } = await import('../../queries/output-file.js');
  if (flags.out) checkWritable(flags.out);
  const config = ctx.config();
  const warehouse = await ctx.open(config, 'query');
  try {
    let rows: number;
    if (format === 'table') {
      const { textTable } = await import('../../queries/format.js');
      const result = await runInsight(warehouse, insight, values);
      const text = `${textTable(result.rows, result.fields, flags.out ? 1000 : ctx.io.columns, { color: ctx.io.color && !flags.out })}\n`;
      if (flags.out) await writeOutputText(flags.out, text);
      else ctx.io.out(text);
      rows = result.rows.length;
    } else {
      const options = { format, footer: (n: number) => limitSentence(insight, values, n) };
      const params = bindValues(insight, values);
      rows = flags.out
        ? (await exportFile(warehouse, insight.sql, params, flags.out, options)).rows
        : (await exportRows(warehouse, insight.sql, params, stdoutOf(ctx), options)).rows;
    }
    ctx.io.err(flags.out ? `wrote ${rows} row(s) to ${flags.out}\n` : `${rows} row(s)\n`);
    const note = limitNote(insight, values, rows);
    if (note) ctx.io.err(`${note}\n`);
    return 0;
  } finally {
    await warehouse.close();
  }
}

async function runReport(ctx: CliContext, flags: Omit<QueryFlags, 'format'>): Promise<number> {
  const { buildReport, parseParamFlags, reportValues } = await import('../../queries/insights.js');
  const { allInsights } = await import('../../queries/user-queries.js');
  const { checkWritable } = await import('../../queries/export.js');
  const { writeOutputText } = await import('../../queries/output-file.js');
  const params = parseParamFlags(flags.param);
  const insights = allInsights(ctx.config().queriesDir);
  reportValues(insights, params);
  if (flags.out) checkWritable(flags.out);
  const config = ctx.config();
  const warehouse = await ctx.open(config, 'report');
  try {
    const report = await buildReport(warehouse, {
      insights,
      params,
      onInsight: (e) =>
        ctx.io.err(e.ok ? `✓ ${e.id.padEnd(24)} ${String(e.rows).padStart(4)} row(s)  ${e.seconds.toFixed(2)} s\n` : `✗ ${e.id.padEnd(24)} ${e.message}\n`),
    });
    if (flags.out) {
      await writeOutputText(flags.out, report.markdown);
      ctx.io.err(`wrote ${flags.out}\n`);
    } else ctx.io.out(report.markdown);
    if (report.failed.length > 0) ctx.io.err(`${report.failed.length} insight(s) failed: ${report.failed.join(', ')}\n`);
    return report.failed.length > 0 ? 1 : 0;
  } finally {
    await warehouse.close();
  }
}



/**
 * stdout as a stream for the export pipeline; ending it does not close the process's stdout. When stdout is
 * a slow pipe, the next rows wait for it to drain, so they are not piled up in memory.
 */
function stdoutOf(ctx: CliContext): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      ctx.io.out(chunk.toString());
      if (process.stdout.writableNeedDrain) process.stdout.once('drain', () => done());
      else done();
    },
  });
}
