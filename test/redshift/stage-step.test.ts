import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, type DwhConfig } from '../../src/config/dwh-cfg.js';
import { CancelledError, DataError, describeError } from '../../src/errors.js';
import { LoadRejectedError, type Rejection } from '../../src/etl/load-json.js';
import { copyMaxError, LOAD_START_SQL, redshiftStagePlan } from '../../src/engines/redshift/copy-sql.js';
import { LATEST_LOAD_SQL, STL_ERRORS_SQL, SYS_ERRORS_SQL } from '../../src/engines/redshift/load-errors.js';
import { LOAD_HISTORY_SQL, LOAD_STATE_SQL } from '../../src/engines/redshift/load-monitor.js';
import { runRedshiftStage } from '../../src/engines/redshift/stage-step.js';
import type { StepContext } from '../../src/etl/steps.js';
import { redshiftDialect } from '../../src/engines/redshift/redshift-dialect.js';
import { STAGING_EVENTS, STAGING_SONGS, type TableSpec } from '../../src/sql/tables.js';
import { RedshiftWarehouse } from '../../src/engines/redshift/redshift.js';
import { FakeRedshift, pgError } from './fake-redshift.js';
import { useLocalStaging } from './local-staging.js';

const local = useLocalStaging(['staging', 'input']);

/** A path as the local source names it: relative to the working folder when that is shorter. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && rel.length < path.length ? rel : path;
}

const ROLE = 'arn:aws:iam::123456789012:role/sparkifyS3Read';

function configFor(extra: { s3?: string; etl?: string } = {}): DwhConfig {
  const file = join(local.dir, `dwh-${Math.random().toString(36).slice(2)}.cfg`);
  writeFileSync(
    file,
    [
      '[WAREHOUSE]',
      'ENGINE = redshift',
      '[CLUSTER]',
      'HOST = dwh.abc.us-west-2.redshift.amazonaws.com',
      'DB_NAME = sparkify',
      'DB_USER = etl',
      'DB_PASSWORD = S3cret-Pa55',
      '[IAM_ROLE]',
      `ARN = ${ROLE}`,
      '[S3]',
      extra.s3 ?? `LOG_DATA = ${local.fixture.logData}\nLOG_JSONPATH = ${local.fixture.logJsonPath}\nSONG_DATA = ${local.fixture.songData}\nSTAGING_PREFIX = s3://staging/etl/`,
      'REGION = us-west-2',
      `ENDPOINT = ${local.s3.endpoint}`,
      'FORCE_PATH_STYLE = true',
      '[ETL]',
      extra.etl ?? 'MAX_ERRORS = 0',
    ].join('\n'),
  );
  return loadConfig(file, { required: true, env: {} });
}

interface Harness {
  ctx: StepContext;
  progress: { rows: number; files?: number; percent?: number }[];
  rejected: Rejection[];
  warnings: string[];
  warehouse: RedshiftWarehouse;
}

async function harness(config: DwhConfig, fake: FakeRedshift, signal?: AbortSignal, onProgress?: (p: { percent?: number }) => void): Promise<Harness> {
  const { warehouse } = await RedshiftWarehouse.open(config, { connector: fake.connector });
  const h: Harness = { progress: [], rejected: [], warnings: [], warehouse, ctx: undefined as unknown as StepContext };
  h.ctx = {
    config,
    dialect: redshiftDialect,
    warehouse,
    signal,
    progress: (p) => {
      h.progress.push({ rows: p.rows, files: p.files, percent: p.percent });
      onProgress?.(p);
    },
    warn: (m) => h.warnings.push(m),
    reject: (r) => h.rejected.push(r),
  };
  return h;
}

/** A promise with its resolve, to order the fake cluster's answers. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const copyEvents = (maxErrors: number): string =>
  [
    'COPY staging_events',
    "FROM 's3://staging/etl/staging_events.manifest'",
    `IAM_ROLE '${ROLE}'`,
    "FORMAT AS JSON 's3://staging/etl/staging_events.jsonpaths.json'",
    'MANIFEST',
    'GZIP',
    "TIMEFORMAT AS 'epochmillisecs'",
    "REGION 'us-west-2'",
    `MAXERROR ${maxErrors}`,
    'COMPUPDATE OFF STATUPDATE ON',
  ].join('\n');

/** The COPY of staging_songs from the manifest of its uploaded parts. */
const copySongs = (manifest: string): string =>
  [
    'COPY staging_songs',
    `FROM '${manifest}'`,
    `IAM_ROLE '${ROLE}'`,
    "FORMAT AS JSON 'auto'",
    'MANIFEST',
    'GZIP',
    "REGION 'us-west-2'",
    'MAXERROR 0',
    'COMPUPDATE OFF STATUPDATE ON',
  ].join('\n');

