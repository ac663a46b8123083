import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

/**
 * Decodes a file's bytes as UTF-8 across chunk boundaries, and notices bytes that are not UTF-8. The decoder turns
 * them into U+FFFD; left at that, a record would load with its text silently changed. So the bytes are validated
 * too (Node's isUtf8, on whole characters: the last incomplete character of a chunk waits for the next one), and
 * once `invalid` is set the splitter rejects the records that hold U+FFFD instead of loading them. A U+FFFD the
 * file really holds is valid UTF-8, wherever a read boundary falls.
 */
export class Utf8Text {
  private readonly decoder = new StringDecoder('utf8');
  private tail: Buffer = Buffer.alloc(0);
  invalid = false;

  write(bytes: Uint8Array): string {
    if (!this.invalid) this.check(bytes);
    return this.decoder.write(bytes as Buffer);
  }

  end(): string {
    // Bytes still waiting at the end are an unfinished character.
    if (this.tail.length > 0) this.invalid = true;
    const text = this.decoder.end();
    if (text.includes('\uFFFD')) this.invalid = true;
    return text;
  }

  private check(bytes: Uint8Array): void {
    const view = this.tail.length > 0 ? Buffer.concat([this.tail, bytes]) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const whole = completeLength(view);
    if (!isUtf8(view.subarray(0, whole))) this.invalid = true;
    // Copied: the caller may reuse the chunk's memory once this returns.
    this.tail = Buffer.from(view.subarray(whole));
  }
}

/** The length of the longest prefix that ends on a character boundary (at most 3 bytes are left over). */
function completeLength(bytes: Buffer): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}
