import { main } from '../../src/cli.js';
import type { CliIO } from '../../src/cli/io.js';

export interface CliOptions {
  /** The working folder the command resolves ./dwh.cfg and relative paths against, for this call only. */
  cwd?: string;
  /** Variables set (or, as '', emptied) for this call only. */
  env?: NodeJS.ProcessEnv;
}

/** Calls that change the folder or variables would see each other's: those run one after the other. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs the CLI's `main` on the sources in this process, without a terminal, as `bin/sparkify` would (120
 * columns), and returns what it printed. The same options and answer as runCli, at a fraction of a
 * subprocess's cost.
 */
export function cli(args: string[], options: CliOptions = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!options.cwd && !options.env) return runMain(args, options);
  const turn = queue.then(() => runMain(args, options));
  queue = turn.catch(() => undefined);
  return turn;
}

async function runMain(args: string[], options: CliOptions): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { out: (s) => void (stdout += s), err: (s) => void (stderr += s), color: false, interactive: false, columns: 120 };
  const cwd = process.cwd();
  const saved = Object.entries(options.env ?? {}).map(([name, value]) => {
    const before = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
    return [name, before] as const;
  });
  if (options.cwd) process.chdir(options.cwd);
  try {
    const code = await main(args, io);
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
    for (const [name, before] of saved) {
      if (before === undefined) delete process.env[name];
      else process.env[name] = before;
    }
  }
}
