import { DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdirSync, writeFileSync } from 'node:fs';
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

function cfg(arn: string, s3Lines: string[] = []): string {
  const file = join(t.dir, `${Math.random().toString(36).slice(2)}.cfg`);
  writeFileSync(
    file,
    [
      '[WAREHOUSE]', 'ENGINE = redshift',
      '[CLUSTER]', 'HOST = dwh.c1a2b3.us-east-1.redshift.amazonaws.com', 'DB_NAME = dev', 'DB_USER = awsuser', 'DB_PASSWORD = pw',
      '[IAM_ROLE]', `ARN = ${arn}`,
      '[S3]', 'LOG_DATA = s3://udacity-dend/log_data', 'SONG_DATA = s3://udacity-dend/song_data', 'LOG_JSONPATH = auto ignorecase', ...s3Lines,
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

  it('measures local input against the VARCHAR widths Redshift counts in bytes, naming the widest record', async () => {
    redshift.on(DescribeClustersCommand).resolves({ Clusters: [{ ClusterIdentifier: 'dwh', ClusterStatus: 'available', IamRoles: [{ IamRoleArn: ROLE }] }] });
    s3.on(HeadBucketCommand).resolves({ BucketRegion: 'us-east-1' });
    const input = writeFixture(join(t.dir, 'widths'));
    const flags = ['--song-data', input.songData, '--log-data', input.logData, '--log-jsonpath', input.logJsonPath];
    const file = cfg(ROLE, ['STAGING_PREFIX = s3://sparkify-staging/etl']);
    const fits = await cli(['doctor', '--config', file, ...flags]);
    expect(fits.code).toBe(0);
    // The fullest columns relative to their width: 'Logged In' in auth's 32 bytes, an 18-byte id in 64.
    expect(fits.stdout).toContain(`✓ every text value of ${input.logData} fits staging_events (12 record(s); fullest: auth, 9 of 32 bytes (${join(input.logData, '2018-11-01-events.json')}:1))`);
    expect(fits.stdout).toMatch(new RegExp(`✓ every text value of ${input.songData} fits staging_songs \\(3 record\\(s\\); fullest: artist_id, \\d+ of 64 bytes \\(.+\\.json:1\\)\\)`));

    // 300 emoji: 300 characters, 1,200 bytes, in a VARCHAR(1024) title.
    const wide = join(input.songData, 'A', 'B', 'B', 'TRABBAA000000004.json');
    mkdirSync(join(wide, '..'), { recursive: true });
    writeFileSync(wide, `${JSON.stringify({ num_songs: 1, artist_id: 'ARW', artist_name: 'W', song_id: 'SOW', title: '😀'.repeat(300), duration: 1, year: 2000 })}\n`);
    const doctor = await cli(['doctor', '--config', file, ...flags]);
    expect(doctor.code).toBe(1);
    const why = `${wide}:1: staging_songs.title gets a value of 1200 bytes, wider than its VARCHAR(1024) on Redshift (which counts bytes): COPY would reject the record (nothing is cut); shorten it, or allow it with --max-errors`;
    expect(doctor.stdout.split('\n').slice(-2)).toEqual([`✗ Bad input record: ${why}`, '']);
    // The ETL stops at its input check: nothing is opened, uploaded or sent.
    const etl = await cli(['etl', '--yes', '--config', file, ...flags]);
    expect(etl.code).toBe(1);
    expect(etl.stderr).toContain(why);
    expect(etl.stderr).not.toMatch(/✓ connect/);
    // Allowed by --max-errors: said, not refused (COPY rejects it and the run reports it with the others).
    const tolerated = await cli(['doctor', '--config', file, ...flags, '--max-errors', '1']);
    expect(tolerated.code).toBe(0);
    expect(tolerated.stdout).toContain(`? 1 record(s) of ${input.songData} have a value wider than its column (first ${wide}:1, staging_songs.title); COPY will reject them, as MAX_ERRORS 1 allows`);
  });
});
