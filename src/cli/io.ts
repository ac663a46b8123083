import { createInterface } from 'node:readline/promises';
import { styleText } from 'node:util';
import { formatInt } from '../queries/values.js';

/** Where the CLI writes: data to `out`, narration (progress, warnings, errors) to `err`. */
export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Colors on: a terminal, no --no-color, no NO_COLOR. */
  color: boolean;
  /** stdin and stderr are terminals: prompts and live progress are possible. */
  interactive: boolean;
  columns: number;
}

export function processIO(noColor: boolean): CliIO {
  const tty = Boolean(process.stdout.isTTY);
  // `sparkify ... | head` closes stdout early: stop writing there, quietly, instead of crashing on EPIPE.
  let closed = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return {
    out: (text) => void (closed || process.stdout.write(text)),
    err: (text) => void process.stderr.write(text),
    color: tty && !noColor && !process.env.NO_COLOR && process.env.TERM !== 'dumb',
    interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
    columns: process.stdout.columns || 100,
  };
}

type Style = Parameters<typeof styleText>[0];

export function paint(io: Pick<CliIO, 'color'>, style: Style, text: string): string {
  return io.color ? styleText(style, text) : text;
}

/** Asks one question on the terminal (stderr) and returns the answer typed. */
export async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

export { formatInt };

/** Row counts as aligned lines (`table      1,234`, or `missing`), for status and the ETL summary. */
export function countLines(counts: Record<string, number | null>): string[] {
  return Object.entries(counts).map(([table, n]) => `${table.padEnd(16)} ${(n === null ? 'missing' : formatInt(n)).padStart(10)}`);
}
