import type { Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../../errors.js';
import { formatInt } from '../io.js';
import type { Handler } from '../context.js';

function count(flag: string, text: string | undefined, min: number): number {
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text.trim()) || n < min) {
    throw new ConfigError(`${flag} ${text ?? ''}: expected a whole number of at least ${min}`.replace('  ', ' '));
  }
  return n;
}

export function register(program: Command, action: Handler): void {
  program
    .command('generate')
    .description('write a synthetic dataset in the exact formats of the real song files and event logs')
    .requiredOption('--out <dir>', 'folder to write song_data/, log_data/ and log_json_path.json into')
    .requiredOption('--songs <n>', 'number of song files')
    .requiredOption('--events <n>', 'number of log events')
    .option('--seed <n>', 'random seed: the same seed writes the same bytes', '42')
    .action(
      action(async (ctx, flags: { out: string; songs: string; events: string; seed: string }) => {
        const options = {
          out: resolve(flags.out),
          songs: count('--songs', flags.songs, 1),
          events: count('--events', flags.events, 0),
          seed: count('--seed', flags.seed, 0),
        };
        // Files of an earlier dataset would be read by the ETL along with the new ones.
        if (existsSync(options.out) && readdirSync(options.out).length > 0) {
          throw new ConfigError(`--out ${flags.out}: the folder is not empty; choose a new folder or remove it first`);
        }
        const { generateDataset } = await import('../../generate/generate.js');
        const started = Date.now();
        const result = await generateDataset(options);
        const seconds = (Date.now() - started) / 1000;
        if (ctx.globals.json) {
          ctx.io.out(`${JSON.stringify({ out: options.out, ...result, seconds })}\n`);
          return 0;
        }
        ctx.io.out(
          [
            `wrote ${options.out} in ${seconds.toFixed(1)} s`,
            `  song files     ${formatInt(result.songFiles)}`,
            `  log files      ${formatInt(result.logFiles)}`,
            `  events         ${formatInt(result.events)}`,
            `  NextSong plays ${formatInt(result.nextSongEvents)} (${formatInt(result.matchedPlays)} match a catalog song)`,
            `  users          ${formatInt(result.users)}`,
            '',
          ].join('\n'),
        );
        return 0;
      }),
    );
}
