import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { copyPlan, redshiftLiteral } from '../../src/etl/redshift-copy-sql.js';
import { checkInputs } from '../../src/etl/preflight.js';
import { STAGING_EVENTS } from '../../src/sql/tables.js';
import { TEST_PG_URL } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';

const t = tempDir('sparkify-literals-');
afterAll(() => t.cleanup());

function config(lines: string[]) {
  const file = join(t.dir, `${Math.random().toString(36).slice(2)}.cfg`);
  writeFileSync(file, ['[WAREHOUSE]', 'ENGINE = redshift', '[CLUSTER]', 'HOST = h.example.com', 'DB_NAME = dev', ...lines].join('\n'));
  return loadConfig(file, { required: true, env: {} });
}

const HOSTILE = ["x\\'; DROP TABLE users; --", "it's", 'back\\slash\\', "\\\\'", "''\\''"];

describe('what settings put into Redshift SQL', () => {
  it('refuses an ARN, a region or an S3 location that is not one, before anything is sent', async () => {
    const arn = config(['[IAM_ROLE]', "ARN = arn:aws:iam::123456789012:role/x\\'; DROP TABLE users; --", '[S3]', 'LOG_DATA = s3://bucket/logs', 'SONG_DATA = s3://bucket/songs', 'LOG_JSONPATH = auto']);
    expect(copyPlan(arn, STAGING_EVENTS).problems).toEqual(['[IAM_ROLE] ARN (or [DWH] IAM_ROLE_ARN) is not an IAM role ARN (arn:aws:iam::123456789012:role/name); nothing was sent']);
    await expect(checkInputs(arn)).rejects.toThrow('[IAM_ROLE] ARN (or [DWH] IAM_ROLE_ARN) is not an IAM role ARN');
    const region = config(['[S3]', "REGION = us-west-2'", 'LOG_DATA = s3://bucket/logs', 'SONG_DATA = s3://bucket/songs', 'LOG_JSONPATH = auto']);
    expect(copyPlan(region, STAGING_EVENTS).problems).toEqual([`[S3] REGION = "us-west-2'" is not an AWS region name (e.g. us-west-2)`]);
    const prefix = config(['[S3]', 'LOG_DATA = s3://Bad_Bucket/logs', 'SONG_DATA = s3://bucket/songs', 'LOG_JSONPATH = auto']);
    expect(copyPlan(prefix, STAGING_EVENTS).problems).toEqual(['the input = "s3://Bad_Bucket/logs/" is not an s3://bucket/key location']);
  });

  it('quotes a value the way Redshift reads literals: quote and backslash doubled', () => {
    expect(redshiftLiteral("s3://b/it's\\x")).toBe("'s3://b/it''s\\\\x'");
  });

  it.skipIf(!TEST_PG_URL)('a literal cannot end early where backslashes escape (PostgreSQL with standard_conforming_strings = off)', async () => {
    const client = new pg.Client(TEST_PG_URL);
    await client.connect();
    try {
      await client.query('SET standard_conforming_strings = off; SET escape_string_warning = off');
      const table = `literal_guard_${process.pid}`;
      await client.query(`CREATE TEMP TABLE ${table} (v text)`);
      for (const text of HOSTILE) {
        // Had the literal ended early, the rest would run as SQL: the temp table would be gone.
        const result = await client.query(`SELECT ${redshiftLiteral(text)} AS v FROM (SELECT 1) one; SELECT COUNT(*) AS n FROM ${table}`);
        const [first, second] = result as unknown as pg.QueryResult[];
        expect(first!.rows).toEqual([{ v: text }]);
        expect(second!.rows).toEqual([{ n: '0' }]);
      }
    } finally {
      await client.end();
    }
  });
});
