import { S3Client } from '@aws-sdk/client-s3';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type DwhConfig } from '../../src/config/dwh-cfg.js';
import { SparkifyError } from '../../src/errors.js';
import type { ParsedRecord } from '../../src/sources/json-records.js';
import { readS3Text, S3Source, type S3SourceOptions } from '../../src/sources/s3.js';
import { startLocalS3, TEST_CREDENTIALS, type LocalS3 } from '../helpers/s3-server.js';
import { enableS3rverPaging } from '../../src/bench/s3rver-paging.js';

let s3: LocalS3;
let config: DwhConfig;

beforeAll(async () => {
  enableS3rverPaging();
  s3 = await startLocalS3(['bucket']);
  config = loadConfig('no-such.cfg', { env: {} });
  config.s3.endpoint = s3.endpoint;
  config.s3.forcePathStyle = true;
  await s3.put('bucket', 'in/a.json', '{"x":1}\n{"x":2}\n');
  await s3.put('bucket', 'in/b/c.json', '{\n  "x": 3,\n  "s": "multi-line object, emoji 😀"\n}');
  await s3.put('bucket', 'in/d.json.gz', gzipSync('{"x":4}\n{"x":5}'));
  await s3.put('bucket', 'in/e.json', '{"x":6}\n{"x":7,}\n{"x":8}\n');
  await s3.put('bucket', 'in/notes.txt', 'not input');
  await s3.put('bucket', 'bad/broken.json.gz', 'this is not gzip');
  await s3.put('bucket', 'other/z.json', '{"x":99}');
  await s3.put('bucket', 'paths/log_json_path.json', '{"jsonpaths": ["$[\'x\']"]}');
});
afterAll(() => s3?.close());

async function read(location: string, options: S3SourceOptions = {}): Promise<ParsedRecord[]> {
  const records: ParsedRecord[] = [];
  for await (const batch of new S3Source(location, config, options).batches()) records.push(...batch);
  return records;
}

const brief = (records: ParsedRecord[]) => records.map((r) => [r.file.replace('s3://bucket/', ''), r.line, r.value?.x ?? r.error]);

describe('S3Source', () => {
  it('reads every JSON object under a prefix in key order, with s3:// positions, gzip included', async () => {
    const source = new S3Source('s3://bucket/in/', config);
    const records: ParsedRecord[] = [];
    let files = 0;
    for await (const batch of source.batches((p) => (files = p.files))) records.push(...batch);
    expect(brief(records)).toEqual([
      ['in/a.json', 1, 1],
      ['in/a.json', 2, 2],
      ['in/b/c.json', 1, 3],
      ['in/d.json.gz', 1, 4],
      ['in/d.json.gz', 2, 5],
      ['in/e.json', 1, 6],
      ['in/e.json', 2, expect.stringMatching(/^malformed JSON: /)],
      ['in/e.json', 3, 8],
    ]);
    expect(records[2]!.value).toEqual({ x: 3, s: 'multi-line object, emoji 😀' });
    expect(files).toBe(4);
    expect(source.skipped).toEqual(['s3://bucket/in/notes.txt']);
  }, 30_000);

  it('an object it cannot decompress is one rejected record naming it (the load decides with --max-errors)', async () => {
    const records = await read('s3://bucket/bad/');
    expect(records).toEqual([
      { file: 's3://bucket/bad/broken.json.gz', line: 1, lines: 1, error: 'the file cannot be read from here on: not valid gzip data (incorrect header check)' },
    ]);
  });

  it('reads the same records whether objects are fetched ahead or streamed one at a time', async () => {
    const ahead = await read('s3://bucket/in/e');
    const streamed = await read('s3://bucket/in/e', { prefetchMaxBytes: 0 });
    const oneByOne = await read('s3://bucket/in/e', { fetchAhead: 1 });
    expect(brief(ahead)).toEqual([
      ['in/e.json', 1, 6],
      ['in/e.json', 2, expect.stringMatching(/^malformed JSON/)],
      ['in/e.json', 3, 8],
    ]);
    expect(streamed).toEqual(ahead);
    expect(oneByOne).toEqual(ahead);
  });

  it('fails with one line for a missing bucket, and reads nothing from an empty prefix', async () => {
    const missing = read('s3://no-such-bucket/song_data');
    await expect(missing).rejects.toBeInstanceOf(SparkifyError);
    await expect(missing).rejects.toMatchObject({ title: 'S3 error', message: 's3://no-such-bucket/song_data: the bucket does not exist' });
    expect(await read('s3://bucket/nothing-here/')).toEqual([]);
  });

  it('follows the listing over every page, in key order, skipping what is not JSON on any page', async () => {
    const keys = Array.from({ length: 34 }, (_, i) => `paged/${String(i).padStart(2, '0')}.json`);
    for (const key of keys) await s3.put('bucket', key, `{"x":${Number(key.slice(6, 8))}}\n`);
    await s3.put('bucket', 'paged/17.txt', 'not input');
    const pages: number[] = [];
    let listings = 0;
    const client = new S3Client({ region: 'us-west-2', endpoint: s3.endpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS });
    client.middlewareStack.add((next, context) => (args) => ((listings += context.commandName === 'ListObjectsV2Command' ? 1 : 0), next(args)), { step: 'initialize' });
    const source = new S3Source('s3://bucket/paged/', config, { pageSize: 10, client });
    const records: ParsedRecord[] = [];
    for await (const batch of source.batches((p) => pages.push(p.files))) records.push(...batch);
    // 35 keys at 10 a page: four pages, the .txt in the second.
    expect(records.map((r) => r.value?.x)).toEqual(keys.map((_, i) => i));
    expect(records.map((r) => r.file)).toEqual(keys.map((k) => `s3://bucket/${k}`));
    expect(source.skipped).toEqual(['s3://bucket/paged/17.txt']);
    expect(Math.max(...pages)).toBe(34);
    expect(listings).toBe(4);
    client.destroy();
  }, 30_000);

  it('fails with one line when S3 cannot be reached', async () => {
    const unreachable = { ...config, s3: { ...config.s3, endpoint: 'http://127.0.0.1:1' } };
    const source = new S3Source('s3://bucket/in', unreachable);
    const error = await (async () => {
      for await (const _batch of source.batches()) return undefined;
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ title: 'S3 error', message: expect.stringMatching(/^s3:\/\/bucket\/in: cannot reach S3/) });
  }, 30_000);
});

describe('readS3Text', () => {
  it('reads a jsonpaths object, and names a missing one or a bucket-only URL in one line', async () => {
    expect(await readS3Text('s3://bucket/paths/log_json_path.json', config)).toBe('{"jsonpaths": ["$[\'x\']"]}');
    await expect(readS3Text('s3://bucket/paths/missing.json', config)).rejects.toMatchObject({
      title: 'S3 error',
      message: 's3://bucket/paths/missing.json: no such object',
    });
    await expect(readS3Text('s3://bucket', config)).rejects.toThrow('s3://bucket names a bucket but no object');
  });
});