/** The statements of the dry run of a staging load, without its comments. */
const dryRun = (config: DwhConfig, table: TableSpec): string[] => redshiftStagePlan(config, table).filter((line) => !line.startsWith('--'));

/** What the loading connection runs for a load of staging_events with this COPY. */
const loadEvents = (copy: string): string[] => [
  'SELECT pg_backend_pid() AS pid',
  'BEGIN',
  'DELETE FROM staging_events',
  LOAD_START_SQL,
  copy,
  'SELECT pg_last_copy_count() AS n',
  'COMMIT',
];

/** The cluster's usual answers; `copy` decides what the COPY does. */
function cluster(copy: () => Promise<void> | void, polled = deferred()): FakeRedshift {
  return new FakeRedshift()
    .on('SELECT COUNT(*) AS n FROM stv_slices', { rows: [{ n: 4 }] })
    .on('SELECT pg_backend_pid() AS pid', { rows: [{ pid: 4242 }] })
    .on(LOAD_HISTORY_SQL, { rows: [{ query_id: 9001, status: 'running', loaded_rows: 0, source_file_count: 1, error_count: 0 }] })
    .on(LOAD_STATE_SQL, () => {
      polled.resolve();
      return { rows: [{ lines: 6, files: 1, files_done: 0, bytes_loaded: 0, bytes_to_load: 0, gz_loaded: 500, gz_to_load: 1000 }] };
    })
    .on(/^COPY /, async () => {
      await copy();
      return {};
    })
    .on('SELECT pg_last_copy_count() AS n', { rows: [{ n: 8 }] })
    .on(LOAD_START_SQL, { rows: [{ since: SINCE }] });
}

/** The cluster's clock before the COPY, as LOAD_START_SQL gives it. */
const SINCE = '2026-12-01 10:00:00.000000';

async function s3Text(key: string): Promise<string> {
  const out = await local.s3.client.send(new GetObjectCommand({ Bucket: 'staging', Key: key }));
  return out.Body!.transformToString('utf8');
}

