import type { Worker } from 'node:worker_threads';
import { spawnModuleWorker } from '../../worker-thread.js';
import { WarehouseError } from '../../errors.js';
import type { WorkerData, WorkerReady, WorkerRequest, WorkerResponse } from './embedded-protocol.js';

type Pending = { resolve: (r: WorkerResponse) => void; reject: (e: Error) => void };
export type RequestBody = WorkerRequest extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;
export type Ready = Extract<WorkerReady, { ready: true }>;

/**
 * One PGlite worker thread and its messages: requests go out with an id, replies come back matched to it. The
 * worker handles requests strictly in arrival order.
 */
export class EmbeddedThread {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  private constructor(private readonly worker: Worker) {}

  /** Starts a worker on `dataDir`; resolves once its database is open (created first when it holds none). */
  static async start(dataDir: string): Promise<{ thread: EmbeddedThread; ready: Ready }> {
    const worker = spawnWorker({ dataDir });
    const thread = new EmbeddedThread(worker);
    const ready = await thread.listen().catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    return { thread, ready };
  }

  /** Requests not answered yet: a statement is running or queued. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  private listen(): Promise<Ready> {
    return new Promise((resolveReady, rejectReady) => {
      let opened = false;
      this.worker.on('message', (message: WorkerResponse | WorkerReady) => {
        if (message.id === 0 && 'ready' in message) {
          opened = message.ready;
          if (message.ready) resolveReady(message);
          else rejectReady(Object.assign(new Error(message.error.message), { code: message.error.code }));
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

  send(body: RequestBody, transfer: ArrayBuffer[] = []): Promise<WorkerResponse> {
    if (this.closed) return Promise.reject(new WarehouseError('Embedded database closed', 'the connection is closed'));
    const id = this.nextId++;
    return new Promise<WorkerResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...body, id } as WorkerRequest, transfer);
    });
  }

  /**
   * Ends the thread at once, mid-statement if need be: what it was doing rejects with `reason`. PGlite's files
   * are then as after a crash; the next open recovers them from the write-ahead log to the last commit.
   */
  async stop(reason: Error): Promise<void> {
    this.closed = true;
    for (const p of this.pending.values()) p.reject(reason);
    this.pending.clear();
    await this.worker.terminate();
  }

  /** Closes the database cleanly, then the thread. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      const response = await this.send({ kind: 'close' });
      if (!response.ok) throw new WarehouseError('Embedded database failed', response.error.message);
    } finally {
      this.closed = true;
      await this.worker.terminate();
    }
  }
}

function spawnWorker(data: WorkerData): Worker {
  return spawnModuleWorker(import.meta.url, 'embedded-worker', data);
}
