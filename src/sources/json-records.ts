import { errorText } from '../errors.js';
/**
 * One record read from an input file, or the reason it could not be read. `line` is where it starts (from 1),
 * `lines` how many lines it spans, so every non-blank line of a file belongs to exactly one record or rejection.
 * `text` is the record as written (for rejections: what `sparkify rejects` shows).
 */
export type ParsedRecord =
  | { file: string; line: number; lines: number; value: Record<string, unknown>; error?: undefined; text?: string }
  | {
      file: string;
      line: number;
      lines: number;
      value?: undefined;
      error: string;
      text?: string;
      /** The file as a whole is not JSON objects (a top-level array, a scalar): no record of it can load. */
      fatal?: boolean;
    };

/** Deeper nesting is refused at its line; nothing in Sparkify's data goes past 3. */
export const MAX_DEPTH = 256;

type State = 'idle' | 'record' | 'skipping';
type Rejected = Extract<ParsedRecord, { error: string }>;

/**
 * Splits the text of one JSON input file into records the way Redshift's `FORMAT AS JSON` reads it: JSON objects
 * one after another, separated by white space, whatever the layout: one per line (event logs), one per file,
 * compact or pretty-printed (song files), several on a line, or an object spread over lines.
 *
 * Text is pushed in chunks of any size (reading is linear in line length: a line is assembled once). A bad record
 * costs only itself: after a record that cannot be parsed (malformed, cut short, not an object), reading resumes
 * at the next line that starts a record, so a truncated first line does not swallow the lines after it. A line
 * starts a record when it begins, at column 0, with `{` or `[`, or when it holds a whole object by itself. A
 * record cut short is noticed when a line beginning at column 0 with `{` or `[` arrives while it is still open,
 * and either that line is a whole object or the open record is indented (pretty-printed records never start a
 * nested value at column 0).
 *
 * A file whose first value is a whole JSON array or scalar is not JSON objects at all: it comes out as one fatal
 * record, which the loader fails on whatever --max-errors allows.
 */
export class JsonRecordSplitter {
  private pieces: string[] = [];
  private lineNo = 0;
  private started = false;
  private seenValue = false;
  private badBytes = false;
  private state: State = 'idle';
  // an open record
  private parts: string[] = [];
  private startLine = 0;
  private indented = false;
  private depth = 0;
  private inString = false;
  private escaped = false;
  // a rejection still growing while its lines are skipped
  private pending: Rejected | undefined;
  private lastLine = 0;
  // where the records of the line being read begin in the output, so that a rejection on it can take them back
  private lineOut = 0;
  private lineArray: ParsedRecord[] | undefined;

  constructor(readonly file: string) {}

  /**
   * The file holds bytes that are not UTF-8, which the decoder turned into U+FFFD: from now on a record holding
   * U+FFFD is rejected rather than loaded with its text silently changed.
   */
  rejectReplacementCharacters(): void {
    this.badBytes = true;
  }

