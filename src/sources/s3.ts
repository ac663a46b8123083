import { GetObjectCommand, paginateListObjectsV2, S3Client, type _Object } from '@aws-sdk/client-s3';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import type { DwhConfig } from '../config/dwh-cfg.js';
import { ConfigError, SparkifyError } from '../errors.js';
import { JsonRecordSplitter, type ParsedRecord } from './json-records.js';
import { BATCH_RECORDS, isGzip, isJsonFile, type ReadProgress, type RecordSource } from './source.js';

/** Objects fetched ahead of the one being parsed. */
const FETCH_AHEAD = 16;
/** Objects up to this size are fetched whole while earlier ones are parsed; larger ones are streamed in turn. */
const PREFETCH_MAX_BYTES = 8 * 1024 * 1024;

export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(url.trim());
  if (!m || !m[1]) throw new ConfigError(`"${url}" is not an S3 location (s3://bucket/prefix)`);
  return { bucket: m[1], prefix: m[2] ?? '' };
}

/** An S3 client from dwh.cfg: region, optional endpoint (any S3-compatible store), standard credential chain. */
export function s3Client(config: DwhConfig): S3Client {
  return new S3Client({
    region: config.s3.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-west-2',
    ...(config.s3.endpoint ? { endpoint: config.s3.endpoint } : {}),
    forcePathStyle: config.s3.forcePathStyle,
  });
}

/** Every JSON object under an S3 prefix, listed page by page (any number of keys), fetched with bounded concurrency. */
export class S3Source implements RecordSource {
  readonly skipped: string[] = [];
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly client: S3Client;

  constructor(
    readonly location: string,
    config: DwhConfig,
    client?: S3Client,
  ) {
    ({ bucket: this.bucket, prefix: this.prefix } = parseS3Url(location));
    this.client = client ?? s3Client(config);
  }

  /** Keys under the prefix, in S3's (lexicographic) order, following every page. */
  async *objects(): AsyncGenerator<_Object> {
    try {
      for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: this.bucket, Prefix: this.prefix })) {
        for (const object of page.Contents ?? []) {
          if (!object.Key || object.Key.endsWith('/')) continue;
          if (isJsonFile(object.Key)) yield object;
          else this.skipped.push(`s3://${this.bucket}/${object.Key}`);
        }
      }
    } catch (error) {
      throw s3Error(error, `s3://${this.bucket}/${this.prefix}`);
    }
  }

  async *batches(onFile?: (progress: ReadProgress) => void): AsyncGenerator<ParsedRecord[]> {
    this.skipped.length = 0;
    const progress: ReadProgress = { files: 0, bytes: 0 };
    const window: { key: string; body: Promise<Buffer | Readable> }[] = [];
    const listing = this.objects();
    let listed = false;
    let batch: ParsedRecord[] = [];
    const fill = async (): Promise<void> => {
      while (!listed && window.length < FETCH_AHEAD) {
        const next = await listing.next();
        if (next.done) {
          listed = true;
          break;
        }
        const key = next.value.Key!;
        const body = this.fetch(key, (next.value.Size ?? 0) <= PREFETCH_MAX_BYTES);
        body.catch(() => undefined); // awaited in turn below
        window.push({ key, body });
      }
    };
    await fill();
    while (window.length > 0) {
      const { key, body } = window.shift()!;
      await fill();
      const name = `s3://${this.bucket}/${key}`;
      const splitter = new JsonRecordSplitter(name);
      const decoder = new StringDecoder('utf8');
      let content: Buffer | Readable;
      try {
        content = await body;
      } catch (error) {
        throw s3Error(error, name);
      }
      let stream: AsyncIterable<Buffer> | Iterable<Buffer> = Buffer.isBuffer(content) ? [content] : (content as AsyncIterable<Buffer>);
      if (isGzip(key)) stream = (Buffer.isBuffer(content) ? Readable.from([content]) : content).pipe(createGunzip());
      for await (const chunk of stream) {
        progress.bytes += chunk.length;
        splitter.push(decoder.write(chunk), batch);
        if (batch.length >= BATCH_RECORDS) {
          yield batch;
          batch = [];
        }
      }
      splitter.push(decoder.end(), batch);
      splitter.end(batch);
      progress.files++;
      onFile?.(progress);
      if (batch.length >= BATCH_RECORDS) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  private async fetch(key: string, whole: boolean): Promise<Buffer | Readable> {
    const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const body = response.Body as (Readable & { transformToByteArray?: () => Promise<Uint8Array> }) | undefined;
    if (!body) return Buffer.alloc(0);
    if (!whole) return body;
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks);
  }
}

/** Reads one small object as text (a jsonpaths file). */
export async function readS3Text(url: string, config: DwhConfig, client = s3Client(config)): Promise<string> {
  const { bucket, prefix } = parseS3Url(url);
  try {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: prefix }));
    return (await response.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    throw s3Error(error, url);
  }
}

/** AWS errors as one line each, naming the location; credentials are never part of the message. */
export function s3Error(error: unknown, location: string): SparkifyError {
  if (error instanceof SparkifyError) return error;
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? '';
  const status = e?.$metadata?.httpStatusCode;
  let message: string;
  if (name === 'CredentialsProviderError' || /credential/i.test(name)) {
    message = `${location}: no AWS credentials found (set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)`;
  } else if (name === 'NoSuchBucket') message = `${location}: the bucket does not exist`;
  else if (name === 'NoSuchKey' || status === 404) message = `${location}: no such object`;
  else if (name === 'AccessDenied' || status === 403) message = `${location}: access denied`;
  else if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT/.test(`${name} ${e?.message}`)) {
    message = `${location}: cannot reach S3 (${e?.message ?? name})`;
  } else message = `${location}: ${e?.message ?? String(error)}`;
  return new SparkifyError('S3 error', message, { cause: error });
}
