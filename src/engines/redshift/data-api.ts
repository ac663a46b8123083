/**
 * The Redshift Data API as a transport: every statement is an HTTPS call (no port 5439, no security-group rule,
 * no database password). One session of the API stands for one connection: the first ExecuteStatement opens it
 * (SessionKeepAliveSeconds) and every later statement names its SessionId, so BEGIN ... COMMIT, LOCK and cursors
 * span calls as they do on a connection. A statement is polled with DescribeStatement until it ends; its rows
 * come page by page from GetStatementResult. https://docs.aws.amazon.com/redshift/latest/mgmt/data-api.html
 */
import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
  type BatchExecuteStatementCommandOutput,
  type ColumnMetadata,
  type DescribeStatementCommandOutput,
  type ExecuteStatementCommandOutput,
  type GetStatementResultCommandOutput,
  type Field as DataField,
  type SqlParameter,
} from '@aws-sdk/client-redshift-data';
import { setTimeout as sleep } from 'node:timers/promises';
import { awsClient } from '../../aws-client.js';
import { clusterError } from '../../cluster/errors.js';
import { parseDateUtc, parseTimestampUtc, utcParam } from '../../warehouse/utc-time.js';
import type { Field, Row } from '../../warehouse/warehouse.js';
import { parseInt8 } from '../postgres/pg-types.js';
import { mapPlaceholders } from './inline-params.js';
import type { DataApiTarget } from './data-api-target.js';

/** What the transport needs of the AWS SDK: `send` (a real client, or one aws-sdk-client-mock answers). */
export type DataApi = Pick<RedshiftDataClient, 'send'>;

export function dataApiClient(region: string): RedshiftDataClient {
  return awsClient(RedshiftDataClient, region);
}

export interface DataApiSessionOptions {
  api: DataApi;
  target: DataApiTarget;
  /** Seconds the API keeps an idle session; default 900 (a run's statements follow each other much sooner). */
  keepAliveSeconds?: number;
  /** First and longest delay between two DescribeStatement calls, in ms; default 25 and 1000 (doubling). */
  pollMs?: readonly [number, number];
}

/** One statement's end, as DescribeStatement reports it. */
interface Finished {
  id: string;
  hasResultSet: boolean;
  resultRows: number;
  /** A batch's rows per statement. */
  subRows: number[];
}

/** A failure shaped as the `pg` driver's, so the warehouse's error handling treats both transports alike. */
function statementFailure(message: string, code?: string): Error {
  return Object.assign(new Error(message), { severity: 'ERROR', ...(code ? { code } : {}) });
}

/**
 * One Data API session with the shape of a `pg` client (connect, query, end), plus what only the API offers:
 * rows streamed page by page, a batch in one transaction, and CancelStatement of the running statement.
 */
export class DataApiSession {
  private sessionId?: string;
  private running?: string;

  constructor(private readonly options: DataApiSessionOptions) {}

  /** Opens the session with a first statement, so that a wrong target or missing permission fails here. */
  async connect(): Promise<void> {
    await this.query({ text: 'SELECT 1' });
  }

  on(): this {
    return this;
  }

  /** The API has no call that ends a session: it ends once idle for keepAliveSeconds. */
  async end(): Promise<void> {
    this.sessionId = undefined;
  }

  async query(query: { text: string; values?: unknown[] }): Promise<{ rows: Row[]; fields: Field[]; rowCount: number }> {
    const done = await this.execute(query.text, query.values ?? []);
    // A statement without a result set (DDL, DML) has its count of rows, and no pages to ask for.
    if (!done.hasResultSet) return { rows: [], fields: [], rowCount: Math.max(0, done.resultRows) };
    const rows: Row[] = [];
    let fields: Field[] = [];
    for await (const page of this.pages(done.id)) {
      fields = page.fields;
      rows.push(...page.rows);
    }
    return { rows, fields, rowCount: rows.length };
  }

  /**
   * Runs one statement to its end and returns its rows to be read later, page by page (GetStatementResult): the
   * API keeps a result by statement id, so the session is free for other statements while the pages are read.
   */
  async statementPages(text: string, values: readonly unknown[]): Promise<AsyncIterable<{ rows: Row[]; fields: Field[] }>> {
    const done = await this.execute(text, values);
    return done.hasResultSet ? this.pages(done.id) : (async function* () {})();
  }

  /** Statements that run in one transaction of their own (BatchExecuteStatement): all of them, or none. */
  async batch(statements: readonly string[]): Promise<number[]> {
    const out = await this.send<BatchExecuteStatementCommandOutput>(new BatchExecuteStatementCommand({ ...this.where(), Sqls: [...statements] }), 'BatchExecuteStatement');
    this.sessionId ??= out.SessionId;
    return (await this.wait(out.Id!)).subRows;
  }

  /** Asks the API to cancel the running statement (CancelStatement); false when none runs. */
  async cancelRunning(): Promise<boolean> {
    const id = this.running;
    if (!id) return false;
    await this.send<unknown>(new CancelStatementCommand({ Id: id }), 'CancelStatement').catch(() => undefined);
    return true;
  }

  private async execute(text: string, values: readonly unknown[]): Promise<Finished> {
    const { sql, parameters } = namedParameters(text, values);
    const out = await this.send<ExecuteStatementCommandOutput>(
      new ExecuteStatementCommand({ ...this.where(), Sql: sql, ...(parameters.length > 0 ? { Parameters: parameters } : {}) }),
      'ExecuteStatement',
    );
    this.sessionId ??= out.SessionId;
    return this.wait(out.Id!);
  }