  /** Feeds a chunk of text; returns the records completed by it. */
  push(chunk: string, out: ParsedRecord[] = []): ParsedRecord[] {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      let line = text.slice(start, nl);
      if (this.pieces.length > 0) {
        this.pieces.push(line);
        line = this.pieces.join('');
        this.pieces = [];
      }
      this.line(line, out);
      start = nl + 1;
    }
    if (start < text.length) this.pieces.push(start === 0 ? text : text.slice(start));
    return out;
  }

  /**
   * The file could not be read on (corrupt compression, a read error): what was read ends as it would at the end of
   * the file, and the rest is one rejection at the next line, saying why.
   */
  unreadable(why: string, out: ParsedRecord[] = []): ParsedRecord[] {
    this.flushPending(out);
    // The record being read when reading stopped, and the part of a line read, belong to the rejection.
    const start = this.state === 'record' ? this.startLine : this.lineNo + 1;
    const end = this.pieces.length > 0 ? this.lineNo + 1 : this.lineNo;
    this.pieces = [];
    this.parts = [];
    this.state = 'idle';
    out.push({ file: this.file, line: start, lines: Math.max(1, end - start + 1), error: `the file cannot be read from here on: ${why}` });
    return out;
  }

  /** Ends the file: the last line (with or without a newline) and any unfinished record. */
  end(out: ParsedRecord[] = []): ParsedRecord[] {
    if (this.pieces.length > 0) {
      const last = this.pieces.join('');
      this.pieces = [];
      this.line(last, out);
    }
    if (this.state === 'record') {
      this.rejectOpen('unexpected end of file inside a JSON object', this.lastLine, out, false);
    }
    this.flushPending(out);
    this.state = 'idle';
    return out;
  }

  private line(raw: string, out: ParsedRecord[]): void {
    this.lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const blank = isBlank(line);
    if (this.state === 'skipping') {
      if (blank) return;
      if (!this.startsRecord(line)) {
        this.pending!.lines = this.lineNo - this.pending!.line + 1;
        this.lastLine = this.lineNo;
        return;
      }
      this.flushPending(out);
      this.state = 'idle';
    }
    if (this.state === 'record') {
      const c = line.charCodeAt(0);
      if ((c === 123 || c === 91) && (this.indented || wholeObject(line))) {
        this.rejectOpen(`incomplete JSON object (the next record starts at line ${this.lineNo})`, this.lastLine, out, false);
      } else {
        if (!blank) {
          this.lastLine = this.lineNo;
          this.mark(out);
          if (isSpace(line.charCodeAt(0))) this.indented = true;
        }
        this.scan(line, 0, out);
        return;
      }
    }
    if (blank) return;
    this.lastLine = this.lineNo;
    this.mark(out);
    // The fast path: one whole record on the line (event logs). JSON.parse skips surrounding white space itself.
    const first = firstNonSpace(line);
    if (line.charCodeAt(first) === 123 /* { */) {
      let value: unknown;
      let parsed = true;
      try {
        value = JSON.parse(line);
      } catch {
        parsed = false;
      }
      // A long line may nest deeper than the limit: the scanner rejects it at its line.
      if (parsed && (line.length <= 2 * MAX_DEPTH || !nestsTooDeep(line))) {
        out.push(this.record(value, this.lineNo, 1, line));
        return;
      }
    }
    this.scan(line, first, out);
  }

  /** The bracket scanner: emits each balanced value of the line, from `from`, continuing an open record. */
  private scan(raw: string, from: number, out: ParsedRecord[]): void {
    let begin = from;
    for (let i = from; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
        continue;
      }
      if (this.state !== 'record') {
        if (isSpace(c)) continue;
        if (c !== 123 /* { */ && c !== 91 /* [ */) {
          this.notAValue(raw, i, out);
          return;
        }
        this.state = 'record';
        this.startLine = this.lineNo;
        this.indented = false;
        this.parts = [];
        begin = i;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) {
        if (++this.depth > MAX_DEPTH) {
          this.parts.push(raw.slice(begin, i + 1));
          this.rejectOpen(`JSON nested deeper than ${MAX_DEPTH} levels`, this.lineNo, out, true);
          return;
        }
      } else if (c === 125 || c === 93) {
        if (--this.depth === 0) {
          this.parts.push(raw.slice(begin, i + 1));
          const rejected = this.closeRecord(out);
          if (rejected) {
            // The line is rejected as a whole: what it held before, and what follows on it, go with this record.
            this.absorb(rejected, out);
            if (isBlank(raw.slice(i + 1))) out.push(rejected);
            else {
              this.pending = rejected;
              this.state = 'skipping';
              return;
            }
          }
          begin = i + 1;
        }
      }
    }
    if (this.state !== 'record') return;
    this.parts.push(raw.slice(begin));
    if (this.inString) {
      // JSON strings cannot hold a raw line break: the record is broken here, whatever follows.
      this.rejectOpen('malformed JSON: unterminated string', this.lineNo, out, true);
    }
  }

  /** Ends the record that just closed: pushes it, or returns it when it is rejected (the caller places it). */
  private closeRecord(out: ParsedRecord[]): Rejected | undefined {
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('\n');
    const lines = this.lineNo - this.startLine + 1;
    this.parts = [];
    this.state = 'idle';
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.seenValue = true;
      return { file: this.file, line: this.startLine, lines, error: reason(error), text };
    }
    const record = this.record(value, this.startLine, lines, text);
    if (record.error !== undefined && !record.fatal) return record;
    out.push(record);
    return undefined;
  }

  /** Notes where the records of the line about to be read will begin. */
  private mark(out: ParsedRecord[]): void {
    this.lineOut = out.length;
    this.lineArray = out;
  }

  /**
   * A rejection that covers the line last read takes back the records that line gave, so that no line is both
   * staged and rejected: the rejection then starts where the first of them did.
   */
  private absorb(rejection: Rejected, out: ParsedRecord[]): void {
    if (out !== this.lineArray || out.length <= this.lineOut) return;
    const taken = out.splice(this.lineOut);
    const end = rejection.line + rejection.lines - 1;
    rejection.line = Math.min(rejection.line, ...taken.map((r) => r.line));
    rejection.lines = end - rejection.line + 1;
    rejection.text = [...taken.map((r) => r.text ?? ''), rejection.text ?? ''].filter((t) => t !== '').join(' ');
  }

  /** Text at depth 0 that does not start an object: the rest of the line, and the lines after it, are skipped. */
  private notAValue(raw: string, at: number, out: ParsedRecord[]): void {
    const text = raw.slice(at).trim();
    if (!this.seenValue && at === firstNonSpace(raw)) {
      let value: unknown;
      let parsed = true;
      try {
        value = JSON.parse(text);
      } catch {
        parsed = false;
      }
      if (parsed) {
        out.push(this.record(value, this.lineNo, 1, text));
        return;
      }
    }
    this.seenValue = true;
    const rejection: Rejected = { file: this.file, line: this.lineNo, lines: 1, error: `expected a JSON object, found "${clip(text, 20)}"`, text };
    this.absorb(rejection, out);
    this.pending = rejection;
    this.state = 'skipping';
  }

  /**
   * Rejects the open record, which ends at `lastLine`. With `skip`, the lines that follow belong to it until one
   * starts a record (a string broken by a line break, nesting too deep); otherwise reading goes on at once.
   */
  private rejectOpen(why: string, lastLine: number, out: ParsedRecord[], skip: boolean): void {
    this.seenValue = true;
    const rejection: Rejected = { file: this.file, line: this.startLine, lines: Math.max(1, lastLine - this.startLine + 1), error: why, text: this.parts.join('\n') };
    this.parts = [];
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.absorb(rejection, out);
    if (skip) {
      this.pending = rejection;
      this.state = 'skipping';
    } else {
      out.push(rejection);
      this.state = 'idle';
    }
  }

  private flushPending(out: ParsedRecord[]): void {
    if (!this.pending) return;
    out.push(this.pending);
    this.pending = undefined;
  }

  /** A line that begins a new record: `{` or `[` at column 0, or a whole object by itself. */
  private startsRecord(line: string): boolean {
    const c = line.charCodeAt(0);
    if (c === 123 || c === 91) return true;
    const first = firstNonSpace(line);
    return line.charCodeAt(first) === 123 && wholeObject(line);
  }

  private record(value: unknown, line: number, lines: number, text: string): ParsedRecord {
    const first = !this.seenValue;
    this.seenValue = true;
    if (this.badBytes && text.includes('\uFFFD')) {
      return { file: this.file, line, lines, error: 'bytes that are not UTF-8 text (Redshift rejects them too, unless ACCEPTINVCHARS)', text };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
      if (first) {
        return {
          file: this.file,
          line,
          lines,
          fatal: true,
          text,
          error: `the file holds ${kind}, not JSON objects: COPY ... FORMAT AS JSON reads objects one after another (one per line, or pretty-printed), not ${Array.isArray(value) ? 'an array of them' : 'other values'}`,
        };
      }
      return { file: this.file, line, lines, error: `expected a JSON object, found ${kind}`, text };
    }
    return { file: this.file, line, lines, value: value as Record<string, unknown>, text };
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

function firstNonSpace(line: string): number {
  let i = 0;
  while (i < line.length && isSpace(line.charCodeAt(i))) i++;
  return i;
}

function isBlank(line: string): boolean {
  return firstNonSpace(line) === line.length;
}

function wholeObject(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** True when brackets outside strings nest past MAX_DEPTH. */
function nestsTooDeep(line: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_DEPTH) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n)}...` : text;
}

function reason(error: unknown): string {
  const message = errorText(error);
  return `malformed JSON: ${message}`;
}
