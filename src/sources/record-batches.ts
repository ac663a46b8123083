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

  /** Reads one file; yields each batch as it fills. `name` is how positions show the file. */
  async *file(name: string, chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<ParsedRecord[]> {
    const splitter = new JsonRecordSplitter(name);
    const decoder = new Utf8Text();
    for await (const chunk of chunks) {
      this.progress.bytes += chunk.length;
      // Decoding copies the bytes, so the chunk's memory may be reused once this returns.
      const text = decoder.write(chunk);
      if (decoder.invalid) splitter.rejectReplacementCharacters();
      splitter.push(text, this.batch);
      if (this.batch.length >= BATCH_RECORDS) yield this.take();
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
