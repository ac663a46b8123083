import { statfsSync } from 'node:fs';
import { SparkifyError, systemReason, WarehouseError } from '../../errors.js';
import { createInSibling, inspectDataDir, realDataDir, secureDatabase } from './embedded-folder.js';
import { EmbeddedThread, type RequestBody } from './embedded-thread.js';
import type { WorkerResponse } from './embedded-protocol.js';
import { statementError } from '../../warehouse/errors.js';
import { lockFolder } from './folder-lock.js';
import { thisProcess } from '../../warehouse/holder.js';
import type { CopyRequest, Field, Holder, OpenInfo, Queryable, QueryResult, Row, Warehouse, WriterLock } from '../../warehouse/warehouse.js';
import { copyStatement, streamWithCursor } from '../../warehouse/sql-helpers.js';
import { Turn } from '../../warehouse/turn.js';

/** Options of the embedded engine. */
export interface EmbeddedOptions {
  /** Folder of the PGlite database; created (4-5 s) when it holds none. */
  dataDir: string;
  /** CSV chunks in flight to the worker during COPY; default 2, so parsing overlaps loading. */
  copyWindow?: number;
  /** Who opens it, named to other processes that try; default this process running `sparkify`. */
  holder?: Holder;
  /** Seconds to wait for another process to let go of the folder; default 0 (refuse at once). */
  wait?: number;
  onWait?: (holder: string) => void;
}

const cancelled = (): WarehouseError =>
  Object.assign(new WarehouseError('Statement cancelled', 'stopped by the user; its transaction was rolled back'), { code: '57014' });

/**
 * PGlite (PostgreSQL compiled to WebAssembly) in a worker thread, persisted in a folder that one process at a time
 * may open (a lock in the folder, see folder-lock.ts): while it is open here, other processes are told who has
 * it. One connection: statements run in call order; a transaction or a COPY holds it until it ends.
 */
export class EmbeddedWarehouse implements Warehouse {
  readonly engine = 'embedded' as const;
  readonly target: string;
  private readonly turn = new Turn();
  private thread: Promise<EmbeddedThread>;
  /** Bumped by each cancel: a transaction begun on an earlier thread ended with it (nothing to roll back). */
  private generation = 0;
  private closed = false;

  private constructor(
    thread: EmbeddedThread,
    private readonly dataDir: string,
    private readonly folderLock: WriterLock,
    private readonly serverVersion: string,
    private readonly options: EmbeddedOptions,
  ) {
    this.thread = Promise.resolve(thread);
    this.target = `PGlite database in ${options.dataDir}`;
  }

  /**
   * Opens the database, creating it first (in a sibling folder, renamed into place) when DATA_DIR is new or empty.
   * Rejects with a ConfigError for a DATA_DIR that holds something else, an InUseError when another process has it.
   */
  static async open(options: EmbeddedOptions): Promise<{ warehouse: EmbeddedWarehouse; info: OpenInfo }> {
    const started = performance.now();
    const dataDir = realDataDir(options.dataDir);
    const fail = (error: unknown, what = 'open'): SparkifyError =>
      error instanceof SparkifyError ? error : new WarehouseError(`Cannot ${what} the embedded database`, `${options.dataDir}: ${systemReason(error)}`, { cause: error });
    let created: { fromTemplate: boolean } | undefined;
    if (inspectDataDir(dataDir) === 'new') {
      created = await createInSibling(dataDir, async (folder) => {
        const { thread, ready } = await EmbeddedThread.start(folder).catch((error: unknown) => Promise.reject(fail(error, 'create')));
        await thread.close();
        return { fromTemplate: ready.fromTemplate };
      }).catch((error: unknown) => Promise.reject(fail(error, 'create')));
    }
    const lock = await lockFolder(dataDir, { holder: options.holder ?? thisProcess('(library)'), wait: options.wait, onWait: options.onWait });
    try {
      secureDatabase(dataDir);
      const { thread, ready } = await EmbeddedThread.start(dataDir);
      const warehouse = new EmbeddedWarehouse(thread, dataDir, lock, ready.version, options);
      const seconds = (performance.now() - started) / 1000;
      return { warehouse, info: { created: created !== undefined, fromTemplate: created?.fromTemplate ?? false, seconds } };
    } catch (error) {
      await lock.release();
      throw fail(error);
    }
  }

