import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { LOAD_START_SQL } from '../../src/engines/redshift/copy-sql.js';
import { RedshiftWarehouse } from '../../src/engines/redshift/redshift.js';
import type { PipelineEvent } from '../../src/etl/events.js';
import { runPipeline } from '../../src/etl/run-pipeline.js';
import { etlSteps } from '../../src/etl/steps.js';
import { MERGE_CHECKS, MERGES, mergeStatements } from '../../src/sql/merges.js';
import { redshiftDialect } from '../../src/engines/redshift/redshift-dialect.js';
import { ALL_TABLES, STAR_TABLES } from '../../src/sql/tables.js';
import { useLocalStaging } from './local-staging.js';
import { FakeRedshift } from './fake-redshift.js';
import { cli } from '../helpers/cli-in-process.js';

const local = useLocalStaging(['input', 'staging']);

function config(dir = local.dir) {
  const file = join(dir, 'dwh.cfg');
  writeFileSync(
    file,
    `[WAREHOUSE]\nENGINE = redshift\n[CLUSTER]\nHOST = dwh.example.com\nDB_NAME = sparkify\nDB_USER = etl\nDB_PASSWORD = S3cret-Pa55\n` +
      `[S3]\nLOG_DATA = s3://input/log_data\nLOG_JSONPATH = auto ignorecase\nSONG_DATA = s3://input/song_data\nSTAGING_PREFIX = s3://staging/run\n` +
      `ENDPOINT = ${local.s3.endpoint}\nFORCE_PATH_STYLE = true\n[ETL]\nMODE = incremental\n`,
  );
  return loadConfig(file, { required: true, env: {} });
}

async function listed(prefix: string): Promise<{ key: string; size: number; etag: string }[]> {
  const page = await local.s3.client.send(new ListObjectsV2Command({ Bucket: 'input', Prefix: prefix }));
  return (page.Contents ?? []).map((o) => ({ key: o.Key!, size: o.Size!, etag: o.ETag! }));
}

