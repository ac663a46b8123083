/**
 * Collects CSV lines into fixed-size byte chunks for COPY. Writing into a buffer, instead of concatenating
 * strings, keeps the garbage short-lived: on a million events, string chunks made the collector the
 * largest cost of the load. Each chunk owns exactly its memory, so it can move to a worker without a copy.
 */
const PENDING_CHARS = 16 * 1024;

export class CsvBuffer {
  private readonly buffer: Buffer;
  private used = 0;
  /** Lines not yet encoded into the buffer: encoding a few kilobytes at once costs less than line by line. */
  private pending = '';
  rows = 0;

  /** @param size bytes per chunk; a chunk is larger only when one line is. */
  constructor(private readonly size: number) {
    this.buffer = Buffer.alloc(size);
  }

  /** Adds one line; returns a full chunk when the buffer had to be emptied to take it. */
  add(line: string): Uint8Array | undefined {
    this.rows++;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8: this bound avoids measuring every line.
    if (line.length * 3 <= this.size) {
      const full = this.used + (this.pending.length + line.length) * 3 > this.size ? this.take() : undefined;
      this.pending += line;
      if (this.pending.length >= PENDING_CHARS) this.flushPending();
      return full;
    }
    this.flushPending();
    // A line that may not fit even an empty buffer: measured, and sent with what precedes it if too long.
    const bytes = Buffer.from(line, 'utf8');
    if (this.used + bytes.length <= this.size) {
      this.used += bytes.copy(this.buffer, this.used);
      return undefined;
    }
    const chunk = new Uint8Array(this.used + bytes.length);
    chunk.set(this.buffer.subarray(0, this.used));
    chunk.set(bytes, this.used);
    this.used = 0;
    return chunk;
  }

  /** The bytes collected so far, if any, copied into a chunk that owns exactly its memory. */
  take(): Uint8Array | undefined {
    this.flushPending();
    if (this.used === 0) return undefined;
    const chunk = new Uint8Array(this.buffer.subarray(0, this.used));
    this.used = 0;
    return chunk;
  }

  private flushPending(): void {
    if (this.pending.length === 0) return;
    this.used += this.buffer.write(this.pending, this.used, 'utf8');
    this.pending = '';
  }
}
