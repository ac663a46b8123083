import type { RedshiftSession } from './redshift.js';

/** What a running COPY has done so far, from the system tables. */
export interface LoadSnapshot {
  /** Lines read so far (STV_LOAD_STATE counts them per slice, every million records). */
  rows: number;
  files: number;
  filesDone: number;
  /** 0-100 when the cluster knows the total bytes. */
  percent?: number;
  /** The SYS views' id of the load, once SYS_LOAD_HISTORY lists it. */
  queryId?: number;
  status?: string;
}

/** The load's row in SYS_LOAD_HISTORY: id, state, and totals known from the start (files). */
export const LOAD_HISTORY_SQL = `SELECT query_id, TRIM(status) AS status, loaded_rows, source_file_count, error_count
FROM sys_load_history WHERE session_id = $1 AND status = 'running' ORDER BY start_time DESC LIMIT 1`;

/** Live per-slice progress of the session's COPY, summed over slices (compressed input counts compressed bytes). */
export const LOAD_STATE_SQL = `SELECT COALESCE(SUM(lines), 0) AS lines, COALESCE(SUM(num_files), 0) AS files, COALESCE(SUM(num_files_complete), 0) AS files_done,
  COALESCE(SUM(bytes_loaded), 0) AS bytes_loaded, COALESCE(SUM(bytes_to_load), 0) AS bytes_to_load,
  COALESCE(SUM(bytes_loaded_compressed), 0) AS gz_loaded, COALESCE(SUM(bytes_to_load_compressed), 0) AS gz_to_load
FROM stv_load_state WHERE pid = $1`;

export interface MonitorOptions {
  /** A connection other than the loading one: the loading one is busy with the COPY. */
  session: Pick<RedshiftSession, 'query'>;
  /** The loading session's process id. */
  pid: number;
  /** Milliseconds between polls; default 2000 (each poll is two small leader-node queries). */
  intervalMs?: number;
  onProgress: (snapshot: LoadSnapshot) => void;
  /** SYS views only (Serverless has no STV tables): STV_LOAD_STATE is not asked. */
  sysOnly?: boolean;
}

export interface LoadMonitor {
  /** Stops polling; resolves once the poll in flight, if any, has finished. */
  stop(): Promise<void>;
  readonly last: LoadSnapshot;
}

/**
 * Polls SYS_LOAD_HISTORY and STV_LOAD_STATE while a COPY runs on another connection. A table this cluster does
 * not have (Serverless has no STV tables; old clusters no SYS views) is dropped after its first failure:
 * progress is best effort and never fails the load.
 */
export function monitorLoad(options: MonitorOptions): LoadMonitor {
  const interval = options.intervalMs ?? 2000;
  let last: LoadSnapshot = { rows: 0, files: 0, filesDone: 0 };
  let useHistory = true;
  let useState = options.sysOnly !== true;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const poll = async (): Promise<void> => {
    const next: LoadSnapshot = { ...last };
    if (useHistory) {
      try {
        const row = (await options.session.query<Record<string, unknown>>(LOAD_HISTORY_SQL, [options.pid])).rows[0];
        if (row) {
          next.queryId = Number(row.query_id);
          next.status = String(row.status ?? '');
          next.files = Math.max(next.files, Number(row.source_file_count ?? 0));
          next.rows = Math.max(next.rows, Number(row.loaded_rows ?? 0));
        }
      } catch {
        useHistory = false;
      }
    }
    if (useState && !stopped) {
      try {
        const row = (await options.session.query<Record<string, unknown>>(LOAD_STATE_SQL, [options.pid])).rows[0];
        if (row) {
          const n = (key: string): number => Number(row[key] ?? 0);
          next.rows = Math.max(next.rows, n('lines'));
          next.files = Math.max(next.files, n('files'));
          next.filesDone = Math.max(next.filesDone, n('files_done'));
          const [done, total] = n('gz_to_load') > 0 ? [n('gz_loaded'), n('gz_to_load')] : [n('bytes_loaded'), n('bytes_to_load')];
          if (total > 0) next.percent = Math.min(100, Math.round((done / total) * 1000) / 10);
        }
      } catch {
        useState = false;
      }
    }
    if (stopped) return;
    last = next;
    options.onProgress(next);
  };

  const schedule = (): void => {
    if (stopped || (!useHistory && !useState)) return;
    timer = setTimeout(() => {
      inFlight = poll().finally(schedule);
    }, interval);
  };
  schedule();

  return {
    get last() {
      return last;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight.catch(() => undefined);
    },
  };
}
