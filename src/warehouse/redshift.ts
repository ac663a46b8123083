import pg from 'pg';
import type { DwhConfig } from '../config/dwh-cfg.js';
import { WarehouseError } from '../errors.js';
import type { RedshiftApi } from '../cluster/client.js';
import { redshiftConnection, type RedshiftConnection } from '../cluster/connection.js';
import { statementError, type DriverFailure } from './errors.js';
import { streamWithCursor } from './sql-helpers.js';
import { openClient, pgClientConfig, type Connectable } from './pg-connect.js';
import type { PgSettings } from './pg-settings.js';
import { utcParam } from './utc-time.js';
import type { Field, OpenInfo, QueryResult, Row, Warehouse } from './warehouse.js';

/**
 * The part of a `pg` Client this engine uses. Tests pass a fake that records every statement and answers
 * with canned rows (kysely's driver pattern), so the SQL sent to Redshift is checked as text.
 */
export interface PgClientLike extends Connectable {
  query(query: { text: string; values?: unknown[] }): Promise<{ rows: Row[]; fields?: Field[]; rowCount: number | null }>;
}

/** Makes an unconnected client for these settings; default: a `pg` Client (see pgClientConfig). */
export type PgConnector = (settings: PgSettings) => PgClientLike | Promise<PgClientLike>;

export interface RedshiftDeps {
  /** Default: the `pg` package. */
  connector?: PgConnector;
  /** For temporary credentials; default a RedshiftClient for [DWH] REGION. */
  redshift?: RedshiftApi;
  /** The clock of the credential cache, for tests. */
  now?: () => number;
}

/** One more connection to the same cluster, as the same user: the load monitor watches and cancels from it. */
export interface RedshiftSession {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  close(): Promise<void>;
}

/**
 * Amazon Redshift through `pg` (SSL, port 5439). Statements run one at a time on one connection. Data is
 * never streamed in: the staging steps put it in S3 and run COPY on the cluster (see etl/redshift-stage-step).
 */
export class RedshiftWarehouse implements Warehouse, RedshiftSession {
  readonly engine = 'redshift' as const;
  readonly target: string;
  private closed = false;

  private constructor(
    private readonly client: PgClientLike,
    private readonly connection: RedshiftConnection,
    private readonly connector: PgConnector,
  ) {
    this.target = connection.target;
  }

  static async open(config: DwhConfig, deps: RedshiftDeps = {}): Promise<{ warehouse: RedshiftWarehouse; info: OpenInfo }> {
    const started = Date.now();
    const connection = redshiftConnection(config, { client: deps.redshift, now: deps.now });
    const connector = deps.connector ?? pgConnector;
    const client = await connect(connection, connector);
    return { warehouse: new RedshiftWarehouse(client, connection, connector), info: { created: false, seconds: (Date.now() - started) / 1000 } };
  }

  async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    if (this.closed) throw new WarehouseError('Connection closed', `${this.target}: the connection is closed`);
    return run<R>(this.client, sql, params);
  }

  async transaction(statements: readonly string[]): Promise<number[]> {
    await this.query('BEGIN');
    const counts: number[] = [];
    try {
      for (const sql of statements) counts.push((await this.query(sql)).rowCount);
      await this.query('COMMIT');
      return counts;
    } catch (error) {
      await this.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async copyFrom(): Promise<number> {
    throw new WarehouseError('Not supported on Redshift', 'Redshift has no COPY FROM STDIN: its staging steps load from S3');
  }

  /**
   * A cursor in a transaction, FETCH by batch. Redshift materialises a cursor's result on the leader node, so
   * memory stays flat here but the cluster holds the whole result until the cursor closes.
   */
  stream<R extends Row = Row>(sql: string, params: readonly unknown[] = [], options: { batchSize?: number; fields?: Field[] } = {}): AsyncIterable<R[]> {
    return streamWithCursor<R>(this, sql, params, options);
  }

  async version(): Promise<string> {
    const row = (await this.query<{ version: string }>('SELECT version() AS version')).rows[0];
    return row?.version ?? '';
  }

  /** The server process of this connection: what the load monitor filters system tables by and cancels. */
  async backendPid(): Promise<number> {
    return Number((await this.query<{ pid: unknown }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
  }

  /** Opens a second connection (temporary credentials are renewed first if they are about to expire). */
  async openSession(): Promise<RedshiftSession> {
    const client = await connect(this.connection, this.connector);
    let open = true;
    return {
      query: (sql, params = []) => run(client, sql, params),
      close: async () => {
        if (open) await client.end().catch(() => undefined);
        open = false;
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.end().catch(() => undefined);
  }
}

/** True for a warehouse that can run the Redshift staging steps. */
export function isRedshift(warehouse: Warehouse | undefined): warehouse is RedshiftWarehouse {
  return warehouse?.engine === 'redshift' && typeof (warehouse as Partial<RedshiftWarehouse>).openSession === 'function';
}

/** A paused or resuming cluster accepts TCP but answers the login late. */
const CONNECT_TIMEOUT_SECONDS = 30;

const pgConnector: PgConnector = (settings) => new pg.Client(pgClientConfig(settings, CONNECT_TIMEOUT_SECONDS)) as unknown as PgClientLike;

async function connect(connection: RedshiftConnection, connector: PgConnector): Promise<PgClientLike> {
  const settings = await connection.settings();
  // Errors name user, host, port and database only: never the password, temporary or not.
  return openClient(await connector(settings), settings, CONNECT_TIMEOUT_SECONDS);
}

async function run<R extends Row>(client: PgClientLike, sql: string, params: readonly unknown[]): Promise<QueryResult<R>> {
  try {
    const result = await client.query(params.length > 0 ? { text: sql, values: params.map(utcParam) } : { text: sql });
    const fields = (result.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
    return { rows: result.rows as R[], fields, rowCount: result.rowCount ?? result.rows.length };
  } catch (error) {
    const failure = error as DriverFailure;
    if (typeof failure?.message !== 'string') throw error;
    throw statementError(failure, sql, error);
  }
}
