import type { S3Client } from '@aws-sdk/client-s3';
import { statSync } from 'node:fs';
import { CancelledError, ConfigError, DataError, WarehouseError } from '../../errors.js';
import { LocalSource } from '../../sources/local.js';
import { listingTotals, skippedWarning, type InputFile, type RecordSource } from '../../sources/source.js';
import { isS3Url, readText } from '../../sources/open.js';
import type { TableSpec } from '../../sql/tables.js';
import { isRedshift, type RedshiftWarehouse } from './redshift.js';
import { compileMapping, mappingFromOption, parseJsonPaths, type JsonMapping } from '../../etl/json-mapping.js';
import { LoadRejectedError, type Rejection } from '../../etl/load-json.js';
import { copyPlan, partsPrefix, SLICES_SQL, stagingStatements, type CopyPlan } from './copy-sql.js';
import { readLoadErrors, toRejection } from './load-errors.js';
import { monitorLoad } from './load-monitor.js';
import { isServerless } from './connection.js';
import type { CompactResult } from './upload.js';
import { stagingValidator } from './local-input.js';
import { stagedFiles, type StepContext, type StepOutcome } from '../../etl/steps.js';
import { redshiftDialect } from './redshift-dialect.js';

export interface RedshiftStageOptions {
  /** Milliseconds between two progress polls of the running COPY; default 2000. */
  monitorIntervalMs?: number;
  /** Uncompressed bytes per uploaded part; default: sized from the input and the cluster's slices. */
  partBytes?: number;
}

/** Redshift's message when rows were rejected (it names the system table to read); anything else is not about data. */
const DATA_ERRORS = /check '(sys_load_error_detail|stl_load_errors)'/i;

/**
 * A staging load on Redshift: local input is compacted and uploaded to S3 first, then the cluster runs COPY after
 * the clearing of the table (DELETE, not TRUNCATE, which would commit on its own), so a failed load leaves the
 * previous rows. Meanwhile a second connection reports progress; a cancel of the run stops the COPY (see
 * RedshiftWarehouse.cancel). Rejected records are reported one by one, mapped back to the
 * input file and line. Everything runs inside the run's one transaction (see RedshiftWarehouse.lockWriter).
 */
export async function runRedshiftStage(ctx: StepContext, table: TableSpec, options: RedshiftStageOptions = {}): Promise<StepOutcome> {
  const warehouse = ctx.warehouse;
  if (!isRedshift(warehouse)) throw new Error('the Redshift staging step needs a Redshift connection: the connect step must run first');
  // The files the run's input step listed: for an incremental run, only the new ones.
  const files = stagedFiles(ctx, table);
  if (ctx.run?.inputs?.incremental && files?.length === 0) {
    await warehouse.query(redshiftDialect.clearTable(table.name));
    return { rows: 0, read: 0, rejected: 0, detail: 'no new files' };
  }
  const { plan, s3Bytes, s3Objects } = await planForInput(ctx, table, ctx.run?.inputs?.incremental ? files : undefined);
  if (plan.problems.length > 0) throw new ConfigError(plan.problems[0]!);
  const { s3Client } = await import('../../sources/s3.js');
  const s3 = s3Client(ctx.config);
  try {
    const mapping = await checkAndUploadJsonPaths(ctx, plan, s3);
    const local: Rejection[] = [];
    let upload: CompactResult | undefined;
    if (plan.upload) {
      upload = await uploadInput(ctx, plan, warehouse, s3, { ...options, s3Bytes, s3Objects, files }, local, stagingValidator(plan.table, mapping));
      if (upload.parts.length === 0) {
        // Every record was rejected (within MAXERROR): nothing to COPY; the step refuses to publish nothing.
        return { rows: 0, read: local.length, rejected: local.length, detail: `${upload.files} file(s), ${local.length} record(s), ${local.length} rejected` };
      }
    }
    else if (plan.manifest && files) await putNewKeysManifest(s3, plan.from, files, ctx.signal);
    const rows = await copy(ctx, plan, warehouse, options, local, upload);
    // COPY in place reads the files itself: the ledger has them without their record counts.
    for (const file of files ?? []) ctx.run?.files.push({ table: table.name, file });
    const tail = rows.rejected > 0 ? `, ${rows.rejected} rejected` : '';
    const detail = upload
      ? `${upload.files} file(s) in ${upload.parts.length} gzip part(s), ${upload.records + local.length} record(s)${tail}`
      : `COPY from ${plan.from}${tail}`;
    return { rows: rows.loaded, read: rows.loaded + rows.rejected, rejected: rows.rejected, detail };
  } finally {
    s3.destroy();
  }
}

/**
 * The manifest of an incremental load's new keys: COPY reads exactly these (a key missing by then fails the load,
 * `mandatory`), https://docs.aws.amazon.com/redshift/latest/dg/loading-data-files-using-manifest.html.
 */
