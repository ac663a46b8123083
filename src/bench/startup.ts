import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface StartupFigure {
  command: string;
  medianSeconds: number;
  /** Median time over the median of a bare `node -e 0` measured alongside. */
  ratioToNode: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeRuns(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr.trim()}`);
    times.push((performance.now() - started) / 1000);
  }
  return median(times);
}

/**
 * Start-up of headless commands, interleaved with a bare Node start so the ratio holds on a noisy machine.
 * The embedded database is created once before timing, so `sql` measures a reopen.
 */
export function measureStartup(root: string, dataDir: string, runs = 5): StartupFigure[] {
  const bin = join(root, 'bin', 'sparkify');
  const commands: [string, string[]][] = [
    ['sparkify --help', [bin, '--help']],
    ['sparkify sql "select 1" (embedded, existing database)', [bin, '--data-dir', dataDir, 'sql', 'select 1 as one', '--format', 'json']],
  ];
  spawnSync(process.execPath, commands[1]![1], { encoding: 'utf8' });
  return commands.map(([command, args]) => {
    const node = timeRuns(['-e', '0'], runs);
    const seconds = timeRuns(args, runs);
    return { command, medianSeconds: seconds, ratioToNode: seconds / node };
  });
}
