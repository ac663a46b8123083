/** One record read from an input file, or the reason it could not be read. Lines count from 1. */
export type ParsedRecord =
  | { file: string; line: number; value: Record<string, unknown>; error?: undefined }
  | { file: string; line: number; value?: undefined; error: string };

/**
 * Splits the text of one JSON input file into records the way Redshift's `FORMAT AS JSON` reads it: a series
 * of JSON objects separated by white space. The usual layouts are one object per line (event logs) and one
 * object per file, compact or pretty-printed over many lines (song files); several objects may share a line.
 *
 * Text is pushed in chunks of any size; records come out with the line they start on. A file whose first
 * record fits on its line is read line by line (the fast path, and a bad line costs only itself); otherwise
 * objects are delimited by bracket depth, outside strings.
 */
export class JsonRecordSplitter {
  private carry = '';
  private lineNo = 0;
  private mode: 'unknown' | 'lines' | 'objects' = 'unknown';
  private started = false;
  // 'objects' mode state
  private parts: string[] = [];
  private startLine = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;

  private badBytes = false;

  constructor(readonly file: string) {}

  /**
   * The file holds bytes that are not UTF-8, which the decoder turned into U+FFFD: from now on a record
   * holding U+FFFD is rejected rather than loaded with its text silently changed.
   */
  rejectReplacementCharacters(): void {
    this.badBytes = true;
  }

  /** Feeds a chunk of text; returns the records completed by it. */
  push(chunk: string, out: ParsedRecord[] = []): ParsedRecord[] {
    let text = this.carry + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      this.line(text.slice(start, nl), out);
      start = nl + 1;
    }
    this.carry = text.slice(start);
    return out;
  }

  /** Ends the file: the last line (with or without a newline) and any unfinished object. */
  end(out: ParsedRecord[] = []): ParsedRecord[] {
    if (this.carry.length > 0) {
      this.line(this.carry, out);
      this.carry = '';
    }
    if (this.depth > 0 || this.inString) {
      out.push({ file: this.file, line: this.startLine, error: 'unexpected end of file inside a JSON object' });
      this.reset();
    }
    return out;
  }

  private line(raw: string, out: ParsedRecord[]): void {
    this.lineNo++;
    if (this.mode === 'objects') {
      this.scan(raw, out);
      return;
    }
    if (raw.length === 0) return;
    let value: unknown;
    try {
      // JSON.parse skips surrounding white space itself: trimming first would copy every line.
      value = JSON.parse(raw);
    } catch (error) {
      const text = raw.trim();
      if (text.length === 0) return;
      // Several objects on one line, or the first line of a multi-line object: let the scanner decide.
      if (this.mode === 'unknown' || text.startsWith('{')) {
        const before = out.length;
        this.scan(raw, out);
        if (this.depth === 0 && !this.inString) {
          if (this.mode === 'unknown' && out.length > before) this.mode = 'lines';
          return;
        }
        if (this.mode === 'unknown') {
          this.mode = 'objects';
          return;
        }
        // Line mode: an unfinished object on one line is a bad line, not the start of a long record.
        this.reset();
      }
      out.push({ file: this.file, line: this.lineNo, error: reason(error) });
      return;
    }
    if (this.mode === 'unknown') this.mode = 'lines';
    out.push(this.record(value, this.lineNo, raw));
  }

  /** Bracket-depth scanner for the 'objects' layout; emits each balanced value. */
  private scan(raw: string, out: ParsedRecord[]): void {
    let from = 0;
    for (let i = 0; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
        continue;
      }
      if (this.depth === 0) {
        if (c === 32 || c === 9 || c === 13) continue;
        if (c !== 123 /* { */ && c !== 91 /* [ */) {
          out.push({ file: this.file, line: this.lineNo, error: `expected a JSON object, found "${raw.slice(i, i + 20).trim()}"` });
          return; // skip the rest of this line
        }
        this.startLine = this.lineNo;
        from = i;
        this.parts = [];
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) {
        this.depth--;
        if (this.depth === 0) {
          this.parts.push(raw.slice(from, i + 1));
          const text = this.parts.join('\n');
          this.parts = [];
          try {
            out.push(this.record(JSON.parse(text), this.startLine, text));
          } catch (error) {
            out.push({ file: this.file, line: this.startLine, error: reason(error) });
          }
        }
      }
    }
    if (this.depth > 0) this.parts.push(raw.slice(this.parts.length === 0 && this.startLine === this.lineNo ? from : 0));
  }

  private record(value: unknown, line: number, text: string): ParsedRecord {
    if (this.badBytes && text.includes('\uFFFD')) {
      return { file: this.file, line, error: 'bytes that are not UTF-8 text (Redshift rejects them too, unless ACCEPTINVCHARS)' };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
      return { file: this.file, line, error: `expected a JSON object, found ${kind}` };
    }
    return { file: this.file, line, value: value as Record<string, unknown> };
  }

  private reset(): void {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.parts = [];
  }
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `malformed JSON: ${message}`;
}
