import pg from 'pg';
import type { DwhConfig } from '../../config/dwh-cfg.js';
import { InUseError, WarehouseError } from '../../errors.js';
import type { RedshiftApi } from '../../cluster/client.js';
import { redshiftConnection, type RedshiftConnection } from './connection.js';
import type { ServerlessApi } from './serverless.js';
import type { DataApi } from './data-api.js';
import { statementError, type DriverFailure } from '../../warehouse/errors.js';
import { streamWithCursor } from '../../warehouse/sql-helpers.js';
import { inlineParams } from './inline-params.js';
import { openClient, pgClientConfig, type Connectable } from '../postgres/pg-connect.js';
import type { PgSettings } from '../postgres/pg-settings.js';
import { utcParam } from '../../warehouse/utc-time.js';
import { createTableSql } from '../../sql/ddl.js';
import { redshiftDialect } from './redshift-dialect.js';
import { SPARKIFY_RUNS } from '../../sql/tables.js';
import { Turn } from '../../warehouse/turn.js';
import type { Field, LockOptions, OpenInfo, Queryable, QueryResult, Row, Warehouse, WriterLock } from '../../warehouse/warehouse.js';

/**
 * The part of a `pg` Client this engine uses. Tests pass a fake that records every statement and answers
 * with canned rows (kysely's driver pattern), so the SQL sent to Redshift is checked as text.
 */
export interface PgClientLike extends Connectable {
  query(query: { text: string; values?: unknown[] }): Promise<{ rows: Row[]; fields?: Field[]; rowCount: number | null }>;
  /**
   * A transport that keeps results by statement (the Data API): runs the statement to its end and returns its
   * pages to be read afterwards, without a cursor and without holding the session.
   */
  statementPages?(text: string, values: readonly unknown[]): Promise<AsyncIterable<{ rows: Row[]; fields: Field[] }>>;
  /** A transport that runs statements in one transaction of their own (the Data API's BatchExecuteStatement). */
  batch?(statements: readonly string[]): Promise<number[]>;
  /** A transport that cancels its running statement itself (the Data API's CancelStatement); false when none runs. */
  cancelRunning?(): Promise<boolean>;
}

/** How sessions to the warehouse are opened: over `pg` (port 5439), or through the Data API. */
interface Transport {
  /** Where it connects, for people: never a secret. */
  target: string;
  /** Opens one more session (temporary credentials renewed first where they are about to expire). */
  open(): Promise<PgClientLike>;
}

/** Makes an unconnected client for these settings; default: a `pg` Client (see pgClientConfig). */
export type PgConnector = (settings: PgSettings) => PgClientLike | Promise<PgClientLike>;

export interface RedshiftDeps {
  /** Default: the `pg` package. */
  connector?: PgConnector;
  /** For temporary credentials; default a RedshiftClient for [DWH] REGION. */
  redshift?: RedshiftApi;
  /** For a Serverless workgroup's endpoint and credentials; default a client for the workgroup's region. */
  serverless?: ServerlessApi;
  /** The clock of the credential cache, for tests. */
  now?: () => number;
  /** For [REDSHIFT] TRANSPORT = data-api; default a client for the cluster's or workgroup's region. */
  dataApi?: DataApi;
  /** The Data API's first and longest DescribeStatement delay, in ms (tests poll faster). */
  dataApiPollMs?: readonly [number, number];
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
  private readonly turn = new Turn();
  /** A run holds the writer lock: the run's one transaction is open, and transactions join it (see lockWriter). */
  private inRun = false;
  private active = 0;
  private pid: number | undefined;

  private constructor(
    private readonly client: PgClientLike,
    private readonly transport: Transport,
  ) {
    this.target = transport.target;
  }

  static async open(config: DwhConfig, deps: RedshiftDeps = {}): Promise<{ warehouse: RedshiftWarehouse; info: OpenInfo }> {
    const started = Date.now();
    const transport = config.settings.text('REDSHIFT TRANSPORT') === 'data-api' ? await dataApiTransport(config, deps) : pgTransport(config, deps);
    const client = await transport.open();
    return { warehouse: new RedshiftWarehouse(client, transport), info: { created: false, seconds: (Date.now() - started) / 1000 } };
  }

