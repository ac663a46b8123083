import type { RedshiftSession } from './redshift.js';
import type { Rejection } from '../../etl/load-json.js';

/** One row of Redshift's load errors: where in the file COPY read, which column, and why. */
export interface LoadErrorRow {
  file: string;
  line: number;
  column: string;
  code?: number;
  reason: string;
}

/** Rows reported per failed load; Redshift stops at MAXERROR + 1 anyway. */
const LOAD_ERRORS_SHOWN = 100;

/** The SYS view's id of the session's latest COPY (SYS views number queries apart from the STL tables). */
export const LATEST_LOAD_SQL = 'SELECT query_id FROM sys_load_history WHERE session_id = $1 ORDER BY start_time DESC LIMIT 1';

export const SYS_ERRORS_SQL = `SELECT TRIM(file_name) AS file_name, line_number, TRIM(column_name) AS column_name, error_code, TRIM(error_message) AS error_message
FROM sys_load_error_detail WHERE query_id = $1 ORDER BY file_name, line_number LIMIT ${LOAD_ERRORS_SHOWN}`;

/**
 * The fallback for clusters without the SYS views: the latest load with errors of session $1 that started at or
 * after $2 (the cluster's clock before the COPY, see LOAD_START_SQL). Not pg_last_copy_id(): it is not updated
 * when the COPY's transaction rolls back (https://docs.aws.amazon.com/redshift/latest/dg/PG_LAST_COPY_ID.html),
 * and a failed load is always rolled back.
 */
export const STL_ERRORS_SQL = `SELECT TRIM(filename) AS file_name, line_number, TRIM(colname) AS column_name, err_code AS error_code, TRIM(err_reason) AS error_message
FROM stl_load_errors WHERE query = (SELECT MAX(query) FROM stl_load_errors WHERE session = $1 AND starttime >= CAST($2 AS TIMESTAMP))
ORDER BY filename, line_number LIMIT ${LOAD_ERRORS_SHOWN}`;

/**
 * The load errors of the latest COPY run by the session `pid` (or of `queryId`, the SYS id the load monitor saw),
 * read on that same session (`load`, after its transaction ended or while it is still open):
 * SYS_LOAD_ERROR_DETAIL, else STL_LOAD_ERRORS. Never throws:
 * when neither can be read, the COPY's own error is all there is to show.
 */
export async function readLoadErrors(load: Pick<RedshiftSession, 'query'>, pid: number, queryId: number | undefined, since: string | undefined): Promise<LoadErrorRow[]> {
  const rows = async (sql: string, params: unknown[]): Promise<LoadErrorRow[]> => {
    const result = await load.query<{ file_name: unknown; line_number: unknown; column_name: unknown; error_code: unknown; error_message: unknown }>(sql, params);
    return result.rows.map((r) => ({
      file: String(r.file_name ?? '').trim(),
      line: Number(r.line_number ?? 0),
      column: String(r.column_name ?? '').trim(),
      code: r.error_code === null || r.error_code === undefined ? undefined : Number(r.error_code),
      reason: String(r.error_message ?? '').trim(),
    }));
  };
  try {
    const id = queryId ?? (await load.query<{ query_id: unknown }>(LATEST_LOAD_SQL, [pid])).rows[0]?.query_id;
    if (id !== undefined && id !== null) {
      const found = await rows(SYS_ERRORS_SQL, [id]);
      if (found.length > 0) return found;
    }
  } catch {
    // No SYS views on this cluster version: try the STL table.
  }
  if (since === undefined) return [];
  try {
    return await rows(STL_ERRORS_SQL, [pid, since]);
  } catch {
    return [];
  }
}

/**
 * A load error as a rejected record: the input file and line when the part line maps back to one (uploaded
 * input), else the S3 file and line Redshift names. The reason leads with the column, as the local loader's does.
 */
export function toRejection(row: LoadErrorRow, locate?: (file: string, line: number) => { file: string; line: number } | undefined): Rejection {
  const origin = locate?.(row.file, row.line);
  const code = row.code === undefined ? '' : ` (Redshift error ${row.code})`;
  const reason = `${row.column ? `${row.column}: ` : ''}${row.reason}${code}`;
  return origin ? { file: origin.file, line: origin.line, reason } : { file: row.file, line: row.line, reason };
}