  private async call(body: RequestBody, sql: string, transfer: ArrayBuffer[] = []): Promise<Extract<WorkerResponse, { ok: true }>> {
    if (this.closed) throw new WarehouseError('Embedded database closed', 'the connection is closed');
    const response = await (await this.thread).send(body, transfer);
    if (!response.ok) throw statementError(response.error, sql);
    return response;
  }

  /** One statement on the worker, outside the turn (for work that already holds it). */
  private async run<R extends Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    const r = await this.call({ kind: 'query', sql, params: [...params] }, sql);
    return { rows: (r.rows ?? []) as R[], fields: r.fields ?? [], rowCount: r.rowCount ?? 0 };
  }

  query<R extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    return this.turn.run(() => this.run<R>(sql, params));
  }

  transaction(statements: readonly string[]): Promise<number[]> {
    return this.turn.run(async () => {
      const response = await (await this.thread).send({ kind: 'transaction', statements: [...statements] });
      if (!response.ok) throw statementError(response.error, statements[response.error.statement ?? -1] ?? statements.join(';\n'));
      return response.counts ?? [];
    });
  }

  withTransaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.turn.run(async () => {
      const generation = this.generation;
      await this.run('BEGIN');
      try {
        const result = await work({ query: (sql, params) => this.run(sql, params) });
        await this.run('COMMIT');
        return result;
      } catch (error) {
        if (generation === this.generation) await this.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  copyFrom(request: CopyRequest): Promise<number> {
    const sql = `${copyStatement(request.table, request.columns)} FROM '/dev/blob' WITH (FORMAT csv)`;
    return this.turn.run(async () => {
      const generation = this.generation;
      await this.call({ kind: 'copy-begin', table: request.table, replace: request.replace ?? false }, sql);
      const window = Math.max(1, this.options.copyWindow ?? 2);
      const inFlight: Promise<Extract<WorkerResponse, { ok: true }>>[] = [];
      let rows = 0;
      try {
        for await (const csv of request.chunks) {
          if (csv.length === 0) continue;
          // A chunk that owns its whole buffer moves to the worker without a copy.
          const movable = typeof csv !== 'string' && csv.byteOffset === 0 && csv.byteLength === csv.buffer.byteLength && csv.buffer instanceof ArrayBuffer;
          const sent = this.call({ kind: 'copy-chunk', sql, csv }, sql, movable ? [csv.buffer as ArrayBuffer] : []);
          sent.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
          inFlight.push(sent);
          // Bounded window: at most `window` chunks wait in the worker, so memory stays flat.
          if (inFlight.length >= window) rows += (await inFlight.shift()!).rowCount ?? 0;
        }
        for (const p of inFlight.splice(0)) rows += (await p).rowCount ?? 0;
        await this.call({ kind: 'copy-end', commit: true }, 'COMMIT');
        return rows;
      } catch (error) {
        await Promise.allSettled(inFlight);
        if (!this.closed && generation === this.generation) await this.call({ kind: 'copy-end', commit: false }, 'ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  stream<R extends Row = Row>(
    sql: string,
    params: readonly unknown[] = [],
    options: { batchSize?: number; fields?: Field[] } = {},
  ): AsyncIterable<R[]> {
    // After a cancel the cursor's transaction ended with the old thread: its ROLLBACK would wait for the new one.
    const generation = this.generation;
    return streamWithCursor<R>(this, sql, params, { ...options, ended: () => generation !== this.generation });
  }

  /**
   * PGlite has no way to interrupt a statement: the worker thread is ended mid-statement and a new one opens the
   * same files, which PostgreSQL's crash recovery brings back to the last commit (a few tenths of a second). The
   * folder lock stays held throughout: it lives on this thread.
   */
  async cancel(): Promise<void> {
    const thread = await this.thread;
    if (this.closed || !thread.busy) return;
    this.generation++;
    this.thread = (async () => {
      await thread.stop(cancelled());
      return (await EmbeddedThread.start(this.dataDir)).thread;
    })();
    await this.thread;
  }

  /** The folder lock, taken when the database was opened, already makes this process the only writer. */
  async lockWriter(): Promise<WriterLock> {
    return { release: async () => undefined };
  }

  async lockHolder(): Promise<string | undefined> {
    return undefined;
  }

  async freeBytes(): Promise<number> {
    const stat = statfsSync(this.dataDir);
    return stat.bavail * stat.bsize;
  }

  async version(): Promise<string> {
    return this.serverVersion;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await (await this.thread.catch(() => undefined))?.close();
    } finally {
      await this.folderLock.release();
    }
  }
}

