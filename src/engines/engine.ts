import type { DwhConfig } from '../config/dwh-cfg.js';
import type { CheckLine } from '../etl/events.js';
import type { StepContext, StepOutcome } from '../etl/steps.js';
import type { Dialect } from '../sql/dialect.js';
import type { TableSpec } from '../sql/tables.js';
import type { OpenInfo, OpenOptions, Warehouse } from '../warehouse/warehouse.js';

/**
 * One engine, as the rest of the product sees it: everything that differs between engines is here, so nothing
 * outside `src/engines/` asks which engine it has. Adding an engine is one folder with a descriptor and one line in
 * the registry. A descriptor is cheap to import: its drivers are loaded by `open` and `stage`, on demand.
 */
export interface EngineModule {
  /** The name [WAREHOUSE] ENGINE and --engine take. */
  readonly name: string;
  /** One line for people: what it is. */
  readonly summary: string;
  /** How its SQL differs (table kinds, how star tables are cleared, statistics, locks). */
  readonly dialect: Dialect;
  readonly can: {
    /** The database lives in a local folder that opening creates (DATA_DIR). */
    localDatabase: boolean;
    /** The warehouse reads s3:// input itself (COPY on the cluster), not through this process. */
    readsS3Itself: boolean;
    /** A cluster of it can be managed with `sparkify cluster` ([DWH]). */
    manageCluster: boolean;
  };
  /** URL schemes (--url, SPARKIFY_DATABASE_URL) that select this engine when no engine is given explicitly. */
  readonly urlSchemes: readonly string[];
  /** Opens the configured warehouse. */
  open(config: DwhConfig, options: OpenOptions): Promise<{ warehouse: Warehouse; info: OpenInfo }>;
  /** Where it connects, for people, without connecting and without secrets; `?` for what is not set yet. */
  describeTarget(config: DwhConfig): string;
  /** What the connect step is called in the app ("Open the embedded database", "Connect to postgres"). */
  connectTitle: string;
  /** Whether opening will first create the database (seconds rather than a blink). */
  willCreate(config: DwhConfig): boolean;
  /**
   * Checks of its own, before anything is opened (Redshift: what COPY's text would hold; the input buckets'
   * regions): ConfigErrors; resolves with lines for the input check's summary.
   */
  checkSettings?(config: DwhConfig): Promise<CheckLine[]>;
  /**
   * Writes a query's whole result to S3 from the warehouse itself (Redshift: UNLOAD), for exports with no bound;
   * engines without it export through this process to local files only.
   */
  exportToS3?(warehouse: Warehouse, config: DwhConfig, request: S3ExportRequest): Promise<{ rows: number }>;
  /** Lines of its own for `sparkify status` (Redshift Serverless: the RPU-hours charged lately). */
  statusLines?(warehouse: Warehouse, config: DwhConfig): Promise<string[]>;
  /** Loads a staging table its own way (Redshift: COPY from S3), instead of reading the input here. */
  stage?: {
    run(ctx: StepContext, table: TableSpec): Promise<StepOutcome>;
    plan(config: DwhConfig, table: TableSpec): string[];
  };
}

/** An export of one query's result to S3. */
export interface S3ExportRequest {
  /** One SELECT, with `$n` placeholders for `params`. */
  sql: string;
  params: readonly unknown[];
  /** `s3://bucket/prefix` the result is written under. */
  url: string;
  format: 'csv' | 'json';
}
