import type { EngineName } from '../config/dwh-cfg.js';

/** A column of a result: its name and PostgreSQL type OID (Redshift reports the same OIDs). */
export interface Field {
  name: string;
  dataTypeID: number;
}

export type Row = Record<string, unknown>;

export interface QueryResult<R extends Row = Row> {
  rows: R[];
  fields: Field[];
  /** Rows affected (INSERT, UPDATE, DELETE, COPY) or returned. */
  rowCount: number;
}

/** A CSV (RFC 4180, PostgreSQL `FORMAT csv`) load into one table. */
export interface CopyRequest {
  table: string;
  columns: readonly string[];
  /**
   * CSV chunks (UTF-8 bytes or text), each ending on a row boundary; unquoted empty fields are NULL, `""` is
   * an empty string. A byte chunk is handed over: the engine may take ownership of its memory.
   */
  chunks: AsyncIterable<Uint8Array | string>;
  /** Empty the table first, in the same transaction, so the load replaces its contents or changes nothing. */
  replace?: boolean;
}

/** What a transaction's work can do: run statements on the transaction's connection. */
export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

/** Who runs a command against a warehouse, for "in use by ..." messages and the run ledger. */
export interface Holder {
  /** `etl`, `create-tables`, `status`, `the app`... */
  command: string;
  pid: number;
  host: string;
  /** ISO 8601. */
  since: string;
}

/** The writer lock of a warehouse, held until released (or the process or connection ends). */
export interface WriterLock {
  release(): Promise<void>;
}

export interface LockOptions {
  /** Seconds to wait for another writer to finish; 0 (the default) refuses at once, Infinity waits as long as it takes. */
  wait?: number;
  holder: Holder;
  /** Told once when the lock is held by someone else and waiting starts. */
  onWait?: (holder: string) => void;
  signal?: AbortSignal;
}

/**
 * One warehouse connection, whatever the engine. Statements are run one at a time, in call order.
 *
 * Every method rejects with a `WarehouseError` (title + one-line message, the driver's error as `cause`)
 * when the engine refuses a statement or the connection is lost.
 */
export interface Warehouse {
  readonly engine: EngineName;
  /** Where it connects, for people: never contains a secret. */
  readonly target: string;

  /** Runs one statement with `$1`-style parameters bound by the engine (never spliced into the text). */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;

  /** Runs statements in one transaction: all of them take effect, or none (the first error rolls back). */
  transaction(statements: readonly string[]): Promise<number[]>;

  /**
   * Runs `work` in one transaction: it commits when `work` resolves and rolls back when it throws. Other calls
   * on this connection wait until it ends. With `endsRun`, the transaction is the last of a run that holds the
   * writer lock (on Redshift the whole run is one transaction, see RedshiftWarehouse.lockWriter).
   */
  withTransaction<T>(work: (tx: Queryable) => Promise<T>, options?: { endsRun?: boolean }): Promise<T>;

  /**
   * Stops the statement running now, if any: its transaction rolls back and the call that ran it rejects with a
   * WarehouseError titled "Statement cancelled". The connection stays usable. Resolves once it has stopped.
   */
  cancel(): Promise<void>;

  /**
   * Takes the warehouse's writer lock: one run (create-tables, etl) at a time per warehouse. Rejects with an
   * InUseError naming the holder when another writer has it (after waiting up to `wait` seconds).
   */
  lockWriter(options: LockOptions): Promise<WriterLock>;

  /** Who holds the writer lock now, besides this connection (for `status`), or undefined. */
  lockHolder(): Promise<string | undefined>;

  /** Bytes free on the disk that holds the database, where this process can know it (the embedded engine). */
  freeBytes?(): Promise<number>;

  /**
   * Loads CSV into a table from chunks, applying backpressure: the next chunk is pulled only when the engine
   * can take it. Resolves with the number of rows loaded. The redshift engine does not implement it (its
   * data must come from S3) and rejects.
   */
  copyFrom(request: CopyRequest): Promise<number>;

  /**
   * Streams the rows of one query in batches, holding at most one batch in memory (a server-side cursor).
   * `fields` is filled once the first batch has arrived.
   */
  stream<R extends Row = Row>(
    sql: string,
    params?: readonly unknown[],
    options?: { batchSize?: number; fields?: Field[] },
  ): AsyncIterable<R[]>;

  /** The server's version string. */
  version(): Promise<string>;

  /** Ends the connection (and, for the embedded engine, its worker). Safe to call twice. */
  close(): Promise<void>;
}

/** How to open a warehouse. */
export interface OpenOptions {
  /** Who opens it: the embedded engine allows one process per folder, and names it to the others. */
  holder?: Holder;
  /** Seconds the embedded engine waits for the folder to be free; default 0 (refuse at once). */
  wait?: number;
  onWait?: (holder: string) => void;
}

/** What opening a warehouse did, so the pipeline can show database creation as its own step. */
export interface OpenInfo {
  /** True when the embedded engine had to initialise a new database (seconds, not milliseconds). */
  created: boolean;
  /** A new embedded database unpacked from the cached copy of an empty one (see pglite-template.ts). */
  fromTemplate?: boolean;
  seconds: number;
}
