import type { ParsedRecord } from './json-records.js';

/** Progress of a read, cumulative. */
export interface ReadProgress {
  files: number;
  bytes: number;
  /** Input files in all, from the listing made before the first read. */
  filesTotal?: number;
  /**
   * Bytes in all, when they can be compared with `bytes`: left out when some file is compressed (the listing
   * knows stored sizes, the read counts the text).
   */
  bytesTotal?: number;
}

/** The totals of a listing, as ReadProgress carries them. */
export function listingTotals(files: readonly { name: string; size: number }[]): Pick<ReadProgress, 'filesTotal' | 'bytesTotal'> {
  const compressed = files.some((f) => isGzip(f.name));
  return { filesTotal: files.length, ...(compressed ? {} : { bytesTotal: files.reduce((sum, f) => sum + f.size, 0) }) };
}

/** One input file as a listing found it: what the ledger records, and incremental loads compare. */
export interface InputFile {
  /** What names it for good: an absolute local path, or s3://bucket/key. */
  id: string;
  /** How its records name it (positions, rejections): a local path as the user sees it, the s3:// URL. */
  name: string;
  /** Bytes as stored (compressed, for .gz). */
  size: number;
  /** What changes when its contents do: a local file's modification time (ms), an S3 object's ETag. */
  version: string;
}

/**
 * A place holding JSON input files (a local folder or file, or an S3 prefix). Records come out in batches,
 * in a stable order (files sorted by name), each with its file and line.
 */
export interface RecordSource {
  /** The location as the user wrote it (`s3://bucket/prefix`, a folder). */
  readonly location: string;
  /** The input files under the location, sorted, with what identifies each version of them. */
  list(): Promise<InputFile[]>;
  /**
   * Reads the input files under the location (`files`: exactly these, from an earlier `list`, in their order).
   * Batches hold up to a few thousand records.
   */
  batches(onFile?: (progress: ReadProgress) => void, files?: readonly InputFile[]): AsyncIterable<ParsedRecord[]>;
  /** Files that were passed over (not JSON), so the caller can say so instead of dropping them silently. */
  readonly skipped: string[];
}

/** Input file names the sources read; anything else under a prefix is reported as skipped. */
export function isJsonFile(name: string): boolean {
  return /\.(json|jsonl|ndjson)(\.gz)?$/i.test(name);
}

export function isGzip(name: string): boolean {
  return /\.gz$/i.test(name);
}

/** Target size of a batch of records. */
export const BATCH_RECORDS = 4096;

/** What a listing passed over, said once (never dropped silently): undefined when nothing was. */
export function skippedWarning(location: string, skipped: readonly string[]): string | undefined {
  return skipped.length > 0 ? `${location}: ${skipped.length} file(s) that are not JSON were skipped, e.g. ${skipped[0]}` : undefined;
}
