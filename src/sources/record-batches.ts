import { systemMeaning } from '../errors.js';
import { JsonRecordSplitter, type ParsedRecord } from './json-records.js';
import { BATCH_RECORDS, type ReadProgress } from './source.js';
import { Utf8Text } from './utf8-text.js';

/**
 * Turns the bytes of input files, one file after another, into batches of records: decoding (Utf8Text),
 * splitting (JsonRecordSplitter) and batching are the same for every source, only the bytes come from
 * elsewhere. A batch may hold records of several files, so many tiny song files make few batches.
 */
export class RecordBatches {
  private batch: ParsedRecord[] = [];
  readonly progress: ReadProgress = { files: 0, bytes: 0 };

  constructor(private readonly onFile?: (progress: ReadProgress) => void) {}

  /** What the listing found, reported at once (before the first file is read) and with every file's progress. */
  listed(totals: Pick<ReadProgress, 'filesTotal' | 'bytesTotal'>): void {
    Object.assign(this.progress, totals);
    this.onFile?.(this.progress);
  }

  /** Reads one file; yields each batch as it fills. `name` is how positions show the file. */
  async *file(name: string, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<ParsedRecord[]> {
    const splitter = new JsonRecordSplitter(name);
    const decoder = new Utf8Text();
    try {
      for await (const chunk of chunks) {
        this.progress.bytes += chunk.length;
        // Decoding copies the bytes, so the chunk's memory may be reused once this returns.
        const text = decoder.write(chunk);
        if (decoder.invalid) splitter.rejectReplacementCharacters();
        splitter.push(text, this.batch);
        if (this.batch.length >= BATCH_RECORDS) yield this.take();
      }
    } catch (error) {
      // A file that cannot be read (corrupt gzip, no permission) is one rejected record where reading stopped:
      // what was read before it stays, and --max-errors decides whether the load goes on.
      const why = unreadable(error);
      if (why === undefined) throw error;
      splitter.unreadable(why, this.batch);
      this.progress.files++;
      this.onFile?.(this.progress);
      if (this.batch.length >= BATCH_RECORDS) yield this.take();
      return;
    }
    const rest = decoder.end();
    if (decoder.invalid) splitter.rejectReplacementCharacters();
    splitter.push(rest, this.batch);
    splitter.end(this.batch);
    this.progress.files++;
    this.onFile?.(this.progress);
    if (this.batch.length >= BATCH_RECORDS) yield this.take();
  }

  /** The records of the last, partly filled batch. */
  *rest(): Generator<ParsedRecord[]> {
    if (this.batch.length > 0) yield this.take();
  }

  private take(): ParsedRecord[] {
    const full = this.batch;
    this.batch = [];
    return full;
  }
}

/** Why a file cannot be read, for an error that is about the file (not the network, not a bug); else undefined. */
export function unreadable(error: unknown): string | undefined {
  // The innermost error says it best (an S3 error wraps the zlib error it met).
  const chain: { code?: string; message?: string; cause?: unknown }[] = [];
  for (let e = error as (typeof chain)[number] | undefined; e && chain.length < 10; e = e.cause as typeof e) chain.push(e);
  for (const e of chain.reverse()) {
    const code = e.code ?? '';
    if (/^Z_/.test(code) || /incorrect header check|unexpected end of file|invalid (block type|distance|stored block)/i.test(e.message ?? '')) {
      return `not valid gzip data (${e.message ?? code})`;
    }
    // Only what is about the file itself: a missing file or a full disk is not a reason to skip a record.
    if (['EACCES', 'EPERM', 'EISDIR', 'ELOOP', 'EIO'].includes(code)) return systemMeaning(code);
  }
  return undefined;
}