  /** The first statement names the target and opens the session; the others name the session only. */
  private where() {
    if (this.sessionId) return { SessionId: this.sessionId };
    const t = this.options.target;
    return {
      ...(t.workgroupName ? { WorkgroupName: t.workgroupName } : { ClusterIdentifier: t.clusterIdentifier }),
      Database: t.database,
      ...(t.secretArn ? { SecretArn: t.secretArn } : t.dbUser ? { DbUser: t.dbUser } : {}),
      SessionKeepAliveSeconds: this.options.keepAliveSeconds ?? 900,
    };
  }

  /** Polls DescribeStatement until the statement finished, failed or was aborted. */
  private async wait(id: string): Promise<Finished> {
    const [first, longest] = this.options.pollMs ?? [25, 1000];
    let delay = first;
    this.running = id;
    try {
      for (;;) {
        const d = await this.send<DescribeStatementCommandOutput>(new DescribeStatementCommand({ Id: id }), 'DescribeStatement');
        if (d.Status === 'FINISHED') {
          const subRows = (d.SubStatements ?? []).map((sub) => Math.max(0, sub.ResultRows ?? 0));
          return { id, hasResultSet: d.HasResultSet === true, resultRows: d.ResultRows ?? -1, subRows };
        }
        // The words of a cancelled statement on a connection (SQLSTATE 57014), so both transports report it alike.
        if (d.Status === 'ABORTED') throw statementFailure('canceling statement due to user request', '57014');
        if (d.Status === 'FAILED') throw statementFailure((d.Error ?? 'the statement failed').replace(/^ERROR:\s*/, ''));
        await sleep(delay);
        delay = Math.min(longest, delay * 2);
      }
    } finally {
      this.running = undefined;
    }
  }

  private async *pages(id: string): AsyncGenerator<{ rows: Row[]; fields: Field[] }> {
    let token: string | undefined;
    let columns: ColumnMetadata[] | undefined;
    do {
      const page = await this.send<GetStatementResultCommandOutput>(new GetStatementResultCommand({ Id: id, ...(token ? { NextToken: token } : {}) }), 'GetStatementResult');
      columns = page.ColumnMetadata?.length ? page.ColumnMetadata : columns ?? [];
      const readers = columns.map((c) => reader(c.typeName ?? ''));
      const names = columns.map((c) => c.name ?? c.label ?? '');
      const rows = (page.Records ?? []).map((record) => {
        const row: Row = {};
        record.forEach((field, i) => (row[names[i]!] = readers[i]!(field)));
        return row;
      });
      yield { rows, fields: columns.map((c, i) => ({ name: names[i]!, dataTypeID: typeOid(c.typeName ?? '') })) };
      token = page.NextToken;
    } while (token);
  }

  private async send<T>(command: object, operation: string): Promise<T> {
    try {
      return (await this.options.api.send(command as never)) as T;
    } catch (error) {
      const t = this.options.target;
      const identifier = t.workgroupName ? `workgroup ${t.workgroupName}` : `cluster ${t.clusterIdentifier}`;
      throw clusterError(error, { action: 'run a statement on', operation, identifier, region: t.region, service: 'redshift-data' });
    }
  }
}

/**
 * `$n` placeholders as the API's named parameters (`:p1`, values as text); a null is written as NULL in place, since
 * a parameter takes a text value only. Placeholders in literals, quoted names and comments are left alone.
 */
export function namedParameters(text: string, values: readonly unknown[]): { sql: string; parameters: SqlParameter[] } {
  if (values.length === 0) return { sql: text, parameters: [] };
  const used = new Set<number>();
  const sql = mapPlaceholders(text, values.length, (n) => {
    const value = values[n - 1];
    if (value === null || value === undefined) return 'NULL';
    used.add(n);
    return `:p${n}`;
  });
  const parameters = [...used].sort((a, b) => a - b).map((n) => ({ name: `p${n}`, value: paramText(values[n - 1], n) }));
  return { sql, parameters };
}

function paramText(value: unknown, n: number): string {
  const v = utcParam(value);
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`$${n} is not a finite number`);
    return String(v);
  }
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  throw new Error(`$${n} is a ${typeof v}, which the Data API cannot send`);
}

/** Column values as the `pg` transport gives them (see pg-types.ts): timestamps and dates in UTC, int8 as a number. */
function reader(typeName: string): (field: DataField) => unknown {
  const plain = (f: DataField): unknown =>
    f.isNull ? null : (f.stringValue ?? f.longValue ?? f.doubleValue ?? f.booleanValue ?? (f.blobValue ? Buffer.from(f.blobValue) : null));
  switch (typeName) {
    case 'timestamp':
      return (f) => (f.isNull ? null : parseTimestampUtc(String(plain(f))));
    case 'date':
      return (f) => (f.isNull ? null : parseDateUtc(String(plain(f))));
    case 'int8':
      return (f) => (f.isNull ? null : parseInt8(String(plain(f))));
    case 'numeric':
      return (f) => (f.isNull ? null : String(plain(f)));
    default:
      return plain;
  }
}

/** PostgreSQL type ids of the Data API's type names, for the formatters (numbers right-aligned, times as ISO). */
const OIDS: Readonly<Record<string, number>> = {
  bool: 16, int8: 20, int2: 21, int4: 23, text: 25, float4: 700, float8: 701, bpchar: 1042, varchar: 1043, date: 1082, timestamp: 1114, timestamptz: 1184, numeric: 1700,
};

function typeOid(typeName: string): number {
  return OIDS[typeName] ?? 25;
}
