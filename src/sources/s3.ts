import { GetObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { quietAwsSdk } from '../aws-client.js';
import type { DwhConfig } from '../config/dwh-cfg.js';
import { ConfigError, errorText, SparkifyError } from '../errors.js';
import type { ParsedRecord } from './json-records.js';
import { RecordBatches } from './record-batches.js';
import { isGzip, isJsonFile, listingTotals, type InputFile, type ReadProgress, type RecordSource } from './source.js';

export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(url.trim());
  if (!m || !m[1]) throw new ConfigError(`"${url}" is not an S3 location (s3://bucket/prefix)`);
  return { bucket: m[1], prefix: m[2] ?? '' };
}

/**
 * An S3 client from dwh.cfg: [S3] REGION (else AWS_REGION, else us-west-2, where the classic Sparkify bucket
 * lives; a bucket elsewhere is followed there), [S3] ENDPOINT and FORCE_PATH_STYLE for S3-compatible stores,
 * and the standard AWS credential chain (environment, profile, SSO, instance role), which it never prints.
 */
export function s3Client(config: DwhConfig): S3Client {
  quietAwsSdk();
  return new S3Client({
    region: config.s3.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-west-2',
    ...(config.s3.endpoint ? { endpoint: config.s3.endpoint } : {}),
    forcePathStyle: config.s3.forcePathStyle,
    followRegionRedirects: true,
  });
}

/** Options of an S3 source. */
export interface S3SourceOptions {
  /** Objects fetched ahead of the one being parsed, at most; default 32 (S3 answers each in tens of ms). */
  fetchAhead?: number;
  /** Objects up to this size are fetched whole ahead of their turn; larger ones are streamed in turn. Default 8 MiB. */
  prefetchMaxBytes?: number;
  /** Bytes that objects fetched ahead may hold in all; default 64 MiB. */
  aheadMaxBytes?: number;
  /** A client to use (and leave open); by default one is made from the config and closed after each read. */
  client?: S3Client;
  /** Keys asked for per listing page; default (and S3's most) 1,000. Smaller pages let a test cross pages cheaply. */
  pageSize?: number;
}

interface Ahead {
  key: string;
  size: number;
  /** The whole object, already on its way; undefined for a large object, streamed when its turn comes. */
  body?: Promise<Buffer>;
}

/**
 * Every JSON object under an S3 prefix (a plain key prefix, as Redshift's COPY reads it), in key order.
 * The listing follows every page (S3 returns at most 1,000 keys a page); small objects are fetched a
 * bounded number ahead while earlier ones are parsed, so thousands of small song files do not cost a
 * round trip each, and memory stays bounded whatever the number of objects.
 */
export class S3Source implements RecordSource {
  readonly skipped: string[] = [];
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(
    readonly location: string,
    private readonly config: DwhConfig,
    private readonly options: S3SourceOptions = {},
  ) {
    ({ bucket: this.bucket, prefix: this.prefix } = parseS3Url(location));
  }

  private async *objects(client: S3Client): AsyncGenerator<{ key: string; size: number; etag: string }> {
    this.skipped.length = 0;
    try {
      for await (const page of paginateListObjectsV2({ client, pageSize: this.options.pageSize }, { Bucket: this.bucket, Prefix: this.prefix })) {
        for (const object of page.Contents ?? []) {
          if (!object.Key || object.Key.endsWith('/')) continue;
          if (isJsonFile(object.Key)) yield { key: object.Key, size: object.Size ?? 0, etag: object.ETag ?? '' };
          else this.skipped.push(`s3://${this.bucket}/${object.Key}`);
        }
      }
    } catch (error) {
      throw s3Error(error, `s3://${this.bucket}/${this.prefix}`);
    }
  }

  /** Every input object under the prefix with its size and ETag (one listing; a key and a few fields each in memory). */
  async list(): Promise<InputFile[]> {
    const client = this.options.client ?? s3Client(this.config);
    try {
      return await this.listWith(client);
    } finally {
      if (!this.options.client) client.destroy();
    }
  }

  private async listWith(client: S3Client): Promise<InputFile[]> {
    const out: InputFile[] = [];
    for await (const o of this.objects(client)) out.push({ id: `s3://${this.bucket}/${o.key}`, name: `s3://${this.bucket}/${o.key}`, size: o.size, version: o.etag });
    return out;
  }

  async *batches(onFile?: (progress: ReadProgress) => void, only?: readonly InputFile[]): AsyncGenerator<ParsedRecord[]> {
    const client = this.options.client ?? s3Client(this.config);
    const fetchAhead = Math.max(1, this.options.fetchAhead ?? 32);
    const prefetchMax = this.options.prefetchMaxBytes ?? 8 * 1024 * 1024;
    const aheadMax = this.options.aheadMaxBytes ?? 64 * 1024 * 1024;
    // Listed whole before the first read, so that progress can say x of N objects (a key and a size each in memory).
    const all: { key: string; size: number }[] = [];
    const listing = (async function* () {
      yield* all;
    })();
    const ahead: Ahead[] = [];
    let aheadBytes = 0;
    let listed = false;
    const fill = async (): Promise<void> => {
      while (!listed && ahead.length < fetchAhead && aheadBytes < aheadMax) {
        const next = await listing.next();
        if (next.done) {
          listed = true;
          return;
        }
        const { key, size } = next.value;
        const entry: Ahead = { key, size };
        if (size <= prefetchMax) {
          entry.body = fetchWhole(client, this.bucket, key);
          entry.body.catch(() => undefined); // awaited in its turn
          aheadBytes += size;
        }
        ahead.push(entry);
      }
    };

    const batches = new RecordBatches(onFile);
    try {
      const keyOf = (id: string): string => id.slice(`s3://${this.bucket}/`.length);
      for (const file of only ?? (await this.listWith(client))) all.push({ key: keyOf(file.id), size: file.size });
      batches.listed(listingTotals(all.map((o) => ({ name: o.key, size: o.size }))));
      await fill();
      while (ahead.length > 0) {
        const entry = ahead.shift()!;
        if (entry.body) aheadBytes -= entry.size;
        await fill();
        yield* batches.file(`s3://${this.bucket}/${entry.key}`, contents(client, this.bucket, entry));
      }
      yield* batches.rest();
    } finally {
      await listing.return(undefined);
      // Fetches still ahead (a stop on a bad record) are cut off with the client; their failures are ignored.
      if (!this.options.client) client.destroy();
    }
  }
}

