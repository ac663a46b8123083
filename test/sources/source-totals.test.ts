import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type DwhConfig } from '../../src/config/dwh-cfg.js';
import { LocalSource } from '../../src/sources/local.js';
import { S3Source } from '../../src/sources/s3.js';
import type { ReadProgress, RecordSource } from '../../src/sources/source.js';
import { tempDir } from '../helpers/paths.js';
import { startLocalS3, type LocalS3 } from '../helpers/s3-server.js';

const A = '{"x":1}\n{"x":2}\n';
const B = '{"x":3}\n';
const C = '{"x":4}\n{"x":5}\n{"x":6}\n';

/** Every progress report of a whole read, copied as it was when reported. */
async function reports(source: RecordSource): Promise<ReadProgress[]> {
  const seen: ReadProgress[] = [];
  for await (const _batch of source.batches((p) => seen.push({ ...p }))) void _batch;
  return seen;
}

let s3: LocalS3;
let config: DwhConfig;
const folder = tempDir('sparkify-totals-');

beforeAll(async () => {
  s3 = await startLocalS3(['bucket']);
  config = loadConfig('no-such.cfg', { env: {} });
  config.s3.endpoint = s3.endpoint;
  config.s3.forcePathStyle = true;
  for (const [key, text] of [['in/a.json', A], ['in/b/b.json', B], ['in/c.json', C]] as const) {
    await s3.put('bucket', key, text);
    mkdirSync(join(folder.dir, 'in', 'b'), { recursive: true });
    writeFileSync(join(folder.dir, key), text);
  }
  await s3.put('bucket', 'zipped/a.json.gz', gzipSync(A));
  await s3.put('bucket', 'in/notes.txt', 'not input');
});
afterAll(async () => {
  await s3?.close();
  folder.cleanup();
});

const bytes = A.length + B.length + C.length;

describe.each([
  ['a local folder', () => new LocalSource(join(folder.dir, 'in'))],
  ['an S3 prefix', () => new S3Source('s3://bucket/in/', config)],
])('the totals of %s', (_name, open) => {
  it('are known from the first report on: files and bytes of the whole input', async () => {
    const seen = await reports(open());
    expect(seen.map((p) => p.files)).toEqual([0, 1, 2, 3]);
    expect(seen.map((p) => [p.filesTotal, p.bytesTotal])).toEqual([
      [3, bytes],
      [3, bytes],
      [3, bytes],
      [3, bytes],
    ]);
    expect(seen.at(-1)!.bytes).toBe(bytes);
  }, 30_000);
});

describe('the totals of compressed input', () => {
  it('count the files, not the bytes: the listing gives compressed sizes, the read counts text', async () => {
    const seen = await reports(new S3Source('s3://bucket/zipped/', config));
    expect(seen).toEqual([
      { files: 0, bytes: 0, filesTotal: 1 },
      { files: 1, bytes: A.length, filesTotal: 1 },
    ]);
  }, 30_000);
});
