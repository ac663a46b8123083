import pg from 'pg';
import Cursor from 'pg-cursor';
import { errorText, WarehouseError } from '../../errors.js';
import { statementError } from '../../warehouse/errors.js';
import { connectPg, type PgConnectOptions } from './pg-connect.js';
import { advisoryLock, advisoryHolder } from './pg-lock.js';
import { describePg, type PgSettings } from './pg-settings.js';
import { copyChunks } from './pg-copy.js';
import { copyStatement, quoteIdent } from '../../warehouse/sql-helpers.js';
import { Turn } from '../../warehouse/turn.js';
import { utcParam } from '../../warehouse/utc-time.js';
import type { CopyRequest, Field, LockOptions, OpenInfo, Queryable, QueryResult, Row, Warehouse, WriterLock } from '../../warehouse/warehouse.js';

/** Options of the postgres engine. */
export interface PostgresOptions extends PgConnectOptions {
  settings: PgSettings;
}

/**
 * A PostgreSQL server through one `pg` connection. Every method holds the connection for its whole
 * work (a transaction, a COPY, a stream), so calls made meanwhile wait their turn instead of landing in
 * the middle of it. While a stream is being read, other calls wait until it ends or the loop is left.
 */
export class PostgresWarehouse implements Warehouse {
  readonly engine = 'postgres' as const;
  readonly target: string;
  private closed = false;
  private lost: Error | undefined;
  private readonly turn = new Turn();
  /** Calls waiting for the server now: what cancel() interrupts. */
  private active = 0;

  private constructor(
    private readonly client: pg.Client,
    private readonly settings: PgSettings,
    private readonly serverVersion: string,
    /** The server process of this connection (pg_backend_pid()), which a cancel request names. */
    private readonly backendPid: number,
  ) {
    this.target = `PostgreSQL server ${describePg(settings)}`;
    client.on('error', (error) => {
      this.lost ??= error;
    });
  }

