import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { copyPlan, redshiftLiteral } from '../../src/engines/redshift/copy-sql.js';
import { inputChecks } from '../../src/etl/preflight.js';
import { STAGING_EVENTS } from '../../src/sql/tables.js';
import { TEST_PG_URL } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';

/** The input check's lines as one summary. */
const checkInputs = async (c: Parameters<typeof inputChecks>[0]): Promise<string> => (await inputChecks(c)).map((line) => line.text).join('; ');

const t = tempDir('sparkify-literals-');
afterAll(() => t.cleanup());

function config(lines: string[]) {
  const file = join(t.dir, `${Math.random().toString(36).slice(2)}.cfg`);
  writeFileSync(file, ['[WAREHOUSE]', 'ENGINE = redshift', '[CLUSTER]', 'HOST = h.example.com', 'DB_NAME = dev', ...lines].join('\n'));
  return loadConfig(file, { required: true, env: {} });
}

const HOSTILE = ["x\\'; DROP TABLE users; --", "it's", 'back\\slash\\', "\\\\'", "''\\''"];

describe('what settings put into Redshift SQL', () => {
  it('refuses an ARN, a region or an S3 location that is not one when dwh.cfg is read, naming its line', () => {
    const s3 = ['[S3]', 'LOG_DATA = s3://bucket/logs', 'SONG_DATA = s3://bucket/songs', 'LOG_JSONPATH = auto'];
    const failure = (lines: string[]) => {
      try {
        config(lines);
      } catch (error) {
        return (error as Error).message.replace(/^\S*\.cfg/, '<file>');
      }
      throw new Error('expected a ConfigError');
    };
    expect(failure(['[IAM_ROLE]', "ARN = arn:aws:iam::123456789012:role/x\\'; DROP TABLE users; --", ...s3])).toBe(
      `<file>:7: [IAM_ROLE] ARN = "arn:aws:iam::123456789012:role/x\\'; DROP TABLE users; --" is not an IAM role ARN (arn:aws:iam::123456789012:role/name)`,
    );
    expect(failure(['[S3]', "REGION = us-west-2'", ...s3.slice(1)])).toBe(`<file>:7: [S3] REGION = "us-west-2'" is not an AWS region (e.g. us-west-2)`);
    expect(failure(['[S3]', 'LOG_DATA = s3://Bad_Bucket/logs', ...s3.slice(2)])).toBe('<file>:7: [S3] LOG_DATA = "s3://Bad_Bucket/logs" is not an S3 location (s3://bucket/prefix)');
    expect(failure(['[S3]', 'STAGING_PREFIX = /tmp/stage', ...s3.slice(1)])).toBe('<file>:7: [S3] STAGING_PREFIX = "/tmp/stage" is not an S3 location (s3://bucket/prefix)');
  });

  it('checks the shapes again where COPY is planned, and the input check refuses them before anything is sent', async () => {
    // A config built by a library user, not read from a file: the plan's own check still holds.
    const good = config(['[S3]', 'LOG_DATA = s3://bucket/logs', 'SONG_DATA = s3://bucket/songs', 'LOG_JSONPATH = auto']);
    const arn = { ...good, settings: good.settings.with('DWH IAM_ROLE_ARN', "arn:aws:iam::123456789012:role/x\\'; --", { kind: 'default' }) };
    expect(copyPlan(arn, STAGING_EVENTS).problems).toEqual(['[IAM_ROLE] ARN (or [DWH] IAM_ROLE_ARN) is not an IAM role ARN (arn:aws:iam::123456789012:role/name); nothing was sent']);
    await expect(checkInputs(arn)).rejects.toThrow('[IAM_ROLE] ARN (or [DWH] IAM_ROLE_ARN) is not an IAM role ARN');
    const region = { ...good, s3: { ...good.s3, region: "us-west-2'" } };
    expect(copyPlan(region, STAGING_EVENTS).problems).toEqual([`[S3] REGION = "us-west-2'" is not an AWS region name (e.g. us-west-2)`]);
    const input = { ...good, s3: { ...good.s3, logData: 's3://Bad_Bucket/logs' } };
    expect(copyPlan(input, STAGING_EVENTS).problems).toEqual(['the input = "s3://Bad_Bucket/logs/" is not an s3://bucket/key location']);
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
