import type { DwhConfig } from '../config/dwh-cfg.js';
import { ConfigError } from '../errors.js';
import { openSource, readText } from '../sources/open.js';
import { ensureAllSql, recreateAllSql } from '../sql/ddl.js';
import type { Dialect } from '../sql/dialect.js';
import { STAGING_EVENTS, STAGING_SONGS, type TableSpec } from '../sql/tables.js';
import { CHECKS, TRANSFORMS, transformStatements } from '../sql/transforms.js';
import { openWarehouse } from '../warehouse/open.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { copyStatement } from '../warehouse/sql-helpers.js';
import { mappingFromOption, parseJsonPaths, type JsonMapping } from './json-mapping.js';
import { loadJson, type Rejection } from './load-json.js';
import { redshiftStagePlan } from './redshift-copy-sql.js';

/** What a step can use and report to, bound to the step by the runner. */
export interface StepContext {
  config: DwhConfig;
  dialect: Dialect;
  /** Set by the connect step; later steps may rely on it. */
  warehouse?: Warehouse;
  signal?: AbortSignal;
  progress(update: { rows: number; files?: number; bytes?: number; rejected?: number; percent?: number }): void;
  warn(message: string): void;
  reject(rejection: Rejection): void;
}

export interface StepOutcome {
  rows: number;
  detail?: string;
}

export interface Step {
  id: string;
  title: string;
  run(ctx: StepContext): Promise<StepOutcome>;
  /** The statements the step would run, for --dry-run (secrets are masked by the caller). */
  plan(ctx: Pick<StepContext, 'config' | 'dialect'>): string[];
}

export function need(ctx: StepContext): Warehouse {
  if (!ctx.warehouse) throw new Error('no warehouse connection: the connect step must run first');
  return ctx.warehouse;
}

export const connectStep: Step = {
  id: 'connect',
  title: 'Connect to the warehouse',
  async run(ctx) {
    const { warehouse, info } = await openWarehouse(ctx.config);
    ctx.warehouse = warehouse;
    return {
      rows: 0,
      detail: info.created
        ? `created a new database${info.fromTemplate ? ' from the cached empty one' : ''} (${info.seconds.toFixed(1)} s)`
        : warehouse.target,
    };
  },
  plan: () => [],
};

/** A step that runs DDL in one transaction. */
function ddlStep(title: string, statements: (dialect: Dialect) => string[]): Step {
  return {
    id: 'create-tables',
    title,
    async run(ctx) {
      await need(ctx).transaction(statements(ctx.dialect));
      return { rows: 0 };
    },
    plan: (ctx) => statements(ctx.dialect),
  };
}

/** The ETL's first step: create what is missing, keep what exists (no data is dropped). */
export const ensureTablesStep = ddlStep('Create missing tables', ensureAllSql);

/** `create-tables`: drop and create every table, in one transaction. */
export const recreateTablesStep = ddlStep('Drop and create all tables', recreateAllSql);

async function logMapping(config: DwhConfig): Promise<JsonMapping> {
  const option = config.s3.logJsonPath;
  const auto = mappingFromOption(option);
  if (auto) return auto;
  return parseJsonPaths(await readText(option, config, '[S3] LOG_JSONPATH'), option);
}

