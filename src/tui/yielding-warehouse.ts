import type { CopyRequest, Row, Warehouse } from '../warehouse/warehouse.js';

/**
 * The connection as pipelines see it while the UI runs. Parsing the JSON input happens on this thread, and
 * worker replies that arrived during a parse are delivered back to back: with two COPY chunks in flight,
 * the parsing of two chunks could follow each other before a timer (the spinner, the clock) or a key got a
 * turn. Pulling each chunk after a setImmediate caps that wait at one chunk (about halves the longest pause
 * during a load). Chunks pass through untouched, so byte chunks still move to the worker without a copy.
 */
export function yieldingWarehouse(warehouse: Warehouse): Warehouse {
  return {
    engine: warehouse.engine,
    target: warehouse.target,
    query: <R extends Row = Row>(sql: string, params?: readonly unknown[]) => warehouse.query<R>(sql, params),
    transaction: (statements) => warehouse.transaction(statements),
    withTransaction: (work, options) => warehouse.withTransaction(work, options),
    cancel: () => warehouse.cancel(),
    lockWriter: (options) => warehouse.lockWriter(options),
    lockHolder: () => warehouse.lockHolder(),
    ...(warehouse.freeBytes ? { freeBytes: () => warehouse.freeBytes!() } : {}),
    copyFrom: (request: CopyRequest) => warehouse.copyFrom({ ...request, chunks: yieldBetween(request.chunks) }),
    stream: <R extends Row = Row>(sql: string, params?: readonly unknown[], options?: Parameters<Warehouse['stream']>[2]) =>
      warehouse.stream<R>(sql, params, options),
    version: () => warehouse.version(),
    close: () => warehouse.close(),
  };
}

async function* yieldBetween<T>(chunks: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    // An early stop (a failed COPY) must still end the producer, so it releases its files.
    await iterator.return?.();
  }
}