  /** Connects; rejects with a WarehouseError that names the cause (see connectionError). */
  static async open(options: PostgresOptions): Promise<{ warehouse: PostgresWarehouse; info: OpenInfo }> {
    const started = performance.now();
    const client = await connectPg(options.settings, options);
    let version: string;
    let pid: number;
    try {
      // The embedded engine's session settings: ISO dates (what the type parsers read) and UTC for `now()`.
      const results = (await client.query(
        "SET DateStyle = 'ISO, MDY'; SET TimeZone = 'UTC'; SELECT version() AS v, pg_backend_pid() AS pid",
      )) as unknown as pg.QueryResult[];
      const row = results[results.length - 1]?.rows[0];
      version = String(row?.v ?? 'unknown');
      pid = Number(row?.pid);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw new WarehouseError('Cannot connect', `${describePg(options.settings)}: ${(error as Error).message}`, { cause: error });
    }
    const warehouse = new PostgresWarehouse(client, options.settings, version, pid);
    return { warehouse, info: { created: false, seconds: (performance.now() - started) / 1000 } };
  }

  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.turn.run(async () => {
      this.active++;
      try {
        return await work();
      } finally {
        this.active--;
      }
    });
  }

  /** Runs text as it is: several statements are allowed when there are no parameters. */
  private async raw(sql: string, params: readonly unknown[] = []): Promise<pg.QueryResult[]> {
    if (this.closed) throw new WarehouseError('Connection closed', `${this.target}: the connection is closed`);
    try {
      const result = (await this.client.query({ text: sql, values: params.map(utcParam) })) as pg.QueryResult | pg.QueryResult[];
      return Array.isArray(result) ? result : [result];
    } catch (error) {
      throw this.failure(error, sql);
    }
  }

  private async rows<R extends Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    const results = await this.raw(sql, params);
    const last = results[results.length - 1]!;
    return {
      rows: last.rows as R[],
      fields: (last.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
      rowCount: last.rowCount ?? last.rows.length,
    };
  }

  /** A refused statement, or a lost connection, as a WarehouseError. */
  private failure(error: unknown, sql: string): WarehouseError {
    if (error instanceof WarehouseError) return error;
    // 08xxx: the connection broke; 57P0x: the server ended the session (shutdown, crash, pg_terminate_backend).
    if (error instanceof pg.DatabaseError && !/^(08|57P0)/.test(error.code ?? '')) {
      // A refused COPY row: the server's "COPY t, line n, column c" is the only pointer to it.
      const where = error.where?.startsWith('COPY') ? error.where : undefined;
      const detail = [error.detail, where].filter(Boolean).join('; ') || undefined;
      return statementError({ message: error.message, code: error.code, detail, hint: error.hint }, sql, error);
    }
    const reason = errorText(this.lost ?? error);
    return new WarehouseError('Connection lost', `${this.target}: ${reason}`, { cause: error });
  }

  private async rollback(): Promise<void> {
    if (!this.closed && !this.lost) await this.raw('ROLLBACK').catch(() => undefined);
  }

  query<R extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    return this.exclusive(() => this.rows<R>(sql, params));
  }

  withTransaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      await this.raw('BEGIN');
      try {
        const result = await work({ query: (sql, params) => this.rows(sql, params) });
        await this.raw('COMMIT');
        return result;
      } catch (error) {
        await this.rollback();
        throw error;
      }
    });
  }

  /** A cancel request from a second connection (pg_cancel_backend): the server stops the statement at once. */
  async cancel(): Promise<void> {
    if (this.closed || this.lost || this.active === 0 || !Number.isInteger(this.backendPid)) return;
    const other = await connectPg(this.settings, { connectTimeoutSeconds: 5 });
    try {
      await other.query('SELECT pg_cancel_backend($1)', [this.backendPid]);
    } finally {
      await other.end().catch(() => undefined);
    }
  }

  /** An advisory lock keyed by the schema, held by this session (see pg-lock.ts). */
  lockWriter(options: LockOptions): Promise<WriterLock> {
    return advisoryLock({ query: (sql, params) => this.query(sql, params) }, this.target, options);
  }

  lockHolder(): Promise<string | undefined> {
    return advisoryHolder({ query: (sql, params) => this.query(sql, params) });
  }

  transaction(statements: readonly string[]): Promise<number[]> {
    return this.exclusive(async () => {
      await this.raw('BEGIN');
      try {
        const counts: number[] = [];
        for (const sql of statements) counts.push((await this.raw(sql)).reduce((n, r) => n + (r.rowCount ?? 0), 0));
        await this.raw('COMMIT');
        return counts;
      } catch (error) {
        await this.rollback();
        throw error;
      }
    });
  }

  copyFrom(request: CopyRequest): Promise<number> {
    const sql = `${copyStatement(request.table, request.columns)} FROM STDIN WITH (FORMAT csv)`;
    return this.exclusive(async () => {
      await this.raw('BEGIN');
      try {
        if (request.replace) await this.raw(`TRUNCATE ${quoteIdent(request.table)}`);
        const rows = await copyChunks(this.client, sql, request.chunks, (error) => this.failure(error, sql));
        await this.raw('COMMIT');
        return rows;
      } catch (error) {
        await this.rollback();
        throw error;
      }
    });
  }

  async *stream<R extends Row = Row>(
    sql: string,
    params: readonly unknown[] = [],
    options: { batchSize?: number; fields?: Field[] } = {},
  ): AsyncGenerator<R[]> {
    const batchSize = Math.max(1, options.batchSize ?? 1000);
    const release = await this.turn.acquire();
    this.active++;
    let cursor: Cursor<R> | undefined;
    let failed = false;
    try {
      if (this.closed) throw new WarehouseError('Connection closed', `${this.target}: the connection is closed`);
      cursor = this.client.query(new Cursor<R>(sql, params.map(utcParam)));
      for (;;) {
        let batch: { rows: R[]; fields: Field[] };
        try {
          batch = await read(cursor, batchSize);
        } catch (error) {
          failed = true;
          throw this.failure(error, sql);
        }
        if (options.fields && options.fields.length === 0) options.fields.push(...batch.fields);
        if (batch.rows.length === 0) break;
        yield batch.rows;
        if (batch.rows.length < batchSize) break;
      }
    } finally {
      // After an error the driver has already ended the cursor; closing it again would wait forever.
      if (cursor && !failed && !this.lost) await cursor.close().catch(() => undefined);
      this.active--;
      release();
    }
  }

  async version(): Promise<string> {
    return this.serverVersion;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.end().catch(() => undefined);
  }
}

/** The next batch of a cursor, with the result's columns (known even when there are no rows). */
function read<R>(cursor: Cursor<R>, rows: number): Promise<{ rows: R[]; fields: Field[] }> {
  return new Promise((resolve, reject) => {
    cursor.read(rows, (error, batch, result) => {
      if (error) reject(error);
      else resolve({ rows: batch, fields: (result?.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) });
    });
  });
}
