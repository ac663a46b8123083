import { DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli-in-process.js';
import { tempDir } from '../helpers/paths.js';
import { writeFixture } from '../tui/helpers/fixture.js';

const redshift = mockClient(RedshiftClient);
const s3 = mockClient(S3Client);
const t = tempDir('sparkify-doctor-');
afterEach(() => {
  redshift.reset();
  s3.reset();
});
afterAll(() => {
  redshift.restore();
  s3.restore();
  t.cleanup();
});

const ROLE = 'arn:aws:iam::123456789012:role/dwhRole';

function cfg(arn: string): string {
  const file = join(t.dir, `${Math.random().toString(36).slice(2)}.cfg`);
  writeFileSync(
    file,
    [
      '[WAREHOUSE]', 'ENGINE = redshift',
      '[CLUSTER]', 'HOST = dwh.c1a2b3.us-east-1.redshift.amazonaws.com', 'DB_NAME = dev', 'DB_USER = awsuser', 'DB_PASSWORD = pw',
      '[IAM_ROLE]', `ARN = ${arn}`,
      '[S3]', 'LOG_DATA = s3://udacity-dend/log_data', 'SONG_DATA = s3://udacity-dend/song_data', 'LOG_JSONPATH = auto ignorecase',
      '[DWH]', 'CLUSTER_IDENTIFIER = dwh',
    ].join('\n'),
  );
  return file;
}

describe('sparkify doctor', () => {
  it('lists the checks an ETL runs first: the role attached to the cluster, the bucket region against the cluster', async () => {
    redshift.on(DescribeClustersCommand).resolves({ Clusters: [{ ClusterIdentifier: 'dwh', ClusterStatus: 'available', IamRoles: [{ IamRoleArn: ROLE }] }] });
    s3.on(HeadBucketCommand).resolves({ BucketRegion: 'us-west-2' });
    const run = await cli(['doctor', '--config', cfg(ROLE)]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'checks for the redshift engine',
      '✓ s3://udacity-dend/song_data (read by the cluster)',
      '✓ s3://udacity-dend/log_data (read by the cluster)',
      `✓ role ${ROLE} is attached to cluster dwh`,
      "✓ bucket udacity-dend is in us-west-2, the cluster in us-east-1: COPY says REGION 'us-west-2'",
      'every check passed: nothing was opened or changed',
      '',
    ]);
    expect(redshift.commandCalls(DescribeClustersCommand).map((c) => c.args[0].input)).toEqual([{ ClusterIdentifier: 'dwh' }]);
    expect(await redshift.commandCalls(DescribeClustersCommand)[0]!.thisValue.config.region()).toBe('us-east-1');
  });

  it('a role that is not attached fails the check, and the ETL stops there before anything is opened (exit 2)', async () => {
    redshift.on(DescribeClustersCommand).resolves({ Clusters: [{ ClusterIdentifier: 'dwh', ClusterStatus: 'available', IamRoles: [{ IamRoleArn: ROLE }] }] });
    s3.on(HeadBucketCommand).resolves({ BucketRegion: 'us-east-1' });
    const other = 'arn:aws:iam::123456789012:role/otherRole';
    const file = cfg(other);
    const doctor = await cli(['doctor', '--config', file]);
    expect(doctor.code).toBe(2);
    const why = `${file}:9: [IAM_ROLE] ARN = "${other}" is not attached to cluster dwh (attached: ${ROLE}): attach it, or name an attached role`;
    expect(doctor.stdout.split('\n').slice(-2)).toEqual([`✗ Configuration error: ${why}`, '']);
    const etl = await cli(['etl', '--yes', '--config', file]);
    expect(etl.code).toBe(2);
    expect(etl.stderr).toContain(why);
    expect(etl.stderr).not.toMatch(/✓ connect/);
  });

  it('says what it could not check, and checks local input on the embedded engine', async () => {
    redshift.on(DescribeClustersCommand).rejects(new Error('Could not load credentials from any providers'));
    s3.on(HeadBucketCommand).resolves({ BucketRegion: 'us-east-1' });
    const run = await cli(['doctor', '--config', cfg(ROLE)]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("? the COPY role is not checked: the cluster's roles could not be read (");
    const input = writeFixture(join(t.dir, 'local'));
    const local = await cli(['doctor', '--engine', 'embedded', '--data-dir', join(t.dir, 'never-created'), '--song-data', input.songData, '--log-data', input.logData, '--log-jsonpath', input.logJsonPath]);
    expect(local.code).toBe(0);
    expect(local.stdout).toContain(`✓ ${input.songData}`);
    expect(local.stdout).toContain('every check passed');
  });
});
