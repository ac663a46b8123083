import type { Command } from 'commander';
import { loadConfig, type ConfigOverrides, type DwhConfig } from '../config/dwh-cfg.js';
import { ConfigError } from '../errors.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ask, type CliIO } from './io.js';

/** The options every command takes, before or after the command name. */
export interface GlobalOptions {
  config?: string;
  engine?: string;
  json?: boolean;
  color?: boolean;
  url?: string;
  dataDir?: string;
  strict?: boolean;
}

/** What a command's action receives besides its own options. */
export interface CliContext {
  io: CliIO;
  globals: GlobalOptions;
  /** Reads dwh.cfg with the global flags and the command's own overrides applied. */
  config(overrides?: ConfigOverrides): DwhConfig;
  /**
   * Opens the configured warehouse for `command`: the embedded engine is one process's at a time, and other
   * processes are told which command has it.
   */
  open(config: DwhConfig, command: string): Promise<Warehouse>;
  /**
   * Asks before a destructive step; without a terminal, `--yes` is required (exit 2). The answer is yes/no,
   * or, with `typed`, must be exactly that text (a cluster identifier before deleting the cluster).
   */
  confirmOrExit(question: string, yes: boolean | undefined, flagHint: string, typed?: string): Promise<void>;
}

/**
 * Wraps a command's implementation into a commander action: builds the context from the global options
 * and records the exit code it returns (0 when it returns nothing).
 */
export type Handler = <F>(
  run: (ctx: CliContext, flags: F, args: string[]) => Promise<number | void>,
) => (...args: unknown[]) => Promise<void>;

export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

export function makeContext(io: CliIO, globals: GlobalOptions): CliContext {
  return {
    io,
    globals,
    config(overrides = {}) {
      const config = loadConfig(globals.config ?? 'dwh.cfg', {
        required: globals.config !== undefined,
        ...(globals.strict ? { strict: true } : {}),
        overrides: { engine: globals.engine, url: globals.url, dataDir: globals.dataDir, ...overrides },
      });
      for (const warning of config.warnings) io.err(`warning: ${warning}\n`);
      for (const note of config.notes) io.err(`note: ${note}\n`);
      return config;
    },
    async open(config, command) {
      const { openWarehouse } = await import('../warehouse/open.js');
      const { thisProcess } = await import('../warehouse/holder.js');
      return (await openWarehouse(config, { holder: thisProcess(command) })).warehouse;
    },
    async confirmOrExit(question, yes, flagHint, typed) {
      if (yes) return;
      if (!io.interactive) throw new ConfigError(`${flagHint}; pass --yes to confirm when not in a terminal`);
      const answer = await ask(typed === undefined ? `${question} [y/N] ` : `${question} `);
      if (typed !== undefined && answer !== typed) throw new ConfigError('the text typed does not match; nothing was changed');
      if (typed === undefined && !/^y(es)?$/i.test(answer)) throw new ConfigError('not confirmed; nothing was changed');
    },
  };
}