async function fetchWhole(client: S3Client, bucket: string, key: string): Promise<Buffer> {
  const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return response.Body ? Buffer.from(await response.Body.transformToByteArray()) : Buffer.alloc(0);
}

/** The bytes of one object (unzipped when its name ends in .gz); any failure names the object. */
async function* contents(client: S3Client, bucket: string, entry: Ahead): AsyncGenerator<Buffer> {
  const name = `s3://${bucket}/${entry.key}`;
  try {
    let source: Readable;
    if (entry.body) {
      source = Readable.from([await entry.body]);
    } else {
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: entry.key }));
      source = (response.Body as Readable | undefined) ?? Readable.from([]);
    }
    const stream = isGzip(entry.key) ? pipeline(source, createGunzip(), () => undefined) : source;
    yield* stream as AsyncIterable<Buffer>;
  } catch (error) {
    throw s3Error(error, name);
  }
}

/** The first input object under a prefix, listing only until one is found (for the ETL's input check). */
export async function firstJsonKey(location: string, config: DwhConfig): Promise<string | undefined> {
  const { bucket, prefix } = parseS3Url(location);
  const client = s3Client(config);
  try {
    for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix })) {
      const hit = (page.Contents ?? []).find((o) => o.Key && !o.Key.endsWith('/') && isJsonFile(o.Key));
      if (hit?.Key) return hit.Key;
    }
    return undefined;
  } catch (error) {
    throw s3Error(error, location);
  } finally {
    client.destroy();
  }
}

/** How many input objects a prefix holds and their bytes; `more` once it holds more than `limit` (listing stops there). */
export async function countObjects(location: string, config: DwhConfig, limit = Number.POSITIVE_INFINITY): Promise<{ objects: number; bytes: number; more: boolean }> {
  const { bucket, prefix } = parseS3Url(location);
  const client = s3Client(config);
  let objects = 0;
  let bytes = 0;
  try {
    for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix })) {
      for (const o of page.Contents ?? []) {
        if (!o.Key || o.Key.endsWith('/') || !isJsonFile(o.Key)) continue;
        objects++;
        bytes += o.Size ?? 0;
        if (objects > limit) return { objects, bytes, more: true };
      }
    }
    return { objects, bytes, more: false };
  } catch (error) {
    throw s3Error(error, location);
  } finally {
    client.destroy();
  }
}

/** Reads one small object as text (a jsonpaths file). */
export async function readS3Text(url: string, config: DwhConfig, client?: S3Client): Promise<string> {
  const { bucket, prefix } = parseS3Url(url);
  if (!prefix) throw new ConfigError(`${url} names a bucket but no object`);
  const own = client ?? s3Client(config);
  try {
    const response = await own.send(new GetObjectCommand({ Bucket: bucket, Key: prefix }));
    return (await response.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    throw s3Error(error, url);
  } finally {
    if (!client) own.destroy();
  }
}

/** AWS errors as one line each, naming the location; credentials are never part of the message. */
export function s3Error(error: unknown, location: string): SparkifyError {
  if (error instanceof SparkifyError) return error;
  const e = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? '';
  const text = `${name} ${e?.code ?? ''} ${e?.message ?? ''}`;
  const status = e?.$metadata?.httpStatusCode;
  let message: string;
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(text)) {
    message = `${location}: no AWS credentials found (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)`;
  } else if (/^(InvalidAccessKeyId|SignatureDoesNotMatch|ExpiredToken|InvalidToken)$/.test(name)) {
    message = `${location}: the AWS credentials were refused (${name})`;
  } else if (name === 'NoSuchBucket') message = `${location}: the bucket does not exist`;
  else if (name === 'NoSuchKey' || name === 'NotFound' || status === 404) message = `${location}: no such object`;
  else if (name === 'AccessDenied' || status === 403) message = `${location}: access denied (check the credentials' permissions on the bucket)`;
  else if (/region is missing/i.test(text)) message = `${location}: no AWS region set ([S3] REGION or AWS_REGION)`;
  else if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|TimeoutError/.test(text)) {
    message = `${location}: cannot reach S3${e?.message ? ` (${e.message})` : ''}`;
  } else if (/incorrect header check|unexpected end of file|Z_DATA_ERROR|Z_BUF_ERROR/i.test(text)) {
    message = `${location}: not valid gzip data (${e?.message ?? name})`;
  } else message = `${location}: ${e?.message || name || errorText(error)}`;
  return new SparkifyError('S3 error', message, { cause: error });
}
