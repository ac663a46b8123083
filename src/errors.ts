/**
 * Errors people see. Every error the product raises on purpose is a `SparkifyError`: a short `title` for
 * people, a one-line `message` that names the file, line or setting at fault, an exit code for the CLI, and
 * the original error (if any) as `cause`. Screens show title and message; the CLI prints them on stderr.
 */
export type ExitCode = 1 | 2 | 130 | 143;

export class SparkifyError extends Error {
  readonly title: string;
  readonly exitCode: ExitCode;

  constructor(title: string, message: string, options: { cause?: unknown; exitCode?: ExitCode } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.title = title;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Bad configuration or usage: a setting, flag or file the user must fix. Exit code 2. */
export class ConfigError extends SparkifyError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('Configuration error', message, { ...options, exitCode: 2 });
  }
}

/** Bad input data: a record that cannot be loaded. Carries its position. Exit code 1. */
export class DataError extends SparkifyError {
  readonly file: string;
  readonly line: number;
  readonly reason: string;
  /** Lines the record spans, and its text, when known (for the run ledger). */
  readonly lines?: number;
  readonly text?: string;

  constructor(file: string, line: number, reason: string, record: { lines?: number; text?: string } = {}) {
    super('Bad input record', `${file}:${line}: ${reason}`);
    this.file = file;
    this.line = line;
    this.reason = reason;
    this.lines = record.lines;
    this.text = record.text;
  }
}

/** The warehouse could not be reached or refused a statement. Exit code 1. */
export class WarehouseError extends SparkifyError {
  constructor(title: string, message: string, options: { cause?: unknown } = {}) {
    super(title, message, options);
  }
}

/** Another process or session holds the warehouse (its writer lock, or the embedded folder). Exit code 1. */
export class InUseError extends SparkifyError {
  constructor(
    readonly holder: string,
    where: string,
  ) {
    super('Warehouse in use', `${where} is in use by ${holder}; try again when it has finished, or pass --wait [SECONDS]`);
  }
}

/** The user stopped the work (Ctrl+C, a cancelled prompt). */
export class CancelledError extends SparkifyError {
  constructor(message = 'cancelled') {
    super('Cancelled', message);
  }
}

/** One line for any error: title and message for ours, the message for anything else. */
export function describeError(error: unknown): { title: string; message: string; exitCode: ExitCode } {
  if (error instanceof SparkifyError) {
    return { title: error.title, message: oneLine(error.message), exitCode: error.exitCode };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { title: 'Unexpected error', message: oneLine(message), exitCode: 1 };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