async function putNewKeysManifest(s3: S3Client, url: string, files: readonly InputFile[], signal?: AbortSignal): Promise<void> {
  const { putObject } = await import('./upload.js');
  const manifest = { entries: files.map((f) => ({ url: f.id, mandatory: true, meta: { content_length: f.size } })) };
  await putObject(s3, url, `${JSON.stringify(manifest, null, 2)}\n`, 'application/json', signal);
}

/** The mapping COPY will use; a local jsonpaths file is uploaded next to the parts. */
async function checkAndUploadJsonPaths(ctx: StepContext, plan: CopyPlan, s3: S3Client): Promise<JsonMapping> {
  // The configured option: `auto`, or a jsonpaths file (a local one is uploaded, an S3 one is read in place).
  const option = plan.jsonpathsUpload?.from ?? plan.jsonFormat;
  const auto = mappingFromOption(option);
  if (auto) return auto;
  // The same checks as the local engines, before the cluster spends time on a file it would refuse.
  const text = await readText(option, ctx.config, ctx.config.origins.logJsonPath);
  const mapping = parseJsonPaths(text, option);
  compileMapping(mapping, plan.table.columns, plan.table.name);
  if (plan.jsonpathsUpload) {
    const { putObject } = await import('./upload.js');
    await putObject(s3, plan.jsonpathsUpload.to, text, 'application/json', ctx.signal);
  }
  return mapping;
}

async function uploadInput(
  ctx: StepContext,
  plan: CopyPlan,
  warehouse: RedshiftWarehouse,
  s3: S3Client,
  options: RedshiftStageOptions & { s3Bytes?: number; s3Objects?: number; files?: readonly InputFile[] },
  local: Rejection[],
  validate: (record: Record<string, unknown>) => string | undefined,
): Promise<CompactResult> {
  const { compactToS3, planPartBytes } = await import('./upload.js');
  // Local input, and S3 input of many small objects (see planForInput): read here with bounded memory.
  const fromS3 = isS3Url(plan.input);
  const whole = fromS3 ? new (await import('../../sources/s3.js')).S3Source(plan.input, ctx.config) : new LocalSource(plan.input);
  // Exactly the listed files, when the run listed them (an incremental run's are the new ones).
  const listed = options.files;
  const source: RecordSource = listed ? { location: whole.location, skipped: whole.skipped, list: () => Promise.resolve([...listed]), batches: (onFile) => whole.batches(onFile, listed) } : whole;
  // What the input holds, so that progress says x of N files (bytes only where they compare with the text read).
  const localFiles = listed ? listed.map((f) => ({ name: f.id, size: f.size })) : fromS3 ? [] : (whole as LocalSource).files().map((name) => ({ name, size: statSync(name).size }));
  const totals = fromS3 && !listed ? { filesTotal: options.s3Objects } : listingTotals(localFiles);
  let partBytes = options.partBytes;
  if (partBytes === undefined) {
    const total = fromS3 && !listed ? (options.s3Bytes ?? 0) : localFiles.reduce((sum, f) => sum + f.size, 0);
    // A user who is not a superuser may see no rows, and Serverless has no STV tables (not asked there): then one
    // slice is assumed.
    const slices = isServerless(ctx.config) ? 1 : await warehouse.query<{ n: unknown }>(SLICES_SQL).then((r) => Number(r.rows[0]?.n ?? 1) || 1, () => 1);
    partBytes = planPartBytes(total, slices);
  }
  const result = await compactToS3({
    source,
    s3,
    partsUrl: partsPrefix(plan),
    manifestUrl: plan.from,
    partBytes,
    validate,
    signal: ctx.signal,
    onProgress: (p) => ctx.progress({ rows: p.records, files: p.files, bytes: p.bytes, ...totals, rejected: local.length }),
    onReject: (r) => {
      if (ctx.config.maxErrors === 0) throw tooMany([r], 0);
      local.push(r);
      ctx.reject(r);
      if (local.length > ctx.config.maxErrors) throw tooMany(local, ctx.config.maxErrors);
    },
  });
  if (result.files === 0) throw new ConfigError(`${plan.input}: no JSON files found`);
  const skipped = skippedWarning(plan.input, source.skipped);
  if (skipped) ctx.warn(skipped);
  return result;
}

/**
 * The COPY plan for this run's input. S3 input is copied in place unless its prefix holds more than [S3] COMPACT_OVER
 * objects: then COPY's cost per object (hundreds of thousands of tiny song files take about an hour on a small
 * cluster) is avoided by reading them here and loading a few gzip parts through a manifest, as local input is.
 * Without a staging prefix to put the parts in, COPY reads them in place and the run says what it costs.
 */
