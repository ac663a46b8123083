/** Messages between the embedded warehouse (caller's thread) and the PGlite worker thread. */
import type { Field, Row } from '../../warehouse/warehouse.js';

export type WorkerRequest =
  | { id: number; kind: 'query'; sql: string; params: unknown[] }
  | { id: number; kind: 'transaction'; statements: string[] }
  /** BEGIN (+ TRUNCATE when replacing); the chunks that follow join this transaction. */
  | { id: number; kind: 'copy-begin'; table: string; replace: boolean }
  | { id: number; kind: 'copy-chunk'; sql: string; csv: Uint8Array | string }
  | { id: number; kind: 'copy-end'; commit: boolean }
  | { id: number; kind: 'close' };

export interface WorkerFailure {
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
  position?: string;
  /** In a transaction: the index of the statement that failed. */
  statement?: number;
}

export type WorkerResponse =
  | { id: number; ok: true; rows?: Row[]; fields?: Field[]; rowCount?: number; counts?: number[] }
  | { id: number; ok: false; error: WorkerFailure };

/** Sent once, unprompted, when the database is open (or failed to open). */
export type WorkerReady =
  | { id: 0; ready: true; created: boolean; fromTemplate: boolean; seconds: number; version: string }
  | { id: 0; ready: false; error: WorkerFailure };

export interface WorkerData {
  dataDir: string;
}
