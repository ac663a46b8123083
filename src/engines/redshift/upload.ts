import { DeleteObjectsCommand, paginateListObjectsV2, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { DataError } from '../../errors.js';
import { parseS3Url, s3Error } from '../../sources/s3.js';
import type { RecordSource } from '../../sources/source.js';
import type { Rejection } from '../../etl/load-json.js';

/**
 * Redshift's COPY time on many tiny files is dominated by per-file cost (the classic song_data, one song per
 * file, takes about 40 minutes that way). Local input is therefore rewritten into a few large parts of gzip
 * NDJSON, one record per line, listed in a manifest that COPY reads with MANIFEST GZIP.
 *
 * Records are re-serialised with JSON.stringify: a record spread over several lines becomes one line, and a
 * part's line number identifies one record, which maps a load error back to its input file and line. Values are
 * those the local engines load (a number's text is JavaScript's shortest form, as the local engines store it).
 */
export interface CompactOptions {
  source: RecordSource;
  s3: S3Client;
  /** `s3://bucket/prefix/` the parts go under (see partsPrefix); objects there that are not new parts are deleted. */
  partsUrl: string;
  /** `s3://bucket/key` of the manifest to write. */
  manifestUrl: string;
  /** Uncompressed bytes per part; default 128 MiB (about 10-20 MiB gzipped, within Redshift's 1 MB-1 GB advice). */
  partBytes?: number;
  /** Parts being uploaded at once while the next one is written; default 3. */
  concurrency?: number;
  onProgress?: (progress: { records: number; files: number; bytes: number; parts: number }) => void;
  /** A record that is not a JSON object, or that `validate` refuses: reported here and left out of the parts. */
  onReject?: (rejection: Rejection) => void;
  /** The reason a record would be rejected by the local engines' staging (bad values), or undefined. */
  validate?: (record: Record<string, unknown>) => string | undefined;
  signal?: AbortSignal;
}

export interface UploadedPart {
  url: string;
  records: number;
  /** Gzipped size in S3. */
  bytes: number;
}

export interface CompactResult {
  manifestUrl: string;
  parts: UploadedPart[];
  records: number;
  files: number;
  /** Bytes read from the input. */
  bytes: number;
  rejected: Rejection[];
  /** The input file and line of a part's line (1-based), for load errors. */
  locate(partUrl: string, line: number): { file: string; line: number } | undefined;
}

/** Uncompressed bytes per part unless told otherwise: 128 MiB, about 10-20 MiB gzipped. */
const PART_BYTES = 128 * 1024 * 1024;

/** Parts for `totalBytes` of input: a multiple of the cluster's slices (each slice loads one at a time), each about `target` or less. */
export function planPartBytes(totalBytes: number, slices: number, target = PART_BYTES): number {
  let parts = Math.max(1, Math.ceil(totalBytes / target));
  // Splitting a small input across slices costs more in per-file overhead than it saves: only past ~1 MiB a slice.
  if (slices > 1 && totalBytes >= slices * 1024 * 1024) parts = Math.ceil(parts / slices) * slices;
  return Math.max(1, Math.ceil(totalBytes / parts));
}

class PartWriter {
  readonly chunks: Buffer[] = [];
  readonly gzip = createGzip({ level: 6 });
  readonly fileIndex: number[] = [];
  readonly lines: number[] = [];
  rawBytes = 0;
  constructor(
    readonly url: string,
    readonly key: string,
  ) {
    this.gzip.on('data', (chunk: Buffer) => this.chunks.push(chunk));
  }
  async write(text: string): Promise<void> {
    this.rawBytes += Buffer.byteLength(text);
    if (!this.gzip.write(text)) await once(this.gzip, 'drain');
  }
  async finish(): Promise<Buffer> {
    const ended = once(this.gzip, 'end');
    this.gzip.end();
    await ended;
    return Buffer.concat(this.chunks);
  }
}

export async function compactToS3(options: CompactOptions): Promise<CompactResult> {
  const partBytes = options.partBytes ?? PART_BYTES;
  const concurrency = Math.max(1, options.concurrency ?? 3);
  const { bucket, prefix } = parseS3Url(options.partsUrl);
  const files: string[] = [];
  const fileIds = new Map<string, number>();
  const parts: (UploadedPart & { key: string; fileIndex: number[]; lines: number[] })[] = [];
  const rejected: Rejection[] = [];
  const inFlight: Promise<void>[] = [];
  const progress = { records: 0, files: 0, bytes: 0, parts: 0 };
  let current: PartWriter | undefined;

  const flush = async (): Promise<void> => {
    if (!current) return;
    const writer = current;
    current = undefined;
    const body = await writer.finish();
    const part = { url: writer.url, key: writer.key, records: writer.lines.length, bytes: body.length, fileIndex: writer.fileIndex, lines: writer.lines };
    parts.push(part);
    const upload = putObject(options.s3, writer.url, body, 'application/gzip', options.signal);
    upload.catch(() => undefined); // awaited below; an early failure must not count as unhandled
    inFlight.push(upload);
    if (inFlight.length >= concurrency) await inFlight.shift();
    progress.parts = parts.length;
  };

  for await (const batch of options.source.batches((p) => {
    progress.files = p.files;
    progress.bytes = p.bytes;
  })) {
    options.signal?.throwIfAborted();
    for (const record of batch) {
      const reason = record.error ?? options.validate?.(record.value);
      if (reason !== undefined) {
        if (record.error !== undefined && record.fatal) throw new DataError(record.file, record.line, record.error);
        const r = { file: record.file, line: record.line, lines: record.lines, reason, text: record.text };
        rejected.push(r);
        options.onReject?.(r);
        continue;
      }
      if (!current) {
        const key = `${prefix}part-${String(parts.length).padStart(5, '0')}.json.gz`;
        current = new PartWriter(`s3://${bucket}/${key}`, key);
      }
      let id = fileIds.get(record.file);
      if (id === undefined) fileIds.set(record.file, (id = files.push(record.file) - 1));
      current.fileIndex.push(id);
      current.lines.push(record.line);
      await current.write(`${JSON.stringify(record.value!)}\n`);
      progress.records++;
      if (current.rawBytes >= partBytes) await flush();
    }
    options.onProgress?.(progress);
  }
  await flush();
  await Promise.all(inFlight);

  const manifest = { entries: parts.map((p) => ({ url: p.url, mandatory: true, meta: { content_length: p.bytes } })) };
  await putObject(options.s3, options.manifestUrl, `${JSON.stringify(manifest, null, 2)}\n`, 'application/json', options.signal);
  await deleteStale(options.s3, bucket, prefix, new Set(parts.map((p) => p.key)));
  options.onProgress?.(progress);

  const byUrl = new Map(parts.map((p) => [p.url, p]));
  return {
    manifestUrl: options.manifestUrl,
    parts: parts.map(({ url, records, bytes }) => ({ url, records, bytes })),
    records: progress.records,
    files: progress.files,
    bytes: progress.bytes,
    rejected,
    locate(partUrl, line) {
      const part = byUrl.get(partUrl.trim());
      const index = line - 1;
      if (!part || index < 0 || index >= part.lines.length) return undefined;
      return { file: files[part.fileIndex[index]!]!, line: part.lines[index]! };
    },
  };
}

/** Uploads one object; a failure is an S3 error that names its URL. */
export async function putObject(s3: S3Client, url: string, body: Buffer | string, contentType: string, signal?: AbortSignal): Promise<void> {
  const { bucket, prefix: key } = parseS3Url(url);
  try {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }), { abortSignal: signal });
  } catch (error) {
    throw s3Error(error, url);
  }
}

/** Parts of an earlier, larger upload would sit next to the new ones; the manifest ignores them, but they cost storage. */
async function deleteStale(s3: S3Client, bucket: string, prefix: string, keep: Set<string>): Promise<void> {
  const stale: string[] = [];
  try {
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) {
      for (const object of page.Contents ?? []) if (object.Key && !keep.has(object.Key)) stale.push(object.Key);
    }
    for (let i = 0; i < stale.length; i += 1000) {
      const Objects = stale.slice(i, i + 1000).map((Key) => ({ Key }));
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects, Quiet: true } }));
    }
  } catch (error) {
    throw s3Error(error, `s3://${bucket}/${prefix}`);
  }
}
