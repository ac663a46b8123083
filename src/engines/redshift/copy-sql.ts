/**
 * The statements of a Redshift staging load, as text: where the input goes in S3 and the COPY that reads it.
 * Pure functions of the config, so the dry run prints exactly what the run sends.
 */
import type { DwhConfig } from '../../config/dwh-cfg.js';
import { isUrl, SHAPES } from '../../config/shapes.js';
import { isS3Url } from '../../sources/open.js';
import { isGzip, isJsonFile } from '../../sources/source.js';
import { STAGING_EVENTS, type TableSpec } from '../../sql/tables.js';
import { isServerless } from './connection.js';
import { redshiftDialect } from './redshift-dialect.js';

/** What one staging load reads and how. */
export interface CopyPlan {
  table: TableSpec;
  /** The input as configured: a local folder or file, or an s3:// location. */
  input: string;
  /** The input is compacted and uploaded under the staging prefix first (local input; S3 input of many objects). */
  upload: boolean;
  /** `s3://bucket/prefix` for uploads ([S3] STAGING_PREFIX), when set. */
  stagingPrefix?: string;
  /** What COPY reads: the manifest of the uploaded parts, or the input's S3 prefix. */
  from: string;
  manifest: boolean;
  gzip: boolean;
  /** `auto`, `auto ignorecase` or the s3:// URL of a jsonpaths file. */
  jsonFormat: string;
  /** A local jsonpaths file uploaded to `jsonFormat` before the load. */
  jsonpathsUpload?: { from: string; to: string };
  /** The role ARN, or `default` for the cluster's default IAM role. Not a secret. */
  iamRole: string;
  region?: string;
  /** Comments for people: settings still missing before this plan can run. */
  problems: string[];
}

const PLACEHOLDER = 's3://<[S3] STAGING_PREFIX>';

/** The role COPY assumes: [DWH] IAM_ROLE_ARN, else [IAM_ROLE] ARN (its fallback), else the cluster's default role. */
function copyRole(config: Pick<DwhConfig, 'settings'>): string {
  return config.settings.text('DWH IAM_ROLE_ARN') ?? 'default';
}

/** Where an incremental load's manifest of the new keys goes: next to the parts, one per staging table. */
export function newKeysManifest(config: Pick<DwhConfig, 's3'>, table: TableSpec): string {
  return `${config.s3.stagingPrefix ?? PLACEHOLDER}/${table.name}.new-keys.manifest`;
}

/**
 * @param options.compact S3 input too is read here and compacted under the staging prefix (many small objects).
 * @param options.newKeys S3 input read in place, but only these keys (an incremental load's new files): COPY reads
 *   them through a manifest, since a prefix would take every key under it.
 */
export function copyPlan(config: DwhConfig, table: TableSpec, options: { compact?: boolean; newKeys?: readonly string[] } = {}): CopyPlan {
  const input = table === STAGING_EVENTS ? config.s3.logData : config.s3.songData;
  const upload = !isS3Url(input) || options.compact === true;
  const prefix = config.s3.stagingPrefix;
  const base = prefix ?? PLACEHOLDER;
  const problems: string[] = [];
  if (upload && !prefix) problems.push(`[S3] STAGING_PREFIX is not set: local input (${input}) must be uploaded to an s3://bucket/prefix that the cluster's role can read`);
  const keys = upload ? undefined : options.newKeys;
  if (keys && !prefix) problems.push(`[S3] STAGING_PREFIX is not set: an incremental load on Redshift writes the manifest of the new keys under ${input} there for COPY`);
  const gzipKeys = keys?.filter(isGzip).length ?? 0;
  if (keys && gzipKeys > 0 && gzipKeys < keys.length) problems.push(`the new files under ${input} mix gzip (.gz) and plain JSON: one COPY reads one or the other; load them with --full-refresh or keep one kind under the prefix`);
  const option = table === STAGING_EVENTS ? config.s3.logJsonPath : 'auto';
  let jsonFormat = option;
  let jsonpathsUpload: CopyPlan['jsonpathsUpload'];
  if (!/^auto( ignorecase)?$/.test(option) && !isUrl(option)) {
    jsonFormat = `${base}/${table.name}.jsonpaths.json`;
    jsonpathsUpload = { from: option, to: jsonFormat };
    if (!prefix && !upload) problems.push(`[S3] STAGING_PREFIX is not set: the local jsonpaths file ${option} must be uploaded to S3`);
  }
  const plan: CopyPlan = {
    table,
    input,
    upload,
    stagingPrefix: prefix,
    // COPY FROM a prefix matches keys by prefix: a folder-like prefix gets its slash so that s3://b/log_data
    // does not also load s3://b/log_data_old/.
    from: upload ? `${base}/${table.name}.manifest` : keys ? newKeysManifest(config, table) : input.endsWith('/') || isJsonFile(input) ? input : `${input}/`,
    manifest: upload || keys !== undefined,
    gzip: upload || (keys !== undefined && keys.length > 0 && gzipKeys === keys.length),
    jsonFormat,
    jsonpathsUpload,
    iamRole: copyRole(config),
    region: config.s3.region ?? bucketRegion(config, upload ? `${base}/` : input),
    problems,
  };
  plan.problems.push(...shapeProblems(plan));
  return plan;
}

