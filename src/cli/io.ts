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
  /** Waits until what was written to `out` is written, and says why it could not be, if it could not. */
  settle?: () => Promise<Error | undefined>;
}

export function processIO(noColor: boolean): CliIO {
  const tty = Boolean(process.stdout.isTTY);
  // `sparkify ... | head` closes stdout early: stop writing there, quietly. Any other failure (a full disk under
  // `> file`, /dev/full) stops writing too, and the command then fails with one line (see main).
  let closed = false;
  let failure: Error | undefined;
  const fail = (error: NodeJS.ErrnoException): void => {
    closed = true;
    if (error.code !== 'EPIPE') failure ??= error;
  };
  process.stdout.on('error', fail);
  return {
    out: (text) => {
      if (closed) return;
      try {
        // A file or a device as stdout is written synchronously: its errors are thrown here.
        process.stdout.write(text);
      } catch (error) {
        fail(error as NodeJS.ErrnoException);
      }
    },
    err: (text) => {
      try {
        process.stderr.write(text);
      } catch {
        // nowhere left to say anything
      }
    },
    settle: () =>
      new Promise((resolve) => {
        if (closed) return resolve(failure);
        process.stdout.write('', () => resolve(failure));
      }),
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
