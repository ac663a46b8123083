import type { PgSettings } from '../../src/engines/postgres/pg-settings.js';
import type { PgClientLike, PgConnector } from '../../src/engines/redshift/redshift.js';
import type { Row } from '../../src/warehouse/warehouse.js';

/** One statement a fake connection received. `conn` numbers connections from 1 in the order they opened. */
export interface SentStatement {
  conn: number;
  text: string;
  values?: unknown[];
}

type Answer = { rows?: Row[]; rowCount?: number } | Promise<{ rows?: Row[]; rowCount?: number }>;
type Responder = (sent: SentStatement) => Answer;

/** An error shaped like pg's DatabaseError. */
export function pgError(message: string, code = 'XX000'): Error {
  return Object.assign(new Error(message), { code, severity: 'ERROR' });
}

/**
 * A stand-in for Redshift behind the `pg` client shape: it records every statement of every connection as text
 * and answers from rules (first match wins; a statement no rule matches gets no rows).
 */
export class FakeRedshift {
  readonly sent: SentStatement[] = [];
  readonly logins: PgSettings[] = [];
  readonly ended: number[] = [];
  private readonly rules: { match: (text: string) => boolean; respond: Responder }[] = [];
  /** Set to make the next connect() fail with this error. */
  connectError?: Error;

  /** Answers statements that equal `match` (a string) or match it (a RegExp). */
  on(match: string | RegExp, respond: Responder | Answer): this {
    const test = typeof match === 'string' ? (t: string) => t === match : (t: string) => match.test(t);
    this.rules.push({ match: test, respond: typeof respond === 'function' ? respond : () => respond });
    return this;
  }

  readonly connector: PgConnector = (settings) => {
    this.logins.push(settings);
    const conn = this.logins.length;
    const client: PgClientLike = {
      connect: async () => {
        if (this.connectError) throw this.connectError;
      },
      query: async ({ text, values }) => {
        const sent: SentStatement = values === undefined ? { conn, text } : { conn, text, values };
        this.sent.push(sent);
        const rule = this.rules.find((r) => r.match(text));
        const answer = await (rule ? rule.respond(sent) : {});
        const rows = answer.rows ?? [];
        return { rows, rowCount: answer.rowCount ?? rows.length, fields: Object.keys(rows[0] ?? {}).map((name) => ({ name, dataTypeID: 25 })) };
      },
      end: async () => {
        this.ended.push(conn);
      },
      on: () => client,
    };
    return client;
  };

  /** The statements of one connection, in order. */
  statements(conn: number): string[] {
    return this.sent.filter((s) => s.conn === conn).map((s) => s.text);
  }
}
