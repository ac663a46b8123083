import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
  ValidationException,
  type ColumnMetadata,
  type Field,
  type SqlParameter,
} from '@aws-sdk/client-redshift-data';
import { mockClient } from 'aws-sdk-client-mock';
import type { PgClientLike } from '../../src/engines/redshift/redshift.js';
import type { Row } from '../../src/warehouse/warehouse.js';
import { FakeRedshift } from './fake-redshift.js';

interface Statement {
  id: string;
  session: string;
  /** DescribeStatement answers STARTED this many more times before the end. */
  pending: number;
  cancelled: boolean;
  done: boolean;
  result?: { rows: Row[]; rowCount: number; hasResultSet: boolean };
  sub?: number[];
  error?: string;
}

/**
 * A stand-in for the Redshift Data API, answering as its reference documents: ExecuteStatement returns an id at once
 * (and a SessionId), DescribeStatement says STARTED until the statement ends (FINISHED, FAILED with the database's
 * `ERROR: ...` text, or ABORTED after CancelStatement), GetStatementResult pages the records (`pageSize` a page,
 * NextToken between pages) with ColumnMetadata, BatchExecuteStatement runs its statements in one go. The SQL itself
 * is answered by the rules of a FakeRedshift, one fake connection per session, so statements are checked as text.
 */
export class FakeDataApi {
  readonly sql = new FakeRedshift();
  readonly mock = mockClient(RedshiftDataClient);
  private readonly sessions = new Map<string, PgClientLike>();
  private readonly statements = new Map<string, Statement>();
  private counter = 0;

  constructor(private readonly options: { pageSize?: number; pendingPolls?: number } = {}) {
    this.mock.on(ExecuteStatementCommand).callsFake(async (input) => {
      const session = await this.session(input.SessionId);
      const statement = this.start(session);
      // A statement may wait for the test (a long COPY); the API has answered with its id already.
      void this.run(statement, input.Sql!, input.Parameters).then(() => (statement.done = true));
      return { Id: statement.id, SessionId: session };
    });
    this.mock.on(BatchExecuteStatementCommand).callsFake(async (input) => {
      const session = await this.session(input.SessionId);
      const statement = this.start(session);
      void (async () => {
        const sub: number[] = [];
        for (const sql of input.Sqls ?? []) {
          await this.run(statement, sql, undefined);
          if (statement.error) break;
          sub.push(statement.result?.rowCount ?? 0);
        }
        statement.sub = sub;
        statement.done = true;
      })();
      return { Id: statement.id, SessionId: session };
    });
    this.mock.on(DescribeStatementCommand).callsFake(async ({ Id }) => {
      const s = this.statements.get(Id!)!;
      if (s.cancelled) return { Id, Status: 'ABORTED' };
      if (s.pending > 0 || !s.done) {
        s.pending = Math.max(0, s.pending - 1);
        return { Id, Status: 'STARTED' };
      }
      if (s.error) return { Id, Status: 'FAILED', Error: `ERROR: ${s.error}` };
      return {
        Id,
        Status: 'FINISHED',
        HasResultSet: s.result!.hasResultSet,
        ResultRows: s.result!.rowCount,
        ...(s.sub ? { SubStatements: s.sub.map((n, i) => ({ Id: `${Id}:${i + 1}`, Status: 'FINISHED' as const, ResultRows: n })) } : {}),
      };
    });
    this.mock.on(GetStatementResultCommand).callsFake(async ({ Id, NextToken }) => {
      const rows = this.statements.get(Id!)!.result!.rows;
      const size = this.options.pageSize ?? 2;
      const from = NextToken ? Number(NextToken) : 0;
      const page = rows.slice(from, from + size);
      const columns = Object.keys(rows[0] ?? {});
      return {
        ColumnMetadata: columns.map((name) => ({ name, label: name, typeName: typeName(rows.map((r) => r[name])) }) satisfies ColumnMetadata),
        Records: page.map((row) => columns.map((name) => field(row[name]))),
        TotalNumRows: rows.length,
        ...(from + size < rows.length ? { NextToken: String(from + size) } : {}),
      };
    });
    this.mock.on(CancelStatementCommand).callsFake(async ({ Id }) => {
      const s = this.statements.get(Id!);
      if (s) s.cancelled = true;
      return { Status: true };
    });
  }

  restore(): void {
    this.mock.restore();
  }

  /** Every ExecuteStatement's input, in order. */
  executed() {
    return this.mock.commandCalls(ExecuteStatementCommand).map((c) => c.args[0].input);
  }

  private async session(id: string | undefined): Promise<string> {
    if (id !== undefined) {
      if (!this.sessions.has(id)) throw new ValidationException({ message: `Session ${id} is not available`, $metadata: {} });
      return id;
    }
    const session = `session-${this.sessions.size + 1}`;
    const client = await this.sql.connector({ host: '', port: 0, database: '', ssl: 'verify' });
    this.sessions.set(session, client);
    return session;
  }

  private start(session: string): Statement {
    const statement: Statement = { id: `statement-${++this.counter}`, session, pending: this.options.pendingPolls ?? 1, cancelled: false, done: false };
    this.statements.set(statement.id, statement);
    return statement;
  }

  private async run(statement: Statement, sql: string, parameters: SqlParameter[] | undefined): Promise<void> {
    try {
      const values = parameters?.map((p) => p.value);
      const answer = await this.sessions.get(statement.session)!.query(values ? { text: sql, values } : { text: sql });
      // A query has a result set even when it has no rows; DDL and DML have none.
      const hasResultSet = answer.rows.length > 0 || /^\s*(SELECT|WITH|SHOW|FETCH)\b/i.test(sql);
      statement.result = { rows: answer.rows, rowCount: answer.rowCount ?? answer.rows.length, hasResultSet };
    } catch (error) {
      statement.error = (error as Error).message;
    }
  }
}

function typeName(values: unknown[]): string {
  const value = values.find((v) => v !== null && v !== undefined);
  if (typeof value === 'number') return Number.isInteger(value) ? 'int8' : 'float8';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof Date) return 'timestamp';
  return 'varchar';
}

function field(value: unknown): Field {
  if (value === null || value === undefined) return { isNull: true };
  if (typeof value === 'number') return Number.isInteger(value) ? { longValue: value } : { doubleValue: value };
  if (typeof value === 'boolean') return { booleanValue: value };
  if (value instanceof Date) return { stringValue: value.toISOString().replace('T', ' ').replace('Z', '') };
  return { stringValue: String(value) };
}
