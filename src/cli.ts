/**
 * The headless entry: `bin/sparkify`. Data goes to stdout, narration to stderr; exit codes are 0 ok,
 * 1 the work failed, 2 bad usage or configuration, 130 and 143 a run cancelled by SIGINT and SIGTERM. Command modules load their heavy dependencies (engines,
 * AWS SDKs, the TUI) only when they run, so `--help` and small commands start quickly.
 */
import { Command, CommanderError, Option } from 'commander';
import { describeError } from './errors.js';
import { ENGINE_NAMES } from './engines/registry.js';
import { register as registerCluster } from './cli/commands/cluster.js';
import { register as registerConfig } from './cli/commands/config.js';
import { register as registerDoctor } from './cli/commands/doctor.js';
import { register as registerEtl } from './cli/commands/etl.js';
import { register as registerGenerate } from './cli/commands/generate.js';
import { register as registerNotebook } from './cli/commands/notebook.js';
import { register as registerQuery } from './cli/commands/query.js';
import { register as registerRuns } from './cli/commands/runs.js';
import { register as registerSql } from './cli/commands/sql.js';
import { register as registerStatus } from './cli/commands/status.js';
import { globalsOf, makeContext, type Handler } from './cli/context.js';
import { processIO, type CliIO } from './cli/io.js';

export const COMMANDS = [registerGenerate, registerEtl, registerSql, registerQuery, registerNotebook, registerStatus, registerRuns, registerConfig, registerDoctor, registerCluster];

export async function main(argv: string[], ioOverride?: CliIO): Promise<number> {
  let exitCode = 0;
  const noColor = argv.includes('--no-color');
  const io = ioOverride ?? processIO(noColor);
  const action: Handler = (run) => async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    const flags = args[args.length - 2];
    const positional = args.slice(0, -2) as string[];
    const ctx = makeContext(io, globalsOf(cmd));
    exitCode = (await run(ctx, flags as never, positional)) ?? 0;
  };

  const program = new Command('sparkify')
    .description("Sparkify's data warehouse: load song and event JSON into a star schema and answer questions on it")
    .option('--config <file>', 'settings file', undefined)
    .addOption(new Option('--engine <engine>', 'warehouse engine (overrides [WAREHOUSE] ENGINE)').choices(ENGINE_NAMES))
    .option('--url <url>', 'postgres://user@host:port/db for the postgres engine (or SPARKIFY_DATABASE_URL)')
    .option('--data-dir <dir>', 'folder of the embedded database (overrides [EMBEDDED] DATA_DIR)')
    .option('--strict', 'unknown sections and keys in dwh.cfg are errors, not warnings (the default when CI is set)')
    .option('--json', 'machine-readable output: JSON, or NDJSON events for etl')
    .option('--no-color', 'no colors (NO_COLOR is respected too)')
    .allowExcessArguments()
    .showHelpAfterError('(sparkify --help lists the commands)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .action(async (_flags: unknown, cmd: Command) => {
      if (cmd.args.length > 0) {
        io.err(`sparkify: unknown command "${cmd.args[0]}" (sparkify --help lists the commands)\n`);
        exitCode = 2;
        return;
      }
      exitCode = await startTui(io, globalsOf(cmd));
    });

  for (const register of COMMANDS) register(program, action);
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  try {
    await program.parseAsync(argv, { from: 'user' });
    const failed = await io.settle?.();
    if (failed) {
      const code = (failed as NodeJS.ErrnoException).code;
      const why = code === 'ENOSPC' ? 'Disk full: no space left on the device' : `Cannot write: ${failed.message}`;
      io.err(`sparkify: ${why}; the output on stdout is incomplete\n`);
      return 1;
    }
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
      return 2;
    }
    const { title, message, exitCode: code } = describeError(error);
    io.err(`sparkify: ${title}: ${message}\n`);
    return code;
  }
}

async function startTui(io: CliIO, globals: ReturnType<typeof globalsOf>): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY || process.env.CI) {
    io.err('sparkify: the interactive app needs a terminal; headless, use a command: sparkify etl --yes, sparkify sql "...", sparkify --help\n');
    return 2;
  }
  const { runApp } = await import('./app.js');
  return runApp(globals);
}
