import { closeSync, openSync, writeSync } from 'node:fs';

/** Size of a write: large enough for few system calls, small enough to keep memory flat. */
const CHUNK_BYTES = 1 << 20;

/**
 * A newline-delimited file written in ~1 MiB chunks, synchronously: a day of events can be hundreds of MB and
 * is never held in memory. Lines are joined with "\n" and the file has no final newline, like the real logs.
 */
export class LineFile {
  private readonly fd: number;
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private lines = 0;
  /** Bytes written so far. */
  bytes = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  /** Appends a line; `bytes` grows when this writes the buffer out. */
  add(line: string): void {
    // Encoding each line into a fixed buffer: concatenating a chunk as one string and converting it at the
    // end was 3x slower (V8 must flatten a very deep rope).
    const most = line.length * 3 + 1;
    if (this.used + most > this.buffer.length) {
      this.flush();
      if (most > this.buffer.length) this.buffer = Buffer.allocUnsafe(most);
    }
    if (this.lines++ > 0) this.buffer[this.used++] = 0x0a;
    this.used += this.buffer.write(line, this.used, 'utf8');
  }

  flush(): void {
    // writeSync may write less than asked (full disk, signals): loop until all of it is out or it throws.
    for (let offset = 0; offset < this.used; ) offset += writeSync(this.fd, this.buffer, offset, this.used - offset);
    this.bytes += this.used;
    this.used = 0;
  }

  /** Flushes and closes; call it in a finally block. */
  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }
}
