import { useCallback, useRef, useState } from 'react';
import { describeError } from '../errors.js';
import { bindValues, exportCsv, limitNote, parseParams, runInsight, type Insight } from '../queries/insights.js';
import type { Field, Row } from '../warehouse/warehouse.js';
import { formatInt } from './format.js';
import { sqlKind } from './sql-kind.js';
import type { TuiStore } from './store.js';
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

export interface QueryRunner {
  running: boolean;
  result?: ShownResult;
  error?: Problem;
  runInsight(insight: Insight, raw: Record<string, string>): Promise<boolean>;
  runSql(sql: string): Promise<boolean>;
  exportCsv(path: string): Promise<{ rows: number; path: string } | Problem>;
}

/**
 * Runs saved insights and free SQL on the workspace's connection, keeps the result on show and records each
 * run in the history. Parameter errors come back as a Problem naming the parameter and value.
 */
export function useQuery(workspace: Workspace, store: TuiStore): QueryRunner {
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<ShownResult | undefined>(undefined);
  const [error, setError] = useState<Problem | undefined>(undefined);
  const busy = useRef(false);

  const guarded = useCallback(async (work: () => Promise<ShownResult>): Promise<boolean> => {
    if (busy.current) return false;
    busy.current = true;
    setRunning(true);
    try {
      setResult(await work());
      setError(undefined);
      return true;
    } catch (e) {
      setError(describeError(e));
      return false;
    } finally {
      busy.current = false;
      setRunning(false);
    }
  }, []);

  const runOne = useCallback(
    (insight: Insight, raw: Record<string, string>) =>
      guarded(async () => {
        const values = parseParams(insight, raw);
        const { warehouse } = await workspace.open();
        const r = await runInsight(warehouse, insight, values);
        store.addHistory({ at: new Date().toISOString(), kind: 'insight', text: insight.id, params: raw, rows: r.rows.length, seconds: r.seconds });
        const note = limitNote(insight, values, r.rows.length, 'p for more');
        return { kind: 'insight', insight, sql: insight.sql, params: bindValues(insight, values), fields: r.fields, rows: r.rows, rowCount: r.rowCount, seconds: r.seconds, note, exportable: true };
      }),
    [guarded, workspace, store],
  );

  const runSql = useCallback(
    (sql: string) =>
      guarded(async () => {
        const { warehouse } = await workspace.open();
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
          const r = await warehouse.query(sql);
          ({ fields, rows, rowCount } = r);
        }
        const seconds = (performance.now() - started) / 1000;
        store.addHistory({ at: new Date().toISOString(), kind: 'sql', text: sql, rows: rowCount, seconds });
        const note = more ? `first ${formatInt(SHOWN_ROWS)} rows shown; e exports them all` : undefined;
        return { kind: 'sql', sql, params: [], fields, rows, rowCount, seconds, note, exportable: kind.streamable };
      }),
    [guarded, workspace, store],
  );

  const exportShown = useCallback(
    async (path: string) => {
      if (!result?.exportable) return { title: 'Nothing to export', message: 'run an insight or a SELECT first' };
      try {
        const { warehouse } = await workspace.open();
        return await exportCsv(warehouse, result.sql, result.params, path);
      } catch (e) {
        return describeError(e);
      }
    },
    [result, workspace],
  );

  return { running, result, error, runInsight: runOne, runSql, exportCsv: exportShown };
}
