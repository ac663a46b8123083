import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { RedshiftWarehouse } from '../../src/engines/redshift/redshift.js';
import { runUnload, UNLOAD_COUNT_SQL, unloadStatement } from '../../src/engines/redshift/unload.js';
import { cli } from '../helpers/cli-in-process.js';
import { enginesUnderTest, TEST_PG_URL } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';
import { writeFixture } from '../helpers/fixture.js';
import { FakeRedshift } from './fake-redshift.js';

const s3 = mockClient(S3Client);
const t = tempDir('sparkify-unload-');
afterEach(() => s3.reset());
afterAll(() => {
  s3.restore();
  t.cleanup();
});

const ROLE = 'arn:aws:iam::123456789012:role/dwhRole';

function config(extra: string[] = []) {
  const file = join(t.dir, `${Math.random().toString(36).slice(2)}.cfg`);
  writeFileSync(
    file,
    ['[WAREHOUSE]', 'ENGINE = redshift', '[CLUSTER]', 'HOST = dwh.c1a2b3.us-east-1.redshift.amazonaws.com', 'DB_NAME = dev', 'DB_USER = awsuser', 'DB_PASSWORD = pw', ...extra].join('\n'),
  );
  return loadConfig(file, { required: true, env: {} });
}

const QUERY = "SELECT title FROM songs WHERE title = $1 OR title LIKE 'a\\b%' ORDER BY title";

describe('unbounded exports on Redshift: UNLOAD to S3', () => {
  it('sends the query inlined and quoted as one literal, CSV with a header, one file in order, nothing overwritten', () => {
    const sql = unloadStatement(config(['[IAM_ROLE]', `ARN = ${ROLE}`]), { sql: `${QUERY};`, params: ["It's"], url: 's3://exports/songs/', format: 'csv' });
    expect(sql.split('\n')).toEqual([
      "UNLOAD ('SELECT title FROM songs WHERE title = ''It''''s'' OR title LIKE ''a\\\\b%'' ORDER BY title')",
      "TO 's3://exports/songs/'",
      `IAM_ROLE '${ROLE}'`,
      'FORMAT AS CSV',
      'HEADER',
      'PARALLEL OFF',
      "EXTENSION 'csv'",
    ]);
    expect(sql).not.toMatch(/ALLOWOVERWRITE|CLEANPATH/);
    const json = unloadStatement(config(), { sql: 'SELECT 1 AS x', params: [], url: 's3://exports/x', format: 'json' }, 'us-west-2');
    expect(json.split('\n')).toEqual(["UNLOAD ('SELECT 1 AS x')", "TO 's3://exports/x'", 'IAM_ROLE default', 'FORMAT AS JSON', 'PARALLEL OFF', "EXTENSION 'json'", "REGION 'us-west-2'"]);
    expect(() => unloadStatement(config(), { sql: 'SELECT 1', params: [], url: 's3://Bad_Bucket/x', format: 'csv' })).toThrow('--out s3://Bad_Bucket/x: not an s3://bucket/prefix location');
  });

  it.skipIf(!TEST_PG_URL)('the query literal reads back as exactly the inlined query where backslashes escape', async () => {
    const sql = unloadStatement(config(), { sql: QUERY, params: ["x\\'; DROP TABLE users; --"], url: 's3://exports/songs/', format: 'csv' });
    const literal = /^UNLOAD \((.*)\)$/.exec(sql.split('\n')[0]!)![1]!;
    const client = new pg.Client(TEST_PG_URL);
    await client.connect();
    try {
      await client.query('SET standard_conforming_strings = off; SET escape_string_warning = off');
      const { rows } = await client.query(`SELECT ${literal} AS q`);
      expect(rows).toEqual([{ q: "SELECT title FROM songs WHERE title = 'x\\\\''; DROP TABLE users; --' OR title LIKE 'a\\b%' ORDER BY title" }]);
    } finally {
      await client.end();
    }
  });

  it("runs UNLOAD on the session, REGION from the target bucket's, and counts the rows with pg_last_unload_count()", async () => {
    s3.on(HeadBucketCommand).resolves({ BucketRegion: 'eu-west-1' });
    const fake = new FakeRedshift().on(UNLOAD_COUNT_SQL, { rows: [{ n: 6820 }] });
    const cfg = config();
    const { warehouse } = await RedshiftWarehouse.open(cfg, { connector: fake.connector });
    try {
      expect(await runUnload(warehouse, cfg, { sql: 'SELECT * FROM songplays ORDER BY songplay_id', params: [], url: 's3://exports/plays/', format: 'csv' })).toEqual({ rows: 6820 });
    } finally {
      await warehouse.close();
    }
    expect(s3.commandCalls(HeadBucketCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: 'exports' }]);
    const sent = fake.statements(1);
    expect(sent.slice(-2)).toEqual([
      ["UNLOAD ('SELECT * FROM songplays ORDER BY songplay_id')", "TO 's3://exports/plays/'", 'IAM_ROLE default', 'FORMAT AS CSV', 'HEADER', 'PARALLEL OFF', "EXTENSION 'csv'", "REGION 'eu-west-1'"].join('\n'),
      UNLOAD_COUNT_SQL,
    ]);
  });
});

describe.each(enginesUnderTest())('sparkify sql --out on $name', (engine) => {
  afterAll(() => engine.cleanup());

  it('streams a whole result into a file, the same CSV as stdout; S3 is refused where the engine cannot UNLOAD', async () => {
    const fixture = writeFixture(join(t.dir, engine.name));
    const db = engine.flags(engine.config());
    const input = ['--song-data', fixture.songData, '--log-data', fixture.logData, '--log-jsonpath', fixture.logJsonPath];
    expect((await cli(['etl', '--yes', ...db, ...input])).code).toBe(0);
    const statement = 'SELECT * FROM songplays ORDER BY songplay_id';
    const out = join(t.dir, `${engine.name}-plays.csv`);
    const written = await cli(['sql', statement, '--out', out, ...db]);
    expect(written.code).toBe(0);
    expect(written.stderr).toBe(`wrote 5 row(s) to ${out}\n`);
    expect(readFileSync(out, 'utf8')).toBe((await cli(['sql', statement, '--format', 'csv', ...db])).stdout);
    const markdown = join(t.dir, `${engine.name}-plays.md`);
    expect((await cli(['sql', statement, '--out', markdown, ...db])).code).toBe(0);
    expect(readFileSync(markdown, 'utf8').split('\n')[0]).toMatch(/^\| songplay_id \| start_time \|/);
    const s3Out = await cli(['sql', statement, '--out', 's3://exports/plays/', ...db]);
    expect(s3Out.code).toBe(2);
    expect(s3Out.stderr.trim().split('\n')).toEqual([`sparkify: Configuration error: --out s3://exports/plays/: the ${engine.name} engine does not write to S3 (Redshift's UNLOAD does); write a local file instead`]);
  });
});
