import { main } from '../../src/cli.js';
import type { CliIO } from '../../src/cli/io.js';

/** Runs the CLI's `main` in this process (no terminal), as `bin/sparkify` would, and returns what it printed. */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { out: (s) => void (stdout += s), err: (s) => void (stderr += s), color: false, interactive: false, columns: 120 };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
