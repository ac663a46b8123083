import { StringDecoder } from 'node:string_decoder';

const REPLACEMENT = '\uFFFD';
const REPLACEMENT_BYTES = Buffer.from(REPLACEMENT, 'utf8');

/**
 * Decodes a file's bytes as UTF-8 across chunk boundaries, and notices bytes that are not UTF-8. The decoder
 * turns them into U+FFFD; left at that, a record would load with its text silently changed. So when a chunk
 * decodes to more U+FFFD than it spells out literally, `invalid` is set, and the splitter then rejects the
 * records that hold U+FFFD instead of loading them.
 */
export class Utf8Text {
  private readonly decoder = new StringDecoder('utf8');
  invalid = false;

  write(bytes: Uint8Array): string {
    const text = this.decoder.write(bytes as Buffer);
    if (!this.invalid && text.includes(REPLACEMENT)) this.invalid = count(text) > literal(bytes);
    return text;
  }

  end(): string {
    const text = this.decoder.end();
    // Whatever the decoder still held at the end is an unfinished character.
    if (text.includes(REPLACEMENT)) this.invalid = true;
    return text;
  }
}

function count(text: string): number {
  let n = 0;
  for (let i = text.indexOf(REPLACEMENT); i >= 0; i = text.indexOf(REPLACEMENT, i + 1)) n++;
  return n;
}

function literal(bytes: Uint8Array): number {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (let i = view.indexOf(REPLACEMENT_BYTES); i >= 0; i = view.indexOf(REPLACEMENT_BYTES, i + 3)) n++;
  return n;
}