function stageStep(id: string, table: TableSpec, location: (c: DwhConfig) => string, mapping: (c: DwhConfig) => Promise<JsonMapping>): Step {
  return {
    id,
    title: `Stage ${table.name.replace('staging_', '')} into ${table.name}`,
    async run(ctx) {
      // Redshift loads from S3 on the cluster itself (COPY ... FROM 's3://...'), not through this process.
      if (ctx.config.engine === 'redshift') return (await import('./redshift-stage-step.js')).runRedshiftStage(ctx, table);
      const where = location(ctx.config);
      const source = await openSource(where, ctx.config);
      const result = await loadJson({
        warehouse: need(ctx),
        table,
        source,
        mapping: await mapping(ctx.config),
        maxErrors: ctx.config.maxErrors,
        signal: ctx.signal,
        onProgress: (p) => ctx.progress({ rows: p.read - p.rejected, files: p.files, bytes: p.bytes, rejected: p.rejected }),
        onReject: (r) => ctx.reject(r),
      });
      for (const warning of result.warnings) ctx.warn(warning);
      if (result.files === 0) throw new ConfigError(`${where}: no JSON files found`);
      const rejected = result.rejected.length > 0 ? `, ${result.rejected.length} rejected` : '';
      return { rows: result.rows, detail: `${result.files} file(s), ${result.read} record(s)${rejected}` };
    },
    plan(ctx) {
      if (ctx.config.engine === 'redshift') return redshiftStagePlan(ctx.config, table);
      const where = location(ctx.config);
      const how = table === STAGING_EVENTS ? ctx.config.s3.logJsonPath : 'auto';
      return [
        `-- read JSON records from ${where} (mapping: ${how}), converted as Redshift COPY JSON would`,
        `TRUNCATE ${table.name}`,
        `${copyStatement(table.name, table.columns.map((c) => c.name))} FROM STDIN WITH (FORMAT csv)`,
      ];
    },
  };
}

export const stageEventsStep = stageStep('stage-events', STAGING_EVENTS, (c) => c.s3.logData, logMapping);
export const stageSongsStep = stageStep('stage-songs', STAGING_SONGS, (c) => c.s3.songData, async () => ({ kind: 'auto', ignoreCase: false }));

export const transformSteps: Step[] = TRANSFORMS.map((t) => ({
  id: `load-${t.id}`,
  title: t.title,
  async run(ctx) {
    const counts = await need(ctx).transaction(transformStatements(t, ctx.dialect));
    return { rows: counts[counts.length - 1] ?? 0 };
  },
  plan: (ctx) => transformStatements(t, ctx.dialect),
}));

export const checksStep: Step = {
  id: 'checks',
  title: 'Check the star schema against the data semantics',
  async run(ctx) {
    const failed: string[] = [];
    for (const check of CHECKS) {
      const row = (await need(ctx).query<{ expected: unknown; actual: unknown }>(check.sql)).rows[0];
      if (!row || Number(row.expected) !== Number(row.actual)) {
        failed.push(`${check.title}: expected ${String(row?.expected)}, found ${String(row?.actual)}`);
      }
    }
    if (failed.length > 0) throw new Error(`${failed.length} check(s) failed: ${failed.join('; ')}`);
    return { rows: 0, detail: `${CHECKS.length} checks passed` };
  },
  plan: () => CHECKS.map((c) => c.sql),
};

/** The steps of `sparkify etl`. */
export function etlSteps(): Step[] {
  return [connectStep, ensureTablesStep, stageEventsStep, stageSongsStep, ...transformSteps, checksStep];
}

/** The steps of `sparkify create-tables`. */
export function createTablesSteps(): Step[] {
  return [connectStep, recreateTablesStep];
}

/** Row counts of every table (null when the table is missing), for summaries: one query for them all. */
export async function tableCounts(warehouse: Warehouse, tables: readonly TableSpec[]): Promise<Record<string, number | null>> {
  const present = await warehouse.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`,
  );
  const names = new Set(present.rows.map((r) => r.name));
  const counted = tables.filter((t) => names.has(t.name));
  const rows = counted.length
    ? (await warehouse.query<{ name: string; n: unknown }>(counted.map((t) => `SELECT '${t.name}' AS name, COUNT(*) AS n FROM ${t.name}`).join('\nUNION ALL\n'))).rows
    : [];
  const counts = new Map(rows.map((r) => [r.name, Number(r.n)]));
  return Object.fromEntries(tables.map((t) => [t.name, counts.get(t.name) ?? null]));
}
