/**
 * Markdown notebooks, headless: `notebook run FILE` runs the ```sql cells in order and writes each result under
 * its cell (in place, or into --out), `notebook new FILE` writes a starter with the built-in insights as cells.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError, systemReason } from '../../errors.js';
import type { CliContext, Handler } from '../context.js';

interface RunFlags {
  out?: string;
  param: string[];
  maxRows: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function register(program: Command, action: Handler): void {
  const notebook = program.command('notebook').description('Markdown notebooks whose ```sql blocks run against the warehouse');
  notebook
    .command('run')
    .description('run every ```sql cell in order and write each result under it (the prose is left as it is)')
    .argument('<file>', 'the Markdown notebook')
    .option('--out <file>', 'write the notebook with its results here instead of in place')
    .option('--param <name=value>', 'a value for a parameter the notebook declares; repeatable', collect, [])
    .option('--max-rows <n>', 'rows shown per cell at most', '50')
    .action(action(async (ctx, flags: RunFlags, [file]) => runNotebookFile(ctx, flags, file!)));
  notebook
    .command('new')
    .description('write a starter notebook with the built-in insights as cells (never over a file)')
    .argument('<file>', 'the notebook to create')
    .action(action(async (ctx, _flags: object, [file]) => newNotebook(ctx, file!)));
}

async function runNotebookFile(ctx: CliContext, flags: RunFlags, file: string): Promise<number> {
  const { parseNotebook, runNotebook } = await import('../../queries/notebook.js');
  const { parseParamFlags } = await import('../../queries/params.js');
  const { checkWritable } = await import('../../queries/export.js');
  const { writeOutputText } = await import('../../queries/output-file.js');
  if (!/^\d+$/.test(flags.maxRows) || Number(flags.maxRows) < 1) throw new ConfigError(`--max-rows ${flags.maxRows}: expected a whole number from 1`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}: ${systemReason(error)}`);
  }
  // Everything that can be wrong with the file or the flags fails before a connection is opened.
  const notebook = parseNotebook(file, text);
  const raw = parseParamFlags(flags.param);
  const target = flags.out ?? file;
  checkWritable(target);
  const warehouse = await ctx.open(ctx.config(), 'notebook');
  try {
    const run = await runNotebook(warehouse, notebook, {
      raw,
      maxRows: Number(flags.maxRows),
      onCell: (c) =>
        ctx.io.err(c.ok ? `✓ ${file}:${c.line}  ${c.rows} row(s)  ${c.seconds.toFixed(2)} s\n` : `✗ ${file}:${c.line}  ${c.message}\n`),
    });
    await writeOutputText(target, run.text);
    ctx.io.err(`wrote ${target}: ${run.cells.length} cell(s)${run.failed > 0 ? `, ${run.failed} failed` : ''}\n`);
    return run.failed > 0 ? 1 : 0;
  } finally {
    await warehouse.close();
  }
}

async function newNotebook(ctx: CliContext, file: string): Promise<number> {
  const { starterNotebook } = await import('../../queries/notebook.js');
  try {
    // `wx`: a file of that name is never replaced.
    writeFileSync(file, starterNotebook(), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ConfigError(`${file} exists; give another name (nothing was overwritten)`);
    // A file this command created and could not finish (a full disk) is not left half written.
    rmSync(file, { force: true });
    throw new ConfigError(`cannot write ${file}: ${systemReason(error)}`);
  }
  ctx.io.err(`wrote ${file}: run it with sparkify notebook run ${file}\n`);
  return 0;
}
