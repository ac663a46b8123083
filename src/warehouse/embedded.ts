import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WarehouseError } from '../errors.js';
import type { WorkerData, WorkerReady, WorkerRequest, WorkerResponse } from './embedded-protocol.js';
import { statementError } from './errors.js';
import type { CopyRequest, Field, OpenInfo, QueryResult, Row, Warehouse } from './warehouse.js';
import { copyStatement, streamWithCursor } from './sql-helpers.js';

/** Options of the embedded engine. */
export interface EmbeddedOptions {
  /** Folder of the PGlite database; created (4-5 s) when it holds none. */
  dataDir: string;
  /** CSV chunks in flight to the worker during COPY; default 2, so parsing overlaps loading. */
  copyWindow?: number;
}

type Pending = { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void };
type RequestBody = WorkerRequest extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

/**
 * PGlite (PostgreSQL compiled to WebAssembly) in a worker thread, persisted in a folder. One connection:
 * statements run in call order.
 */
export class EmbeddedWarehouse implements Warehouse {
  readonly engine = 'embedded' as const;
  readonly target: string;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private serverVersion = '';

  private constructor(
    private readonly worker: Worker,
    private readonly options: EmbeddedOptions,
  ) {
    this.target = `PGlite database in ${options.dataDir}`;
  }

  /** Starts the worker and opens (or creates) the database. */
  static async open(options: EmbeddedOptions): Promise<{ warehouse: EmbeddedWarehouse; info: OpenInfo }> {
    const worker = spawnWorker({ dataDir: options.dataDir });
    const warehouse = new EmbeddedWarehouse(worker, options);
    const ready = await warehouse.listen().catch(async (error: unknown) => {
      await worker.terminate();
      throw new WarehouseError('Cannot open the embedded database', `${options.dataDir}: ${(error as Error).message}`, {
        cause: error,
      });
    });
    warehouse.serverVersion = ready.version;
    return { warehouse, info: { created: ready.created, fromTemplate: ready.fromTemplate, seconds: ready.seconds } };
  }

  /** Routes the worker's messages; resolves once the database is open. */
  private listen(): Promise<Extract<WorkerReady, { ready: true }>> {
    return new Promise((resolveReady, rejectReady) => {
      let opened = false;
      this.worker.on('message', (message: WorkerResponse | WorkerReady) => {
        if (message.id === 0 && 'ready' in message) {
          opened = message.ready;
          if (message.ready) resolveReady(message);
          else rejectReady(new Error(message.error.message));
          return;
        }
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        pending.resolve(message as WorkerResponse);
      });
      const failAll = (error: Error): void => {
        this.closed = true;
        if (!opened) rejectReady(error);
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
      };
      this.worker.on('error', (error) => failAll(new WarehouseError('Embedded database failed', error.message, { cause: error })));
      this.worker.on('exit', (code) =>
        failAll(new WarehouseError('Embedded database stopped', `the database worker has exited (code ${code})`)),
      );
    });
  }

  private send(body: RequestBody, transfer: ArrayBuffer[] = []): Promise<WorkerResponse> {
    if (this.closed) return Promise.reject(new WarehouseError('Embedded database closed', 'the connection is closed'));
    const id = this.nextId++;
    return new Promise<WorkerResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...body, id } as WorkerRequest, transfer);
    });
  }

  private async call(body: RequestBody, sql: string, transfer: ArrayBuffer[] = []): Promise<Extract<WorkerResponse, { ok: true }>> {
    const response = await this.send(body, transfer);
    if (!response.ok) throw statementError(response.error, sql);
    return response;
  }

  async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    const r = await this.call({ kind: 'query', sql, params: [...params] }, sql);
    return { rows: (r.rows ?? []) as R[], fields: r.fields ?? [], rowCount: r.rowCount ?? 0 };
  }

  async transaction(statements: readonly string[]): Promise<number[]> {
    const response = await this.send({ kind: 'transaction', statements: [...statements] });
    if (!response.ok) throw statementError(response.error, statements[response.error.statement ?? -1] ?? statements.join(';\n'));
    return response.counts ?? [];
  }

  async copyFrom(request: CopyRequest): Promise<number> {
    const sql = `${copyStatement(request.table, request.columns)} FROM '/dev/blob' WITH (FORMAT csv)`;
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
      if (!this.closed) await this.send({ kind: 'copy-end', commit: false }).catch(() => undefined);
      throw error;
    }
  }

  stream<R extends Row = Row>(
    sql: string,
    params: readonly unknown[] = [],
    options: { batchSize?: number; fields?: Field[] } = {},
  ): AsyncIterable<R[]> {
    return streamWithCursor<R>(this, sql, params, options);
  }

  async version(): Promise<string> {
    return this.serverVersion;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.call({ kind: 'close' }, 'close');
    } finally {
      this.closed = true;
      await this.worker.terminate();
    }
  }
}

/**
 * The worker is compiled JavaScript next to this file. When the sources run directly (the tests), it is the
 * TypeScript file: a small bootstrap registers tsx in the worker first.
 */
function spawnWorker(data: WorkerData): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const tsxPackage = createRequire(here).resolve('tsx/package.json');
    const tsx = pathToFileURL(join(dirname(tsxPackage), 'dist/esm/api/index.mjs')).href;
    const target = new URL('./embedded-worker.ts', here).href;
    const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); })`;
    return new Worker(bootstrap, { eval: true, workerData: data });
  }
  return new Worker(new URL('./embedded-worker.js', here), { workerData: data });
}
