import { HeadBucketCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { copyPlan, stagingStatements } from '../../src/engines/redshift/copy-sql.js';
import { inputChecks } from '../../src/etl/preflight.js';
import { STAGING_EVENTS, STAGING_SONGS } from '../../src/sql/tables.js';
import { tempDir } from '../helpers/paths.js';

/** The input check's lines as one summary. */
const checkInputs = async (c: Parameters<typeof inputChecks>[0]): Promise<string> => (await inputChecks(c)).map((line) => line.text).join('; ');

const s3 = mockClient(S3Client);
const t = tempDir('sparkify-bucket-region-');
afterEach(() => s3.reset());
afterAll(() => {
  s3.restore();
  t.cleanup();
});

/** The classic set-up: the course's bucket in us-west-2, read by a cluster in us-east-1. */
function config(extra = '') {
  const file = join(t.dir, `${Math.random().toString(36).slice(2)}.cfg`);
  writeFileSync(
    file,
    [
      '[WAREHOUSE]', 'ENGINE = redshift',
      '[CLUSTER]', 'HOST = dwh.c1a2b3.us-east-1.redshift.amazonaws.com', 'DB_NAME = dev', 'DB_USER = awsuser', 'DB_PASSWORD = pw',
      '[S3]', 'LOG_DATA = s3://udacity-dend/log_data', 'SONG_DATA = s3://udacity-dend/song_data', 'LOG_JSONPATH = auto ignorecase',
      extra,
    ].join('\n'),
  );
  return loadConfig(file, { required: true, env: {} });
}

const copyText = (c: ReturnType<typeof config>, table = STAGING_EVENTS) => stagingStatements(copyPlan(c, table), 0)[2]!;

describe("COPY's REGION when the input bucket is not in the cluster's region", () => {
  it("asks S3 the bucket's region once, and COPY says REGION when it differs from the cluster's", async () => {
    s3.on(HeadBucketCommand).resolves({ BucketRegion: 'us-west-2' });
    const c = config();
    expect(copyText(c)).not.toContain('REGION');
    const summary = await checkInputs(c);
    expect(s3.commandCalls(HeadBucketCommand).map((call) => call.args[0].input)).toEqual([{ Bucket: 'udacity-dend' }]);
    expect(summary).toContain("bucket udacity-dend is in us-west-2, the cluster in us-east-1: COPY says REGION 'us-west-2'");
    expect(copyText(c)).toContain("\nREGION 'us-west-2'\n");
    expect(copyText(c, STAGING_SONGS)).toContain("\nREGION 'us-west-2'\n");
  });

  it('adds nothing when the bucket is in the cluster region, or when [S3] REGION is set (S3 is not asked then)', async () => {
    s3.on(HeadBucketCommand).resolves({ BucketRegion: 'us-east-1' });
    const same = config();
    await checkInputs(same);
    expect(copyText(same)).not.toContain('REGION');
    s3.reset();
    const set = config('REGION = eu-west-1');
    await checkInputs(set);
    expect(s3.commandCalls(HeadBucketCommand)).toHaveLength(0);
    expect(copyText(set)).toContain("\nREGION 'eu-west-1'\n");
  });

  it("reads the region from a refusal's x-amz-bucket-region header, and says when it cannot be known", async () => {
    const refusal = new S3ServiceException({ name: 'Forbidden', $fault: 'client', $metadata: { httpStatusCode: 403 }, message: 'Forbidden' });
    Object.assign(refusal, { $response: { statusCode: 403, headers: { 'x-amz-bucket-region': 'us-west-2' } } });
    s3.on(HeadBucketCommand).rejects(refusal);
    const c = config();
    await checkInputs(c);
    expect(copyText(c)).toContain("\nREGION 'us-west-2'\n");

    s3.reset();
    s3.on(HeadBucketCommand).rejects(new Error('Could not load credentials from any providers'));
    const unknown = config();
    const summary = await checkInputs(unknown);
    expect(summary).toContain("the region of bucket udacity-dend is unknown (Could not load credentials from any providers); COPY reads it from the cluster's region: set [S3] REGION if it is elsewhere");
    expect(copyText(unknown)).not.toContain('REGION');
  });
});