/** Where the compacted parts of a table go: `<prefix>/<table>/part-NNNNN.json.gz`. */
export function partsPrefix(plan: Pick<CopyPlan, 'stagingPrefix' | 'table'>): string {
  return `${plan.stagingPrefix ?? PLACEHOLDER}/${plan.table.name}/`;
}

/**
 * A Redshift string literal. Redshift reads a backslash in a literal as an escape (as PostgreSQL did before
 * standard_conforming_strings), so both the quote and the backslash are doubled, as its QUOTE_LITERAL does:
 * https://docs.aws.amazon.com/redshift/latest/dg/r_QUOTE_LITERAL.html. No setting's value can end the literal.
 */
export function redshiftLiteral(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
const literal = redshiftLiteral;

/** What a plan's settings hold that COPY must not be sent: one line each. */
function shapeProblems(plan: Pick<CopyPlan, 'from' | 'jsonFormat' | 'iamRole' | 'region' | 'stagingPrefix'>): string[] {
  const problems: string[] = [];
  if (plan.iamRole !== 'default' && !SHAPES.arn.test(plan.iamRole)) {
    problems.push('[IAM_ROLE] ARN (or [DWH] IAM_ROLE_ARN) is not an IAM role ARN (arn:aws:iam::123456789012:role/name); nothing was sent');
  }
  if (plan.region !== undefined && !SHAPES.region.test(plan.region)) problems.push(`[S3] REGION = "${plan.region}" is not an AWS region name (e.g. us-west-2)`);
  for (const [what, url] of [
    ['the input', plan.from],
    ['[S3] LOG_JSONPATH', /^auto/.test(plan.jsonFormat) ? undefined : plan.jsonFormat],
    ['[S3] STAGING_PREFIX', plan.stagingPrefix],
  ] as const) {
    if (url !== undefined && !url.startsWith(PLACEHOLDER) && !SHAPES.s3.test(url)) problems.push(`${what} = "${url}" is not an s3://bucket/key location`);
  }
  return problems;
}

/**
 * The COPY of one staging load.
 * - MANIFEST + GZIP: uploads are a few large gzip parts listed in a manifest (see redshift-upload.ts).
 * - TIMEFORMAT 'epochmillisecs': the logs' ts is epoch milliseconds, loaded straight into a TIMESTAMP column.
 * - COMPUPDATE OFF: the tables use ENCODE AUTO; analysing compression on every load of a refilled staging
 *   table would cost more than the load itself on small inputs.
 * - STATUPDATE ON: statistics of the new rows for the transforms' joins. COPY analyzes by default only a table
 *   that was empty, and a table cleared with DELETE inside the transaction is not; ON analyzes whatever the table
 *   held (https://docs.aws.amazon.com/redshift/latest/dg/t_Analyzing_tables.html). The other engines ANALYZE after
 *   their load (Dialect.analyze).
 * - MAXERROR: see copyMaxError; `maxErrors` already has the records rejected before the upload taken off.
 * - No TRUNCATECOLUMNS, no ACCEPTINVCHARS: a value that does not fit is reported, never altered.
 */
function copySql(plan: CopyPlan, maxErrors: number): string {
  const lines = [
    `COPY ${plan.table.name}`,
    `FROM ${literal(plan.from)}`,
    `IAM_ROLE ${plan.iamRole === 'default' ? 'default' : literal(plan.iamRole)}`,
    `FORMAT AS JSON ${literal(plan.jsonFormat)}`,
  ];
  if (plan.manifest) lines.push('MANIFEST');
  if (plan.gzip) lines.push('GZIP');
  if (plan.table.columns.some((c) => c.type === 'timestamp')) lines.push(`TIMEFORMAT AS 'epochmillisecs'`);
  if (plan.region) lines.push(`REGION ${literal(plan.region)}`);
  lines.push(`MAXERROR ${copyMaxError(maxErrors)}`, 'COMPUPDATE OFF STATUPDATE ON');
  return lines.join('\n');
}

/**
 * COPY's MAXERROR for `allowed` tolerated records. The load fails when the error count reaches MAXERROR ("If the load
 * returns the error_count number of errors or greater, the load fails"; 0 and 1 both fail on the first error:
 * https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-load.html), so exactly `allowed` errors are
 * tolerated with allowed + 1, as on the other engines. 100000 is COPY's largest value, which is why [ETL]
 * MAX_ERRORS goes up to 99999.
 */
export function copyMaxError(allowed: number): number {
  const n = Math.max(0, Math.floor(allowed));
  return n === 0 ? 0 : Math.min(n + 1, REDSHIFT_MAXERROR_LIMIT);
}

export const REDSHIFT_MAXERROR_LIMIT = 100_000;

/**
 * The statements of the load, in order. They run inside the run's one transaction (see
 * RedshiftWarehouse.lockWriter), so the table keeps its old rows if COPY fails.
 */
export function stagingStatements(plan: CopyPlan, maxErrors: number): string[] {
  return [redshiftDialect.clearTable(plan.table.name), LOAD_START_SQL, copySql(plan, maxErrors), LAST_COPY_COUNT];
}

/**
 * The cluster's clock just before the COPY, as text (no time zone conversion on the way back): the STL_LOAD_ERRORS
 * fallback selects this session's load errors from then on, because pg_last_copy_id() is not updated when the
 * COPY's transaction rolls back (https://docs.aws.amazon.com/redshift/latest/dg/PG_LAST_COPY_ID.html). GETDATE is
 * the start of the current statement, SYSDATE that of the transaction (which holds the run's earlier loads too).
 */
export const LOAD_START_SQL = "SELECT TO_CHAR(GETDATE(), 'YYYY-MM-DD HH24:MI:SS.US') AS since";

/** Rows the session's last COPY loaded (Redshift's COPY reports no count in its command tag). */
const LAST_COPY_COUNT = 'SELECT pg_last_copy_count() AS n';

/** The cluster's slices: parts are made a multiple of this so every slice loads the same share. */
export const SLICES_SQL = 'SELECT COUNT(*) AS n FROM stv_slices';

/** The dry run of one staging load: the uploads as comments, then every statement the load connection runs. */
export function redshiftStagePlan(config: DwhConfig, table: TableSpec): string[] {
  const plan = copyPlan(config, table);
  const out = plan.problems.map((p) => `-- not ready: ${p}`);
  if (plan.jsonpathsUpload) out.push(`-- upload ${plan.jsonpathsUpload.from} to ${plan.jsonpathsUpload.to}`);
  // Serverless has SYS views only: no slices to count, no STV_LOAD_STATE.
  const serverless = isServerless(config);
  if (plan.upload) {
    out.push(...(serverless ? [] : [SLICES_SQL]), `-- compact the JSON records under ${plan.input} into gzip NDJSON parts under ${partsPrefix(plan)}, listed in ${plan.from}`);
  }
  const threshold = config.settings.number('S3 COMPACT_OVER') ?? 1000;
  if (!plan.upload && config.etlMode === 'incremental') {
    const only = copyPlan(config, table, { newKeys: [] });
    out.push(`-- incremental: the keys under ${plan.input} that no run loaded are listed in ${only.from} (GZIP when they are .gz), and COPY reads that manifest`);
    return [...out, ...stagingStatements(only, config.maxErrors)];
  }
  if (!plan.upload && threshold > 0 && plan.stagingPrefix) {
    out.push(`-- if ${plan.input} holds more than ${threshold} objects, they are read here and compacted into gzip parts under ${partsPrefix(plan)}, and COPY reads ${copyPlan(config, table, { compact: true }).from} instead`);
  }
  out.push(`-- while COPY runs, a second connection polls ${serverless ? 'sys_load_history' : 'sys_load_history and stv_load_state'} for progress`);
  return [...out, ...stagingStatements(plan, config.maxErrors)];
}

/** The region the input check found for the bucket of `url`, when it differs from the cluster's. */
function bucketRegion(config: Pick<DwhConfig, 's3'>, url: string): string | undefined {
  const bucket = /^s3:\/\/([^/]+)/i.exec(url)?.[1];
  return bucket ? config.s3.bucketRegions?.[bucket] : undefined;
}
