import { describeError, WarehouseError } from '../errors.js';
import { bindValues, exportCsv, limitNote, parseParams, runInsight, type Insight } from '../queries/insights.js';
import type { Field, Row } from '../warehouse/warehouse.js';
import { formatInt } from './format.js';
import { sqlKind } from '../queries/sql-kind.js';
import type { HistoryEntry, TuiStore } from './store.js';
import type { Workspace } from './workspace.js';

/** Rows a free SQL statement shows at most; the export streams them all. */
export const SHOWN_ROWS = 1000;

export interface ShownResult {
  kind: 'insight' | 'sql';
  /** The insight, for charts and the export's default name. */
  insight?: Insight;
  /** What ran: the statement and its bound values, so the export reads the same rows. */
  sql: string;
  params: unknown[];
  fields: Field[];
  rows: Row[];
  /** Rows affected, for statements without a result set. */
  rowCount: number;
  seconds: number;
  /** Said under the table: a limit that may have cut the result, rows not shown. */
  note?: string;
  /** Whether `e` can export it (a statement that reads rows). */
  exportable: boolean;
}

export interface Problem {
  title: string;
  message: string;
}

/** What the query screen's effects do, on the workspace's one connection; every run is kept in the history. */
export interface QueryWork {
  runInsight(insight: Insight, raw: Record<string, string>): Promise<ShownResult>;
  runSql(sql: string): Promise<ShownResult>;
  exportCsv(sql: string, params: unknown[], path: string): Promise<{ rows: number; path: string } | Problem>;
  /** Stops the running statement on the server (a cancel request; embedded: its worker is restarted). */
  cancel(): Promise<void>;
  history(): HistoryEntry[];
}

export function queryWork(workspace: Workspace, store: TuiStore): QueryWork {
  // The request running now. A cancel can come while the connection is still opening (seconds on a busy
  // machine), before any statement was sent for the server to stop: the request then never sends one.
  let running: { cancelled: boolean } | undefined;
  const connection = async () => {
    const job = { cancelled: false };
    running = job;
    const { warehouse } = await workspace.open();
    if (job.cancelled) throw new WarehouseError('Statement cancelled', 'stopped by the user before it started');
    return warehouse;
  };
  return {
    async runInsight(insight, raw) {
      const values = parseParams(insight, raw);
      const warehouse = await connection();
      const r = await runInsight(warehouse, insight, values);
      store.addHistory({ at: new Date().toISOString(), kind: 'insight', text: insight.id, params: raw, rows: r.rows.length, seconds: r.seconds });
      const note = limitNote(insight, values, r.rows.length, 'p for more');
      return { kind: 'insight', insight, sql: insight.sql, params: bindValues(insight, values), fields: r.fields, rows: r.rows, rowCount: r.rowCount, seconds: r.seconds, note, exportable: true };
    },

    async runSql(sql) {
      const warehouse = await connection();
      const kind = sqlKind(sql);
      const started = performance.now();
      let fields: Field[] = [];
      let rows: Row[] = [];
      let rowCount = 0;
      let more = false;
      if (kind.streamable) {
        // Through a cursor, stopping after SHOWN_ROWS: `SELECT * FROM staging_events` must not load millions.
        for await (const batch of warehouse.stream(sql, [], { batchSize: 500, fields })) {
          const room = SHOWN_ROWS - rows.length;
          rows.push(...batch.slice(0, room));
          if (batch.length > room) {
            more = true;
            break;
          }
        }
        rowCount = rows.length;
      } else {
        ({ fields, rows, rowCount } = await warehouse.query(sql));
      }
      const seconds = (performance.now() - started) / 1000;
      store.addHistory({ at: new Date().toISOString(), kind: 'sql', text: sql, rows: rowCount, seconds });
      const note = more ? `first ${formatInt(SHOWN_ROWS)} rows shown; e exports them all` : undefined;
      return { kind: 'sql', sql, params: [], fields, rows, rowCount, seconds, note, exportable: kind.streamable };
    },

    async exportCsv(sql, params, path) {
      try {
        const { warehouse } = await workspace.open();
        return await exportCsv(warehouse, sql, params, path);
      } catch (e) {
        return describeError(e);
      }
    },

    async cancel() {
      if (running) running.cancelled = true;
      await workspace.warehouse?.cancel();
    },

    history: () => store.history(),
  };
}

/** An error as the screens show it: title and one-line message. */
export function problemOf(error: unknown): Problem {
  const { title, message } = describeError(error);
  return { title, message };
}
