import { afterAll, beforeAll } from 'vitest';
import { writeFixture, type Fixture } from '../helpers/fixture.js';
import { tempDir } from '../helpers/paths.js';
import { startLocalS3, type LocalS3 } from '../helpers/s3-server.js';

/** What the tests of one file share: a local S3 server, the tiny fixture, and a folder for config files. */
export interface LocalStaging {
  s3: LocalS3;
  fixture: Fixture;
  /** Holds the fixture; removed after the file's tests. */
  dir: string;
}

/**
 * Starts a local S3 server with `buckets` and writes the fixture before the file's tests, and stops and removes
 * both after them. The fields are set once the tests run.
 */
export function useLocalStaging(buckets: string[]): LocalStaging {
  const t = tempDir();
  const local = { dir: t.dir } as LocalStaging;
  beforeAll(async () => {
    local.s3 = await startLocalS3(buckets);
    local.fixture = writeFixture(t.dir);
  });
  afterAll(async () => {
    await local.s3.close();
    t.cleanup();
  });
  return local;
}
