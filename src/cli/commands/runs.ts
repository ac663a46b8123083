import type { Command } from 'commander';
import { ConfigError } from '../../errors.js';
import { FORMATS, type Format } from '../../queries/format.js';
import { utcText } from '../../warehouse/holder.js';
import type { Field, Row } from '../../warehouse/warehouse.js';
import type { CliContext, Handler } from '../context.js';

const TEXT = 25;
const BIGINT = 20;
const field = (name: string, dataTypeID = TEXT): Field => ({ name, dataTypeID });

/**
 * `sparkify runs`: the run ledger, newest first (how each run ended, what it read, staged and rejected, whether it
 * published). `sparkify rejects [RUN]`: the records a run rejected, at their file and line, with their text.
 */
export function register(program: Command, action: Handler): void {
  program
    .command('runs')
    .description('list the runs of etl and create-tables, newest first, from the ledger in the warehouse')
    .option('--limit <n>', 'how many runs', '20')
    .option('--files <run>', 'list the input files the run read instead: location, size, version, records')
    .action(
      action(async (ctx, flags: { limit: string; files?: string }) => {
        if (!/^\d+$/.test(flags.limit) || Number(flags.limit) < 1) throw new ConfigError(`--limit ${flags.limit}: give a whole number of runs (1 or more)`);
        if (flags.files !== undefined) {
          const runText = flags.files;
          if (!/^\d+$/.test(runText)) throw new ConfigError(`--files ${runText}: a run is a number (sparkify runs lists them)`);
          return withWarehouse(ctx, 'runs', async (warehouse) => {
            const { hasLedger } = await import('../../etl/run-ledger.js');
            const { runFiles } = await import('../../etl/input-ledger.js');
            const files = (await hasLedger(warehouse)) ? await runFiles(warehouse, Number(runText)).catch(() => []) : [];
            if (ctx.globals.json) {
              ctx.io.out(`${JSON.stringify(files, null, 2)}\n`);
              return 0;
            }
            const fields = [field('table'), field('location'), field('size', BIGINT), field('version'), field('records', BIGINT), field('rejected', BIGINT)];
            const rows: Row[] = files.map((f) => ({ table: f.table, location: f.location, size: f.size, version: f.version, records: f.records ?? null, rejected: f.rejected ?? null }));
            await print(ctx, 'table', rows, fields);
            ctx.io.err(`${files.length} file(s) read by run #${runText}\n`);
            return 0;
          });
        }
        return withWarehouse(ctx, 'runs', async (warehouse) => {
          const { listRuns } = await import('../../etl/run-ledger.js');
          const writer = await warehouse.lockHolder().catch(() => undefined);
          const runs = await listRuns(warehouse, { limit: Number(flags.limit), writerActive: writer !== undefined });
          if (ctx.globals.json) {
            ctx.io.out(`${JSON.stringify(runs, null, 2)}\n`);
            return 0;
          }
          const fields = [
            field('run', BIGINT),
            field('command'),
            field('mode'),
            field('status'),
            field('started'),
            field('seconds', BIGINT),
            field('read', BIGINT),
            field('staged', BIGINT),
            field('rejected', BIGINT),
            field('published'),
            field('message'),
          ];
          const rows: Row[] = runs.map((r) => ({
            run: r.id,
            command: r.command,
            // Runs from before incremental loads recorded no mode: they were full loads.
            mode: r.command === 'etl' ? (r.inputs.mode ?? 'full') : null,
            status: r.status,
            started: utcText(r.started),
            seconds: r.finished ? Math.round((r.finished.getTime() - r.started.getTime()) / 100) / 10 : null,
            read: r.read,
            staged: r.staged,
            rejected: r.rejected,
            published: r.published ? 'yes' : 'no',
            message: r.message ?? null,
          }));
          await print(ctx, 'table', rows, fields);
          ctx.io.err(runs.length === 0 ? 'no runs yet\n' : `${runs.length} run(s)\n`);
          return 0;
        });
      }),
    );

  program
    .command('rejects')
    .description('show the input records a run rejected (default: the newest run that rejected any)')
    .argument('[run]', 'the run id (sparkify runs lists them)')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'table')
    .action(
      action(async (ctx, flags: { format: string }, [runText]) => {
        const format = (ctx.globals.json && flags.format === 'table' ? 'json' : flags.format) as Format;
        if (!FORMATS.includes(format)) throw new ConfigError(`--format ${flags.format}: use one of ${FORMATS.join(', ')}`);
        if (runText !== undefined && !/^\d+$/.test(runText)) throw new ConfigError(`rejects ${runText}: a run is a number (sparkify runs lists them)`);
        return withWarehouse(ctx, 'rejects', async (warehouse) => {
          const { listRejects } = await import('../../etl/run-ledger.js');
          const { runId, rejects } = await listRejects(warehouse, runText === undefined ? undefined : Number(runText));
          const fields = [field('table'), field('file'), field('line', BIGINT), field('lines', BIGINT), field('reason'), field('record')];
          const rows: Row[] = rejects.map((r) => ({ table: r.table, file: r.file, line: r.line, lines: r.lines ?? 1, reason: r.reason, record: r.text ?? null }));
          await print(ctx, format, rows, fields);
          ctx.io.err(runId === undefined ? 'no run has rejected records\n' : `${rows.length} record(s) rejected by run #${runId}\n`);
          return 0;
        });
      }),
    );
}

async function withWarehouse(ctx: CliContext, command: string, work: (w: Awaited<ReturnType<CliContext['open']>>) => Promise<number>): Promise<number> {
  const warehouse = await ctx.open(ctx.config(), command);
  try {
    return await work(warehouse);
  } finally {
    await warehouse.close();
  }
}

async function print(ctx: CliContext, format: Format, rows: Row[], fields: Field[]): Promise<void> {
  const { csvLines, jsonRows, textTable } = await import('../../queries/format.js');
  if (format === 'json') ctx.io.out(`${JSON.stringify(jsonRows(rows, fields), null, 2)}\n`);
  else if (format === 'csv') ctx.io.out(csvLines(rows, fields));
  else if (rows.length > 0) ctx.io.out(`${textTable(rows, fields, ctx.io.columns, { color: ctx.io.color })}\n`);
}
