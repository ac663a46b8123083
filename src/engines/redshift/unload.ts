/**
 * Exports that have no bound: Redshift's UNLOAD writes a query's result to S3 from the compute nodes, where a cursor
 * would first gather the whole result on the leader node and then move every row through this process.
 * https://docs.aws.amazon.com/redshift/latest/dg/r_UNLOAD.html
 */
import type { DwhConfig } from '../../config/dwh-cfg.js';
import { SHAPES } from '../../config/shapes.js';
import { ConfigError } from '../../errors.js';
import type { Queryable } from '../../warehouse/warehouse.js';
import { redshiftLiteral } from './copy-sql.js';
import { inlineParams } from './inline-params.js';
import type { S3ExportRequest as UnloadRequest } from '../engine.js';

/** [DWH] IAM_ROLE_ARN, else [IAM_ROLE] ARN (its fallback), else the cluster's default role: the one COPY uses. */
function unloadRole(config: DwhConfig): string {
  return config.settings.text('DWH IAM_ROLE_ARN') ?? 'default';
}

/**
 * The UNLOAD of one query:
 * - the query inlined and quoted as one literal (quotes and backslashes doubled, so a literal inside it survives);
 * - CSV with a header row, or JSON (one object per line, which takes no header);
 * - the file is `<prefix>000.<extension>`; `$n` placeholders are inlined as literals;
 * - PARALLEL OFF: one file in the query's ORDER BY order (up to 6.2 GB a file; larger results go on in further
 *   files), as a person exporting one result expects;
 * - no ALLOWOVERWRITE: UNLOAD refuses when files of the same prefix exist, so nothing there is replaced;
 * - REGION when the bucket is not in the cluster's region.
 */
export function unloadStatement(config: DwhConfig, request: UnloadRequest, region?: string): string {
  if (!SHAPES.s3.test(request.url)) throw new ConfigError(`--out ${request.url}: not an s3://bucket/prefix location`);
  const role = unloadRole(config);
  if (role !== 'default' && !SHAPES.arn.test(role)) throw new ConfigError('[IAM_ROLE] ARN (or [DWH] IAM_ROLE_ARN) is not an IAM role ARN (arn:aws:iam::123456789012:role/name); nothing was sent');
  const query = inlineParams(request.sql.trim().replace(/;\s*$/, ''), request.params);
  return [
    `UNLOAD (${redshiftLiteral(query)})`,
    `TO ${redshiftLiteral(request.url)}`,
    role === 'default' ? 'IAM_ROLE default' : `IAM_ROLE ${redshiftLiteral(role)}`,
    ...(request.format === 'csv' ? ['FORMAT AS CSV', 'HEADER'] : ['FORMAT AS JSON']),
    'PARALLEL OFF',
    `EXTENSION '${request.format}'`,
    ...(region ? [`REGION ${redshiftLiteral(region)}`] : []),
  ].join('\n');
}

/** The rows the session's last UNLOAD wrote. */
export const UNLOAD_COUNT_SQL = 'SELECT pg_last_unload_count() AS n';

/** Runs the UNLOAD on the warehouse's session and counts what it wrote. */
export async function runUnload(session: Queryable, config: DwhConfig, request: UnloadRequest): Promise<{ rows: number }> {
  // Settings are checked before S3 is asked anything.
  unloadStatement(config, request);
  const { regionFor } = await import('./bucket-region.js');
  const region = await regionFor(config, request.url).catch(() => undefined);
  await session.query(unloadStatement(config, request, region));
  return { rows: Number((await session.query<{ n: unknown }>(UNLOAD_COUNT_SQL)).rows[0]?.n ?? 0) };
}
