import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compactToS3, planPartBytes, type CompactOptions, type CompactResult } from '../../src/engines/redshift/upload.js';
import { LocalSource } from '../../src/sources/local.js';
import { writeFixture } from '../helpers/fixture.js';
import { tempDir } from '../helpers/paths.js';
import { useLocalStaging } from './local-staging.js';

const local = useLocalStaging(['staging']);

/** Compacts a local folder into parts under s3://staging/<at>/ and the manifest s3://staging/<at>.manifest. */
function compact(folder: string, at: string, options: Partial<CompactOptions> = {}): Promise<CompactResult> {
  return compactToS3({ source: new LocalSource(folder), s3: local.s3.client, partsUrl: `s3://staging/${at}/`, manifestUrl: `s3://staging/${at}.manifest`, ...options });
}

async function object(key: string): Promise<Buffer> {
  const out = await local.s3.client.send(new GetObjectCommand({ Bucket: 'staging', Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

async function keys(prefix: string): Promise<string[]> {
  const out = await local.s3.client.send(new ListObjectsV2Command({ Bucket: 'staging', Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

async function inputRecords(folder: string): Promise<{ file: string; line: number; value?: Record<string, unknown> }[]> {
  const out = [];
  for await (const batch of new LocalSource(folder).batches()) out.push(...batch);
  return out;
}

describe('compacting local input into gzip NDJSON parts with a manifest', () => {
  it('writes parts whose records equal the input, and a manifest listing every part as mandatory', async () => {
    // A stale part of an earlier, larger upload: the manifest must not list it and it is removed.
    await local.s3.put('staging', 'etl/staging_events/part-00007.json.gz', 'old');
    const progress: number[] = [];
    const result = await compact(local.fixture.logData, 'etl/staging_events', {
      // Records are 282-355 bytes as NDJSON: parts close at the first record that reaches 1000 bytes.
      partBytes: 1000,
      onProgress: (p) => progress.push(p.records),
    });

    expect(result.parts.map((p) => [p.url, p.records])).toEqual([
      ['s3://staging/etl/staging_events/part-00000.json.gz', 3],
      ['s3://staging/etl/staging_events/part-00001.json.gz', 4],
      ['s3://staging/etl/staging_events/part-00002.json.gz', 1],
    ]);
    expect(result.records).toBe(8);
    expect(result.files).toBe(2);
    expect(progress.at(-1)).toBe(8);
    expect(await keys('etl/')).toEqual([
      'etl/staging_events.manifest',
      'etl/staging_events/part-00000.json.gz',
      'etl/staging_events/part-00001.json.gz',
      'etl/staging_events/part-00002.json.gz',
    ]);

    const manifest = JSON.parse((await object('etl/staging_events.manifest')).toString('utf8')) as { entries: unknown[] };
    const sizes = await Promise.all(result.parts.map(async (p) => (await object(new URL(p.url).pathname.slice(1))).length));
    expect(manifest).toEqual({
      entries: result.parts.map((p, i) => ({ url: p.url, mandatory: true, meta: { content_length: sizes[i] } })),
    });

    const lines: string[] = [];
    for (const part of result.parts) {
      const body = await object(new URL(part.url).pathname.slice(1));
      expect(body.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      const text = gunzipSync(body).toString('utf8');
      expect(text.endsWith('\n')).toBe(true);
      lines.push(...text.slice(0, -1).split('\n'));
    }
    const input = await inputRecords(local.fixture.logData);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(input.map((r) => r.value));
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);

    // A load error's part and line lead back to the input file and line.
    expect(result.locate('s3://staging/etl/staging_events/part-00001.json.gz', 3)).toEqual({ file: input[5]!.file, line: input[5]!.line });
    expect(result.locate('s3://staging/etl/staging_events/part-00002.json.gz', 1)).toEqual({ file: input[7]!.file, line: 3 });
    expect(result.locate('s3://staging/etl/staging_events/part-00002.json.gz', 2)).toBeUndefined();
  });

  it('turns pretty-printed song files into one line per record, keeping strings byte for byte', async () => {
    const result = await compact(local.fixture.songData, 'etl/staging_songs');
    expect(result.parts).toHaveLength(1);
    const text = gunzipSync(await object('etl/staging_songs/part-00000.json.gz')).toString('utf8');
    const records = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => r.title)).toEqual(['Song A', 'Song B', 'Q"uote, Song']);
    expect(records[2]!.artist_name).toBe('Émoji 😀');
    // The pretty-printed file's record starts on its line 1.
    expect(result.locate('s3://staging/etl/staging_songs/part-00000.json.gz', 3)).toEqual({ file: join(local.fixture.songData, 'A/B/A/TRABAAA000000003.json').replace(`${process.cwd()}/`, ''), line: 1 });
  });

  it('reports records that are not JSON objects and leaves them out of the parts', async () => {
    const bad = tempDir();
    const copy = writeFixture(bad.dir);
    const file = join(copy.logData, '2018', '11', '2018-11-02-events.json');
    appendFileSync(file, '\n{"page": "Home", oops}\n');
    const rejected: string[] = [];
    const result = await compact(copy.logData, 'bad/staging_events', {
      onReject: (r) => rejected.push(`${r.file.endsWith('2018-11-02-events.json')}:${r.line}`),
    });
    expect(rejected).toEqual(['true:4']);
    expect(result.records).toBe(8);
    expect(result.rejected).toHaveLength(1);
    bad.cleanup();
  });
});

describe('part sizes', () => {
  it('makes parts a multiple of the slices once the input is big enough, each at most the target', () => {
    const MiB = 1024 * 1024;
    expect(planPartBytes(500_000, 4)).toBe(500_000);
    expect(planPartBytes(40 * MiB, 4)).toBe(10 * MiB);
    expect(planPartBytes(40 * MiB, 1)).toBe(40 * MiB);
    expect(planPartBytes(1000 * MiB, 4, 128 * MiB)).toBe(125 * MiB);
    expect(planPartBytes(1000 * MiB, 3, 128 * MiB)).toBe(Math.ceil((1000 * MiB) / 9));
    expect(planPartBytes(0, 4)).toBe(1);
  });
});