describe('staging on Redshift', () => {
  it('uploads, then runs DELETE and COPY in one transaction while a second connection reports progress', async () => {
    // The COPY ends once the monitor has reported the load's progress.
    const seen = deferred();
    const fake = cluster(() => seen.promise);
    const config = configFor();
    const h = await harness(config, fake, undefined, (p) => p.percent !== undefined && seen.resolve());
    const outcome = await runRedshiftStage(h.ctx, STAGING_EVENTS, { monitorIntervalMs: 5 });

    expect(outcome).toEqual({ rows: 8, read: 8, rejected: 0, detail: '2 file(s) in 1 gzip part(s), 8 record(s)' });
    expect(fake.statements(1)).toEqual(['SELECT COUNT(*) AS n FROM stv_slices', ...loadEvents(copyEvents(0))]);
    // The dry run prints these statements, in this order (the process id only serves the monitor). On its own the
    // load is a transaction; in a run it joins the run's one transaction, whose BEGIN and COMMIT the run prints.
    expect(fake.statements(1).filter((sql) => !['SELECT pg_backend_pid() AS pid', 'BEGIN', 'COMMIT'].includes(sql))).toEqual(dryRun(config, STAGING_EVENTS));
    const monitor = fake.sent.filter((s) => s.conn === 2);
    expect(monitor.length).toBeGreaterThanOrEqual(2);
    expect(monitor.slice(0, 2)).toEqual([
      { conn: 2, text: LOAD_HISTORY_SQL, values: [4242] },
      { conn: 2, text: LOAD_STATE_SQL, values: [4242] },
    ]);
    expect(fake.ended).toContain(2);
    // Upload progress (records compacted), then the COPY's own progress from the system tables.
    expect(h.progress).toContainEqual({ rows: 8, files: 2, percent: undefined });
    expect(h.progress).toContainEqual({ rows: 6, files: 0, percent: 50 });
    // The jsonpaths file went up as it is; the manifest names the one part.
    expect(await s3Text('etl/staging_events.jsonpaths.json')).toBe(readFileSync(local.fixture.logJsonPath, 'utf8'));
    expect(JSON.parse(await s3Text('etl/staging_events.manifest'))).toMatchObject({
      entries: [{ url: 's3://staging/etl/staging_events/part-00000.json.gz', mandatory: true }],
    });
    expect(h.rejected).toEqual([]);
    await h.warehouse.close();
  });

  it('loads songs with auto mapping and no TIMEFORMAT', async () => {
    const fake = cluster(() => undefined);
    const h = await harness(configFor(), fake);
    await runRedshiftStage(h.ctx, STAGING_SONGS, { monitorIntervalMs: 1000 });
    expect(fake.statements(1)[5]).toBe(copySongs('s3://staging/etl/staging_songs.manifest'));
    await h.warehouse.close();
  });

  it('on a failed load, rolls back and reports the rows of SYS_LOAD_ERROR_DETAIL at their input file and line', async () => {
    const fake = cluster(() => {
      throw pgError("Load into table 'staging_events' failed.  Check 'sys_load_error_detail' system table for details.");
    })
      .on(LATEST_LOAD_SQL, { rows: [{ query_id: 77 }] })
      .on(SYS_ERRORS_SQL, {
        rows: [
          {
            file_name: 's3://staging/etl/staging_events/part-00000.json.gz',
            line_number: 7,
            column_name: 'ts',
            error_code: 1206,
            error_message: 'Invalid timestamp format or value [YYYY-MM-DD HH24:MI:SS]',
          },
        ],
      });
    // The monitor has not seen the load yet: the SYS id comes from the session's latest load.
    fake.on(LOAD_HISTORY_SQL, { rows: [] });
    const h = await harness(configFor(), fake);
    const error = await runRedshiftStage(h.ctx, STAGING_EVENTS, { monitorIntervalMs: 1000 }).catch((e: unknown) => e);

    const day2 = shown(join(local.fixture.logData, '2018', '11', '2018-11-02-events.json'));
    expect(error).toBeInstanceOf(DataError);
    expect(describeError(error)).toEqual({
      title: 'Bad input record',
      message: `${day2}:2: ts: Invalid timestamp format or value [YYYY-MM-DD HH24:MI:SS] (Redshift error 1206)`,
      exitCode: 1,
    });
    // Without tolerance the record is the error itself, told once (the run's ledger keeps it from the error).
    expect(h.rejected).toEqual([]);
    expect(error).toMatchObject({ file: day2, line: 2, reason: 'ts: Invalid timestamp format or value [YYYY-MM-DD HH24:MI:SS] (Redshift error 1206)' });
    expect(fake.statements(1).slice(2)).toEqual(['BEGIN', 'DELETE FROM staging_events', LOAD_START_SQL, copyEvents(0), 'ROLLBACK', LATEST_LOAD_SQL, SYS_ERRORS_SQL]);
    expect(fake.sent.filter((s) => s.text === SYS_ERRORS_SQL)[0]!.values).toEqual([77]);
    await h.warehouse.close();
  });

  it('falls back to STL_LOAD_ERRORS, and fails past --max-errors with the count', async () => {
    const fake = cluster(() => {
      throw pgError("Load into table 'staging_events' failed.  Check 'stl_load_errors' system table for details.");
    })
      .on(LATEST_LOAD_SQL, () => {
        throw pgError('relation "sys_load_history" does not exist', '42P01');
      })
      .on(STL_ERRORS_SQL, {
        rows: [
          { file_name: 's3://staging/etl/staging_events/part-00000.json.gz   ', line_number: 2, column_name: 'sessionid   ', error_code: 1207, error_message: 'Invalid digit, Value \'x\', Pos 0, Type: Integer   ' },
          { file_name: 's3://staging/etl/staging_events/part-00000.json.gz   ', line_number: 5, column_name: 'status', error_code: 1207, error_message: 'Invalid digit' },
        ],
      });
    fake.on(LOAD_HISTORY_SQL, { rows: [] });
    const h = await harness(configFor({ etl: 'MAX_ERRORS = 1' }), fake);
    const error = await runRedshiftStage(h.ctx, STAGING_EVENTS, { monitorIntervalMs: 1000 }).catch((e: unknown) => e);
    const day1 = shown(join(local.fixture.logData, '2018', '11', '2018-11-01-events.json'));
    expect(error).toBeInstanceOf(LoadRejectedError);
    expect((error as Error).message).toBe(
      `2 record(s) rejected, more than the 1 allowed (--max-errors); first: ${day1}:2: sessionid: Invalid digit, Value 'x', Pos 0, Type: Integer (Redshift error 1207)`,
    );
    expect(h.rejected.map((r) => `${r.file}:${r.line}`)).toEqual([`${day1}:2`, `${day1}:5`]);
    expect(fake.statements(1).slice(5)).toEqual([copyEvents(2), 'ROLLBACK', LATEST_LOAD_SQL, STL_ERRORS_SQL]);
    // Not pg_last_copy_id(), which a rolled-back COPY does not update: this session's loads since the COPY began.
    expect(fake.sent.find((q) => q.text === STL_ERRORS_SQL)!.values).toEqual([4242, SINCE]);
    await h.warehouse.close();
  });

  it('a load that is not refused for its data keeps the server message', async () => {
    const fake = cluster(() => {
      throw pgError('S3ServiceException:Access Denied,Status 403,Error AccessDenied');
    });
    const h = await harness(configFor(), fake);
    const error = await runRedshiftStage(h.ctx, STAGING_EVENTS, { monitorIntervalMs: 1000 }).catch((e: unknown) => e);
    expect(describeError(error).message).toBe('S3ServiceException:Access Denied,Status 403,Error AccessDenied (in: COPY staging_events FROM \'s3://staging/etl/staging_events.manifest\' IAM_ROLE ...)');
    expect(fake.statements(1).slice(-1)).toEqual(['ROLLBACK']);
    await h.warehouse.close();
  });

  it('within --max-errors, commits and reports each skipped record', async () => {
    const seen = deferred();
    const fake = cluster(() => seen.promise).on(SYS_ERRORS_SQL, {
      rows: [{ file_name: 's3://staging/etl/staging_events/part-00000.json.gz', line_number: 1, column_name: 'ts', error_code: 1206, error_message: 'Invalid timestamp' }],
    });
    const h = await harness(configFor({ etl: 'MAX_ERRORS = 2' }), fake, undefined, (p) => p.percent !== undefined && seen.resolve());
    const outcome = await runRedshiftStage(h.ctx, STAGING_EVENTS, { monitorIntervalMs: 5 });
    expect(outcome.detail).toBe('2 file(s) in 1 gzip part(s), 8 record(s), 1 rejected');
    const day1 = shown(join(local.fixture.logData, '2018', '11', '2018-11-01-events.json'));
    expect(h.rejected).toEqual([{ file: day1, line: 1, reason: 'ts: Invalid timestamp (Redshift error 1206)' }]);
    // The SYS id the monitor saw names the load; the errors are read before COMMIT.
    expect(fake.statements(1).slice(5)).toEqual([copyEvents(3), 'SELECT pg_last_copy_count() AS n', SYS_ERRORS_SQL, 'COMMIT']);
    expect(fake.sent.find((s) => s.text === SYS_ERRORS_SQL)!.values).toEqual([9001]);
    await h.warehouse.close();
  });

  it('sends MAXERROR as the allowed count + 1: COPY fails when its errors reach MAXERROR (0 and 1 both fail on the first)', () => {
    // https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-load.html
    expect([0, 1, 2, 3, 99_998, 99_999].map(copyMaxError)).toEqual([0, 2, 3, 4, 99_999, 100_000]);
  });

  it('refuses more tolerated records than allowed after COPY succeeded, and does not commit them', async () => {
    const errors = [1, 3].map((line) => ({ file_name: 's3://staging/etl/staging_events/part-00000.json.gz', line_number: line, column_name: 'ts', error_code: 1206, error_message: 'Invalid timestamp' }));
    const seen = deferred();
    const fake = cluster(() => seen.promise).on(SYS_ERRORS_SQL, { rows: errors });
    const h = await harness(configFor({ etl: 'MAX_ERRORS = 1' }), fake, undefined, (p) => p.percent !== undefined && seen.resolve());
    const error = await runRedshiftStage(h.ctx, STAGING_EVENTS, { monitorIntervalMs: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoadRejectedError);
    expect((error as Error).message).toMatch(/^2 record\(s\) rejected, more than the 1 allowed \(--max-errors\)/);
    expect(fake.statements(1).slice(5)).toEqual([copyEvents(2), 'SELECT pg_last_copy_count() AS n', SYS_ERRORS_SQL, 'ROLLBACK']);
    await h.warehouse.close();
  });

  it('a cancel that arrives while COPY finishes anyway (a transaction block may not be cancellable) commits nothing', async () => {
    const controller = new AbortController();
    // The COPY returns normally although the run was cancelled while it ran.
    const fake = cluster(() => controller.abort());
    const h = await harness(configFor(), fake, controller.signal);
    await expect(runRedshiftStage(h.ctx, STAGING_EVENTS, { monitorIntervalMs: 1000 })).rejects.toBeInstanceOf(CancelledError);
    expect(fake.statements(1).slice(-2)).toEqual([copyEvents(0), 'ROLLBACK']);
    expect(fake.statements(1)).not.toContain('COMMIT');
    await h.warehouse.close();
  });

  it('a cancel stops the running COPY with pg_cancel_backend from another connection', async () => {
    const controller = new AbortController();
    const polled = deferred();
    const cancelled = deferred();
    const fake = cluster(async () => {
      await polled.promise;
      controller.abort();
      await cancelled.promise;
      throw pgError("Query (1234) cancelled on user's request", '57014');
    }, polled).on('SELECT pg_cancel_backend(4242)', () => {
      cancelled.resolve();
      return { rows: [{ pg_cancel_backend: 1 }] };
    });
    const h = await harness(configFor(), fake, controller.signal);
    // What the run does on abort (run-pipeline.ts): cancel on the warehouse.
    controller.signal.addEventListener('abort', () => void h.warehouse.cancel());
    await expect(runRedshiftStage(h.ctx, STAGING_EVENTS, { monitorIntervalMs: 5 })).rejects.toBeInstanceOf(CancelledError);
    expect(fake.statements(3)).toEqual(['SELECT pg_cancel_backend(4242)']);
    expect(fake.statements(1).slice(-2)).toEqual([copyEvents(0), 'ROLLBACK']);
    await h.warehouse.close();
  });

  it('a COPY that pg_cancel_backend does not stop within 2 s ends with pg_terminate_backend', async () => {
    const controller = new AbortController();
    const polled = deferred();
    const terminated = deferred();
    // Inside a transaction block, the cancel may not reach the query (PG_CANCEL_BACKEND's documentation).
    const fake = cluster(async () => {
      await polled.promise;
      controller.abort();
      await terminated.promise;
      throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    }, polled)
      .on('SELECT pg_cancel_backend(4242)', { rows: [{ pg_cancel_backend: 1 }] })
      .on('SELECT pg_terminate_backend(4242)', () => {
        terminated.resolve();
        return { rows: [{ pg_terminate_backend: true }] };
      });
    const h = await harness(configFor(), fake, controller.signal);
    controller.signal.addEventListener('abort', () => void h.warehouse.cancel());
    await expect(runRedshiftStage(h.ctx, STAGING_EVENTS, { monitorIntervalMs: 5 })).rejects.toBeInstanceOf(CancelledError);
    expect(fake.statements(3)).toEqual(['SELECT pg_cancel_backend(4242)', 'SELECT pg_terminate_backend(4242)']);
    await h.warehouse.close();
  });

  it('copies S3 input in place, with the jsonpaths file where it is', async () => {
    await local.s3.put('input', 'log_json_path.json', readFileSync(local.fixture.logJsonPath));
    const fake = cluster(() => undefined);
    const h = await harness(configFor({ s3: 'LOG_DATA = s3://input/log_data\nLOG_JSONPATH = s3://input/log_json_path.json' }), fake);
    const outcome = await runRedshiftStage(h.ctx, STAGING_EVENTS, { monitorIntervalMs: 1000 });
    expect(outcome).toEqual({ rows: 8, read: 8, rejected: 0, detail: 'COPY from s3://input/log_data/' });
    expect(fake.statements(1).slice(1).filter((sql) => sql !== 'BEGIN' && sql !== 'COMMIT')).toEqual(dryRun(h.ctx.config, STAGING_EVENTS));
    expect(fake.statements(1)).toEqual(
      loadEvents(
        [
          'COPY staging_events',
          "FROM 's3://input/log_data/'",
          `IAM_ROLE '${ROLE}'`,
          "FORMAT AS JSON 's3://input/log_json_path.json'",
          "TIMEFORMAT AS 'epochmillisecs'",
          "REGION 'us-west-2'",
          'MAXERROR 0',
          'COMPUPDATE OFF STATUPDATE ON',
        ].join('\n'),
      ),
    );
    const listed = await local.s3.client.send(new ListObjectsV2Command({ Bucket: 'staging', Prefix: 'etl/none' }));
    expect(listed.Contents ?? []).toEqual([]);
    await h.warehouse.close();
  });

  it('needs a staging prefix for local input, and checks the jsonpaths file before any upload', async () => {
    const fake = cluster(() => undefined);
    const h = await harness(configFor({ s3: `LOG_DATA = ${local.fixture.logData}\nLOG_JSONPATH = auto` }), fake);
    await expect(runRedshiftStage(h.ctx, STAGING_EVENTS)).rejects.toThrow(
      `[S3] STAGING_PREFIX is not set: local input (${local.fixture.logData}) must be uploaded to an s3://bucket/prefix that the cluster's role can read`,
    );
    const badPaths = join(local.dir, 'short.json');
    writeFileSync(badPaths, JSON.stringify({ jsonpaths: ["$['artist']"] }));
    const h2 = await harness(configFor({ s3: `LOG_DATA = ${local.fixture.logData}\nLOG_JSONPATH = ${badPaths}\nSTAGING_PREFIX = s3://staging/etl` }), fake);
    await expect(runRedshiftStage(h2.ctx, STAGING_EVENTS)).rejects.toThrow(
      `${badPaths}: 1 jsonpaths for the 18 columns of staging_events; they must match one to one, in column order`,
    );
    expect(fake.sent).toEqual([]);
    await Promise.all([h.warehouse.close(), h2.warehouse.close()]);
  });

  it('compacts S3 input of more than [S3] COMPACT_OVER objects into gzip parts and COPYs them through a manifest', async () => {
    const objects = await local.s3.uploadFolder(local.fixture.songData, 'input', 'many/song_data');
    expect(objects).toBe(3);
    const fake = cluster(() => undefined);
    const songs = 'LOG_DATA = s3://input/log_data\nLOG_JSONPATH = auto\nSONG_DATA = s3://input/many/song_data\nSTAGING_PREFIX = s3://staging/compact';
    const h = await harness(configFor({ s3: `${songs}\nCOMPACT_OVER = 2` }), fake);
    const outcome = await runRedshiftStage(h.ctx, STAGING_SONGS, { monitorIntervalMs: 1000 });
    expect(outcome).toMatchObject({ rows: 8, detail: '3 file(s) in 1 gzip part(s), 3 record(s)' });
    const copy = fake.statements(1).find((sql) => sql.startsWith('COPY '))!;
    expect(copy).toBe(copySongs('s3://staging/compact/staging_songs.manifest'));
    const manifest = JSON.parse(await s3Text('compact/staging_songs.manifest')) as { entries: { url: string }[] };
    expect(manifest.entries.map((e) => e.url)).toEqual(['s3://staging/compact/staging_songs/part-00000.json.gz']);
    // The dry run says it would compact them, and COPY from where.
    expect(redshiftStagePlan(h.ctx.config, STAGING_SONGS)).toContain(
      '-- if s3://input/many/song_data holds more than 2 objects, they are read here and compacted into gzip parts under s3://staging/compact/staging_songs/, and COPY reads s3://staging/compact/staging_songs.manifest instead',
    );

    // At or under the threshold, or with 0 (never), COPY reads the prefix in place.
    for (const over of ['3', '0']) {
      const inPlace = cluster(() => undefined);
      const h2 = await harness(configFor({ s3: `${songs}\nCOMPACT_OVER = ${over}` }), inPlace);
      expect(await runRedshiftStage(h2.ctx, STAGING_SONGS, { monitorIntervalMs: 1000 })).toMatchObject({ detail: 'COPY from s3://input/many/song_data/' });
      await h2.warehouse.close();
    }
    // Without a staging prefix the parts have nowhere to go: COPY reads in place, and the run says what it costs.
    const noPrefix = cluster(() => undefined);
    const h3 = await harness(configFor({ s3: 'LOG_DATA = s3://input/log_data\nLOG_JSONPATH = auto\nSONG_DATA = s3://input/many/song_data\nCOMPACT_OVER = 2' }), noPrefix);
    expect(await runRedshiftStage(h3.ctx, STAGING_SONGS, { monitorIntervalMs: 1000 })).toMatchObject({ detail: 'COPY from s3://input/many/song_data/' });
    expect(h3.warnings).toEqual([
      's3://input/many/song_data holds more than 2 objects: COPY opens each one, which is slow for many small files; set [S3] STAGING_PREFIX to have them compacted into a few parts first',
    ]);
    await Promise.all([h.warehouse.close(), h3.warehouse.close()]);
  });
});