async function planForInput(ctx: StepContext, table: TableSpec, newFiles?: readonly InputFile[]): Promise<{ plan: CopyPlan; s3Bytes?: number; s3Objects?: number }> {
  const plan = copyPlan(ctx.config, table);
  const threshold = ctx.config.settings.number('S3 COMPACT_OVER') ?? 1000;
  if (newFiles && !plan.upload) {
    // Only the new keys: compacted when they are many (and there is a prefix for the parts), else named in a manifest.
    const compact = threshold > 0 && newFiles.length > threshold && plan.stagingPrefix !== undefined;
    return compact ? { plan: copyPlan(ctx.config, table, { compact: true }) } : { plan: copyPlan(ctx.config, table, { newKeys: newFiles.map((f) => f.id) }) };
  }
  if (plan.upload || threshold === 0 || plan.problems.length > 0) return { plan };
  const { countObjects } = await import('../../sources/s3.js');
  if (!plan.stagingPrefix) {
    if ((await countObjects(plan.input, ctx.config, threshold)).more) {
      ctx.warn(`${plan.input} holds more than ${threshold} objects: COPY opens each one, which is slow for many small files; set [S3] STAGING_PREFIX to have them compacted into a few parts first`);
    }
    return { plan };
  }
  // One whole listing: its byte total sizes the parts when the objects are compacted.
  const listed = await countObjects(plan.input, ctx.config);
  return listed.objects > threshold ? { plan: copyPlan(ctx.config, table, { compact: true }), s3Bytes: listed.bytes, s3Objects: listed.objects } : { plan };
}

async function copy(
  ctx: StepContext,
  plan: CopyPlan,
  warehouse: RedshiftWarehouse,
  options: RedshiftStageOptions,
  local: Rejection[],
  upload: CompactResult | undefined,
): Promise<{ loaded: number; rejected: number }> {
  const maxErrors = ctx.config.maxErrors - local.length;
  const [clear, loadStart, copySql, count] = stagingStatements(plan, maxErrors) as [string, string, string, string];
  let since: string | undefined;
  let stlSince: string | undefined;
  const locate = upload ? (file: string, line: number) => upload.locate(file, line) : undefined;
  const pid = await warehouse.backendPid();
  const session = await warehouse.openSession();
  const monitor = monitorLoad({
    session,
    pid,
    intervalMs: options.monitorIntervalMs,
    sysOnly: isServerless(ctx.config),
    // After an upload COPY reads the parts it made: their count is the total of files.
    onProgress: (s) => ctx.progress({ rows: s.rows, files: s.filesDone, ...(upload ? { filesTotal: upload.parts.length } : {}), percent: s.percent, rejected: local.length }),
  });
  try {
    if (ctx.signal?.aborted) throw new CancelledError();
    return await warehouse.withTransaction(async (tx) => {
      await tx.query(clear);
      since = String((await tx.query<{ since: unknown }>(loadStart)).rows[0]?.since ?? '') || undefined;
      // The STL fallback of the load errors needs the start time; Serverless has SYS views only.
      stlSince = isServerless(ctx.config) ? undefined : since;
      await tx.query(copySql);
      // A COPY inside a transaction block may run to its end despite the cancel (PG_CANCEL_BACKEND's caveat): what
      // it loaded must not be committed then.
      if (ctx.signal?.aborted) throw new CancelledError();
      const loaded = Number((await tx.query<{ n: unknown }>(count)).rows[0]?.n ?? 0);
      // Within MAXERROR, COPY skips bad records and still succeeds: they are reported, never dropped silently.
      const tolerated = maxErrors > 0 ? await readLoadErrors(tx, pid, monitor.last.queryId, stlSince) : [];
      const rejections = tolerated.map((row) => toRejection(row, locate));
      for (const r of rejections) ctx.reject(r);
      // MAXERROR is sent as allowed + 1 (see copyMaxError): more than allowed is refused here, as on every engine.
      if (local.length + rejections.length > ctx.config.maxErrors) throw tooMany([...local, ...rejections], ctx.config.maxErrors);
      if (ctx.signal?.aborted) throw new CancelledError();
      return { loaded, rejected: local.length + rejections.length };
    });
  } catch (error) {
    // The warehouse cancelled the COPY (the run's signal): the run's transaction is rolled back.
    if (ctx.signal?.aborted) throw new CancelledError();
    if (!(error instanceof WarehouseError) || !DATA_ERRORS.test(error.message)) throw error;
    const rows = await readLoadErrors(warehouse, pid, monitor.last.queryId, stlSince);
    if (rows.length === 0) throw error;
    const rejections = rows.map((row) => toRejection(row, locate));
    // Without tolerance the first record is the error itself, told once.
    for (const r of ctx.config.maxErrors === 0 ? rejections.slice(1) : rejections) ctx.reject(r);
    throw tooMany([...local, ...rejections], ctx.config.maxErrors);
  } finally {
    await monitor.stop();
    await session.close();
  }
}

/** The same errors as the local loader: the first bad record with MAXERROR 0, else the count and the first. */
function tooMany(rejected: Rejection[], maxErrors: number): Error {
  const first = rejected[0]!;
  return maxErrors === 0 ? new DataError(first.file, first.line, first.reason, first) : new LoadRejectedError(rejected, maxErrors);
}
