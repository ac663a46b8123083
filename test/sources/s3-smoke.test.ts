import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { S3Source } from '../../src/sources/s3.js';
import { startLocalS3, type LocalS3 } from '../helpers/s3-server.js';

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3(['bucket']);
  await s3.put('bucket', 'in/a.json', '{"x":1}\n{"x":2}\n');
  await s3.put('bucket', 'in/b/c.json', '{\n  "x": 3\n}');
  await s3.put('bucket', 'in/notes.txt', 'hello');
});
afterAll(() => s3.close());

it('reads every JSON object under a prefix with s3:// positions', async () => {
  const config = loadConfig('none.cfg', { env: {} });
  config.s3.endpoint = s3.endpoint;
  config.s3.forcePathStyle = true;
  const source = new S3Source('s3://bucket/in', config);
  const records = [];
  for await (const batch of source.batches()) records.push(...batch);
  expect(records.map((r) => [r.file, r.line, r.value?.x])).toEqual([
    ['s3://bucket/in/a.json', 1, 1],
    ['s3://bucket/in/a.json', 2, 2],
    ['s3://bucket/in/b/c.json', 1, 3],
  ]);
  expect(source.skipped).toEqual(['s3://bucket/in/notes.txt']);
});
