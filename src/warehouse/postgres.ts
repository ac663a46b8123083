import pg from 'pg';
import Cursor from 'pg-cursor';
import { WarehouseError } from '../errors.js';
import { statementError } from './errors.js';
import { connectPg, type PgConnectOptions } from './pg-connect.js';
import { describePg, type PgSettings } from './pg-settings.js';
import { copyChunks } from './pg-copy.js';
import { copyStatement, quoteIdent } from './sql-helpers.js';
import { utcParam } from './utc-time.js';
import type { CopyRequest, Field, OpenInfo, QueryResult, Row, Warehouse } from './warehouse.js';

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
  private turn: Promise<void> = Promise.resolve();

  private constructor(
    private readonly client: pg.Client,
    settings: PgSettings,
    private readonly serverVersion: string,
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
    try {
      // The embedded engine's session settings: ISO dates (what the type parsers read) and UTC for `now()`.
      const results = (await client.query("SET DateStyle = 'ISO, MDY'; SET TimeZone = 'UTC'; SELECT version() AS v")) as unknown as pg.QueryResult[];
      version = String(results[results.length - 1]?.rows[0]?.v ?? 'unknown');
    } catch (error) {
      await client.end().catch(() => undefined);
      throw new WarehouseError('Cannot connect', `${describePg(options.settings)}: ${(error as Error).message}`, { cause: error });
    }
    const warehouse = new PostgresWarehouse(client, options.settings, version);
    return { warehouse, info: { created: false, seconds: (performance.now() - started) / 1000 } };
  }

  /** Waits for the connection to be free; the returned function frees it. */
  private async acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const before = this.turn;
    this.turn = before.then(() => held);
    await before;
    return release;
  }

  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
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

  /** A refused statement, or a lost connection, as a WarehouseError. */
  private failure(error: unknown, sql: string): WarehouseError {
    if (error instanceof WarehouseError) return error;
    if (error instanceof pg.DatabaseError && !(error.code ?? '').startsWith('08')) {
      // A refused COPY row: the server's "COPY t, line n, column c" is the only pointer to it.
      const where = error.where?.startsWith('COPY') ? error.where : undefined;
      const detail = [error.detail, where].filter(Boolean).join('; ') || undefined;
      return statementError({ message: error.message, code: error.code, detail, hint: error.hint }, sql, error);
    }
    const reason = (this.lost ?? (error as Error)).message ?? String(error);
    return new WarehouseError('Connection lost', `${this.target}: ${reason}`, { cause: error });
  }

  private async rollback(): Promise<void> {
    if (!this.closed && !this.lost) await this.raw('ROLLBACK').catch(() => undefined);
  }

  query<R extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    return this.exclusive(async () => {
      const results = await this.raw(sql, params);
      const last = results[results.length - 1]!;
      return {
        rows: last.rows as R[],
        fields: (last.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
        rowCount: last.rowCount ?? last.rows.length,
      };
    });
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
    const release = await this.acquire();
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