  /** One statement, outside the turn (for work that holds it already). */
  private async send<R extends Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    if (this.closed) throw new WarehouseError('Connection closed', `${this.target}: the connection is closed`);
    return this.tracked(sql, () => run<R>(this.client, sql, params));
  }

  query<R extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    return this.turn.run(() => this.send<R>(sql, params));
  }

  async transaction(statements: readonly string[]): Promise<number[]> {
    // Outside a run, a transport with batches of its own runs them so (the Data API: one call, one transaction).
    const batch = this.client.batch?.bind(this.client);
    if (batch && !this.inRun) return this.turn.run(() => this.tracked(statements.join(';\n'), () => batch(statements)));
    return this.withTransaction(async (tx) => {
      const counts: number[] = [];
      for (const sql of statements) counts.push((await tx.query(sql)).rowCount);
      return counts;
    });
  }

  /**
   * BEGIN ... COMMIT around `work`. While a run holds the writer lock, its transaction is already open: the work
   * joins it (Redshift has no nested transactions), and only the run's last transaction (`endsRun`) commits. Any
   * error rolls the whole run back: Redshift aborts a transaction on its first error anyway.
   */
  withTransaction<T>(work: (tx: Queryable) => Promise<T>, options: { endsRun?: boolean } = {}): Promise<T> {
    return this.turn.run(async () => {
      const joined = this.inRun;
      if (!joined) await this.send('BEGIN');
      try {
        const result = await work({ query: (sql, params) => this.send(sql, params) });
        if (!joined || options.endsRun) {
          await this.send('COMMIT');
          this.inRun = false;
        }
        return result;
      } catch (error) {
        this.inRun = false;
        await this.send('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /**
   * The whole run is one transaction that starts with \`LOCK sparkify_runs\`: a second run's LOCK waits until the
   * first commits or rolls back, so runs never interleave, and a killed run leaves nothing half done. Redshift has
   * no lock timeout; STATEMENT_TIMEOUT bounds the wait (at least 2 s, so a lock we cannot see in SVV_TRANSACTIONS
   * still gets its one-line answer). LOCK: https://docs.aws.amazon.com/redshift/latest/dg/r_LOCK.html
   */
  async lockWriter(options: LockOptions): Promise<WriterLock> {
    this.pid ??= Number((await this.query<{ pid: unknown }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
    return this.turn.run(async () => {
      await this.send(createTableSql(SPARKIFY_RUNS, redshiftDialect, { ifNotExists: true }));
      const wait = options.wait ?? 0;
      const visible = await this.holder();
      if (visible && wait <= 0) throw new InUseError(visible, this.target);
      if (visible) options.onWait?.(visible);
      const timeout = Number.isFinite(wait) ? Math.max(2000, Math.round(wait * 1000)) : 0;
      await this.send('BEGIN');
      try {
        await this.send(`SET statement_timeout TO ${timeout}`);
        await this.send(`LOCK ${SPARKIFY_RUNS.name}`);
        await this.send('SET statement_timeout TO 0');
      } catch (error) {
        await this.send('ROLLBACK').catch(() => undefined);
        if (/timeout|cancel/i.test((error as Error).message)) throw new InUseError((await this.holder()) ?? 'another session', this.target);
        throw error;
      }
      this.inRun = true;
      return {
        release: async () => {
          if (!this.inRun) return;
          this.inRun = false;
          await this.query('ROLLBACK').catch(() => undefined);
        },
      };
    });
  }

  lockHolder(): Promise<string | undefined> {
    return this.turn.run(() => this.holder());
  }

  /** Another session's granted lock on the ledger table (SVV_TRANSACTIONS shows a user the sessions it may see). */
  private async holder(): Promise<string | undefined> {
    const row = await this.send<{ pid: unknown; owner: string; since: Date }>(
      `SELECT pid, TRIM(txn_owner) AS owner, txn_start AS since FROM svv_transactions
WHERE relation = (SELECT oid FROM pg_class WHERE relname = '${SPARKIFY_RUNS.name}' AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()))
  AND granted AND lock_mode = 'AccessExclusiveLock' AND pid <> pg_backend_pid() LIMIT 1`,
    )
      .then((r) => r.rows[0])
      .catch(() => undefined);
    if (!row) return undefined;
    const since = row.since ? `, since ${new Date(row.since).toISOString().slice(0, 19).replace('T', ' ')} UTC` : '';
    return `a sparkify run as ${row.owner} (backend ${Number(row.pid)}${since})`;
  }

  /**
   * PG_CANCEL_BACKEND from a second session; a query inside a transaction block may not be cancellable that way
   * (https://docs.aws.amazon.com/redshift/latest/dg/PG_CANCEL_BACKEND.html), so when the statement still runs after
   * two seconds, PG_TERMINATE_BACKEND ends the session (and its transaction).
   */
  async cancel(): Promise<void> {
    if (this.closed || this.active === 0) return;
    // The Data API cancels its own statement (CancelStatement); a statement it cannot stop is ended as below.
    if (this.client.cancelRunning && (await this.client.cancelRunning())) {
      const until = Date.now() + 2000;
      while (this.active > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
      if (this.active === 0) return;
    }
    const pid = this.pid;
    if (!pid) return;
    const session = await this.openSession();
    try {
      await session.query(`SELECT pg_cancel_backend(${pid})`);
      const until = Date.now() + 2000;
      while (this.active > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
      if (this.active > 0) await session.query(`SELECT pg_terminate_backend(${pid})`);
    } finally {
      await session.close();
    }
  }

  async copyFrom(): Promise<number> {
    throw new WarehouseError('Not supported on Redshift', 'Redshift has no COPY FROM STDIN: its staging steps load from S3');
  }

  /**
   * A cursor in a transaction, FETCH by batch. Redshift materialises a cursor's result on the leader node, so
   * memory stays flat here but the cluster holds the whole result until the cursor closes. The cursor's query
   * gets its values as literals, never as bind parameters: a DECLARE with parameters goes through PREPARE, which
   * Redshift allows only for SELECT, INSERT, UPDATE and DELETE (see inlineParams).
   */
  stream<R extends Row = Row>(sql: string, params: readonly unknown[] = [], options: { batchSize?: number; fields?: Field[] } = {}): AsyncIterable<R[]> {
    // The Data API pages a statement's result itself (GetStatementResult): no cursor, and its parameters are bound.
    if (this.client.statementPages) return this.pagedStream<R>(sql, params, options);
    return streamWithCursor<R>(this, params.length > 0 ? inlineParams(sql, params) : sql, [], options);
  }

  private async *pagedStream<R extends Row>(sql: string, params: readonly unknown[], options: { batchSize?: number; fields?: Field[] }): AsyncGenerator<R[]> {
    // The statement takes its turn on the session; its pages are read after it, one at a time.
    const pages = await this.turn.run(() => this.tracked(sql, () => this.client.statementPages!(sql, params.map(utcParam))));
    const size = Math.max(1, options.batchSize ?? 1000);
    try {
      for await (const page of pages) {
        if (options.fields && options.fields.length === 0) options.fields.push(...page.fields);
        for (let i = 0; i < page.rows.length; i += size) yield page.rows.slice(i, i + size) as R[];
      }
    } catch (error) {
      throw asStatementError(error, sql);
    }
  }

  /** Work on the session, counted as running (what cancel looks at); a driver's failure names `sql`. */
  private async tracked<T>(sql: string, work: () => Promise<T>): Promise<T> {
    this.active++;
    try {
      return await work();
    } catch (error) {
      throw asStatementError(error, sql);
    } finally {
      this.active--;
    }
  }

  async version(): Promise<string> {
    const row = (await this.query<{ version: string }>('SELECT version() AS version')).rows[0];
    return row?.version ?? '';
  }

  /** The server process of this connection: what the load monitor filters system tables by and cancels. */
  async backendPid(): Promise<number> {
    this.pid ??= Number((await this.query<{ pid: unknown }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
    return this.pid;
  }

  /** Opens a second connection (temporary credentials are renewed first if they are about to expire). */
  async openSession(): Promise<RedshiftSession> {
    const client = await this.transport.open();
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

function pgTransport(config: DwhConfig, deps: RedshiftDeps): Transport {
  const connection = redshiftConnection(config, { client: deps.redshift, serverless: deps.serverless, now: deps.now });
  const connector = deps.connector ?? pgConnector;
  return { target: connection.target, open: () => connect(connection, connector) };
}

/** [REDSHIFT] TRANSPORT = data-api: each session is a Data API session (see data-api.ts). */
async function dataApiTransport(config: DwhConfig, deps: RedshiftDeps): Promise<Transport> {
  const [{ DataApiSession, dataApiClient }, { dataApiTarget, describeDataApiTarget }] = await Promise.all([import('./data-api.js'), import('./data-api-target.js')]);
  const target = dataApiTarget(config);
  const api = deps.dataApi ?? dataApiClient(target.region);
  return {
    target: describeDataApiTarget(target),
    async open() {
      const session = new DataApiSession({ api, target, pollMs: deps.dataApiPollMs });
      await session.connect();
      return session;
    },
  };
}

async function run<R extends Row>(client: PgClientLike, sql: string, params: readonly unknown[]): Promise<QueryResult<R>> {
  try {
    const result = await client.query(params.length > 0 ? { text: sql, values: params.map(utcParam) } : { text: sql });
    const fields = (result.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
    return { rows: result.rows as R[], fields, rowCount: result.rowCount ?? result.rows.length };
  } catch (error) {
    throw asStatementError(error, sql);
  }
}

/** A driver's failure (pg's, or the Data API's in its shape) as a statement error naming `sql`; anything else as it is. */
function asStatementError(error: unknown, sql: string): unknown {
  if (error instanceof WarehouseError) return error;
  const failure = error as DriverFailure;
  return typeof failure?.message === 'string' ? statementError(failure, sql, error) : error;
}