it('an incremental run on Redshift COPYs exactly the new keys through a manifest and merges in the run transaction', async () => {
  await local.s3.put('input', 'log_data/2018-11-01-events.json', `${JSON.stringify({ page: 'NextSong', ts: 1541030400000, userId: '7' })}\n`);
  await local.s3.put('input', 'log_data/2018-11-02-events.json', `${JSON.stringify({ page: 'NextSong', ts: 1541116800000, userId: '7' })}\n`);
  await local.s3.put('input', 'log_data/2018-11-03-events.json', `${JSON.stringify({ page: 'NextSong', ts: 1541203200000, userId: '8' })}\n`);
  await local.s3.put('input', 'song_data/A/SOA.json', JSON.stringify({ song_id: 'SOA', artist_id: 'ARA', title: 'A', duration: 1 }));
  const logs = await listed('log_data/');
  const songs = await listed('song_data/');
  // Run 2, a full load, read the first day and the song; the other two days are new.
  const ledgerRow = (table: string, o: { key: string; size: number; etag: string }) => ({
    run_id: 2, table_name: table, location: `s3://input/${o.key}`, size: o.size, version: o.etag, records: null, rejected: null,
  });
  const fake = new FakeRedshift()
    .on('SELECT pg_backend_pid() AS pid', { rows: [{ pid: 77 }] })
    .on('SELECT COALESCE(MAX(run_id), 0) + 1 AS id FROM sparkify_runs', { rows: [{ id: 3 }] })
    .on(/^SELECT run_id, command, inputs, table_rows FROM sparkify_runs WHERE published = 1/, {
      rows: [{ run_id: 2, command: 'etl', inputs: JSON.stringify({ mode: 'full' }), table_rows: JSON.stringify({ songplays: 1, users: 1, songs: 1, artists: 1, time: 1 }) }],
    })
    // The merges of the tables that only gain rows report what they appended.
    .on(/^INSERT INTO (songplays|time) /, { rowCount: 2 })
    // A run from before listings were recorded: the files are counted, then read table by table.
    .on(/^SELECT run_id, table_name, files, digest FROM sparkify_listings WHERE run_id = \$1 OR run_id = \$2$/, { rows: [] })
    .on('SELECT COUNT(*) AS n FROM sparkify_files WHERE run_id = $1', { rows: [{ n: 2 }] })
    .on('SELECT run_id, table_name, location, size, version FROM sparkify_files WHERE run_id >= $1 AND table_name = $2', (sent) => ({
      rows: [ledgerRow('staging_events', logs[0]!), ledgerRow('staging_songs', songs[0]!)].filter((r) => r.table_name === sent.values?.[1]),
    }))
    .on('SELECT pg_last_copy_count() AS n', { rows: [{ n: 2 }] })
    .on(/AS expected/, { rows: [{ expected: 3, actual: 3 }] })
    .on(/^SELECT table_name AS name FROM information_schema\.tables/, { rows: ALL_TABLES.map((t) => ({ name: t.name })) })
    .on('SELECT COALESCE(MAX(songplay_id), 0) AS n FROM songplays', { rows: [{ n: 1 }] })
    .on(/^SELECT 'users' AS name, COUNT\(\*\) AS n FROM users\nUNION ALL/, { rows: STAR_TABLES.map((t) => ({ name: t.name, n: 3 })) });
  const cfg = config();
  const { warehouse } = await RedshiftWarehouse.open(cfg, { connector: fake.connector });
  const events: PipelineEvent[] = [];
  const result = await runPipeline({ config: cfg, steps: etlSteps(), emit: (e) => events.push(e), warehouse, run: { command: 'etl' } });
  expect(events.filter((e) => e.type === 'step-error')).toEqual([]);
  expect(result).toMatchObject({ ok: true, runId: 3 });

  const sent = fake.statements(1);
  const from = sent.indexOf('DELETE FROM staging_events');
  expect(sent.slice(from, from + 3)).toEqual([
    'DELETE FROM staging_events',
    LOAD_START_SQL,
    [
      'COPY staging_events',
      "FROM 's3://staging/run/staging_events.new-keys.manifest'",
      'IAM_ROLE default',
      "FORMAT AS JSON 'auto ignorecase'",
      'MANIFEST',
      "TIMEFORMAT AS 'epochmillisecs'",
      'MAXERROR 0',
      'COMPUPDATE OFF STATUPDATE ON',
    ].join('\n'),
  ]);
  // The manifest names exactly the two new keys, mandatory.
  const manifest = await local.s3.client.send(new GetObjectCommand({ Bucket: 'staging', Key: 'run/staging_events.new-keys.manifest' }));
  expect(JSON.parse(await manifest.Body!.transformToString())).toEqual({
    entries: logs.slice(1).map((o) => ({ url: `s3://input/${o.key}`, mandatory: true, meta: { content_length: o.size } })),
  });
  // No new song file: staging_songs is emptied, and no COPY reads songs.
  expect(sent).toContain('DELETE FROM staging_songs');
  expect(sent.filter((s) => s.startsWith('COPY staging_songs'))).toEqual([]);

  // The merges, one after another as merges.ts has them, then the checks of a merge, in the one transaction.
  // No new song file: the merges that only work on song records are left out.
  const merges = MERGES.flatMap((m) => mergeStatements(m, redshiftDialect, false));
  expect(merges.some((sql) => sql.startsWith('UPDATE songplays'))).toBe(false);
  const first = sent.indexOf(merges[0]!);
  expect(sent.slice(first, first + merges.length)).toEqual(merges);
  const mergeChecks = MERGE_CHECKS.filter((c) => !c.songs);
  const checks = sent.slice(first + merges.length, first + merges.length + mergeChecks.length);
  expect(checks).toEqual(mergeChecks.map((c) => c.sql));
  expect(fake.sent.find((s) => s.text === MERGE_CHECKS[0]!.sql)?.values).toEqual([1]);
  // The files go into the ledger with the run's end, before the one COMMIT.
  const files = fake.sent.find((s) => s.text.startsWith('INSERT INTO sparkify_files'))!;
  expect(files.values).toEqual(logs.slice(1).flatMap((o) => [3, 'staging_events', `s3://input/${o.key}`, o.size, o.etag, null, null]));
  expect(sent.indexOf(files.text)).toBeLessThan(sent.indexOf('COMMIT'));
  // And what the run listed, per staging table: the next run compares its listing's digest with these.
  const listings = fake.sent.find((s) => s.text.startsWith('INSERT INTO sparkify_listings'))!;
  expect(listings.text).toBe('INSERT INTO sparkify_listings (run_id, table_name, files, digest) VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)');
  expect(listings.values).toEqual([3, 'staging_events', 3, expect.stringMatching(/^[0-9a-f]{64}$/), 3, 'staging_songs', 1, expect.stringMatching(/^[0-9a-f]{64}$/)]);
  expect(sent.indexOf(listings.text)).toBeLessThan(sent.indexOf('COMMIT'));
  expect(sent.filter((s) => s === 'COMMIT')).toHaveLength(1);
  // The run's rows: songplays and time are the rows before plus those appended, the other tables are counted.
  expect(sent).toContain(['users', 'songs', 'artists'].map((t) => `SELECT '${t}' AS name, COUNT(*) AS n FROM ${t}`).join('\nUNION ALL\n'));
  const finish = fake.sent.find((s) => s.text.startsWith('UPDATE sparkify_runs SET status = $2'))!;
  expect(JSON.parse(finish.values![3] as string)).toEqual({ songplays: 3, users: 3, songs: 3, artists: 3, time: 3 });
  await warehouse.close();
});

it('the dry run of an incremental Redshift ETL prints the manifest COPY and the merges', async () => {
  const cfg = config();
  const out = await cli(['etl', '--dry-run', '--config', cfg.path]);
  expect(out.code, out.stderr).toBe(0);
  expect(out.stdout).toContain("FROM 's3://staging/run/staging_events.new-keys.manifest'");
  expect(out.stdout).toContain('-- incremental: the keys under s3://input/log_data that no run loaded are listed in s3://staging/run/staging_events.new-keys.manifest');
  for (const merge of MERGES) for (const sql of mergeStatements(merge, redshiftDialect)) expect(out.stdout).toContain(`${sql};`);
  // --full-refresh shows the full load instead.
  const full = await cli(['etl', '--dry-run', '--full-refresh', '--config', cfg.path]);
  expect(full.stdout).toContain("FROM 's3://input/log_data/'");
  expect(full.stdout).not.toContain('new-keys.manifest');
});
