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
  /** Set when the server refused the login for want of a password (`missing`) or for a wrong one (`wrong`). */
  readonly password?: 'missing' | 'wrong';

  constructor(title: string, message: string, options: { cause?: unknown; password?: 'missing' | 'wrong' } = {}) {
    super(title, message, options);
    this.password = options.password;
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

/** What the operating system's error codes mean, as people say it. */
const SYSTEM_REASONS: Record<string, [title: string, reason: string]> = {
  EACCES: ['Permission denied', 'permission denied'],
  EPERM: ['Permission denied', 'permission denied'],
  EROFS: ['Read-only file system', 'the file system is read-only'],
  ENOSPC: ['Disk full', 'no space left on the device'],
  EDQUOT: ['Disk full', 'the disk quota is used up'],
  ENOENT: ['Not found', 'no such file or folder'],
  ENOTDIR: ['Not a folder', 'a part of the path is a file, not a folder'],
  EISDIR: ['Not a file', 'a folder, not a file'],
  EEXIST: ['In the way', 'a file of that name is in the way'],
  ELOOP: ['Symbolic link loop', 'a symbolic link that loops'],
  EIO: ['Input/output error', 'an input/output error from the device'],
  EMFILE: ['Too many open files', 'too many open files (raise the limit with ulimit -n)'],
  ENFILE: ['Too many open files', 'too many open files on this system'],
  ENOMEM: ['Out of memory', 'not enough memory'],
  EPIPE: ['Output closed', 'the reader of the output went away'],
};

/** What a file-reading error code means, as people say it, when it is one of the table's; else undefined. */
export function systemMeaning(code: string | undefined): string | undefined {
  return code ? SYSTEM_REASONS[code]?.[1] : undefined;
}

/**
 * A file system failure as people say it, with its code: "permission denied (EACCES)"; anything else by its
 * message, and a value that is not an Error as its text, never "[object Object]".
 */
export function systemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const known = code ? SYSTEM_REASONS[code] : undefined;
  if (known) return `${known[1]} (${code})`;
  return errorText(error);
}

/** The text of any thrown value: an Error's message, a string, an object's message or JSON; never "[object Object]". */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && message) return message;
  try {
    const json = JSON.stringify(error);
    if (json && json !== '{}') return json.length > 300 ? `${json.slice(0, 300)}…` : json;
  } catch {
    // a value that cannot be shown as JSON: fall through
  }
  return `a value of type ${error === null ? 'null' : typeof error} with nothing to say`;
}

/**
 * One line for any error: title and message for ours; for a system error (a file that cannot be read or written)
 * its meaning and the path; anything else is a fault of this program, said as such.
 */
export function describeError(error: unknown): { title: string; message: string; exitCode: ExitCode } {
  if (error instanceof SparkifyError) {
    return { title: error.title, message: oneLine(error.message), exitCode: error.exitCode };
  }
  const e = error as (NodeJS.ErrnoException & { dest?: string }) | undefined;
  const known = e?.code ? SYSTEM_REASONS[e.code] : undefined;
  if (known) {
    const where = [e?.syscall, e?.path, e?.dest ? `-> ${e.dest}` : undefined].filter(Boolean).join(' ');
    return { title: known[0], message: oneLine(`${where ? `${where}: ` : ''}${known[1]} (${e!.code})`), exitCode: 1 };
  }
  return { title: 'Internal error', message: oneLine(`${errorText(error)} (a fault of sparkify, not of your data or settings)`), exitCode: 1 };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
