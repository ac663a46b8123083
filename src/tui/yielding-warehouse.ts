import type { CopyRequest, Row, Warehouse } from '../warehouse/warehouse.js';

/**
 * The connection as pipelines see it while the UI runs. Parsing the JSON input happens on this thread, and
 * the embedded engine answers from its worker so quickly that one COPY chunk follows the next in a single
 * run of the event loop (Node delivers queued worker messages back to back): keys, timers and the spinner
 * would wait for the whole load. Pulling each chunk after a setImmediate gives them a turn between chunks.
 */
export function yieldingWarehouse(warehouse: Warehouse): Warehouse {
  return {
    engine: warehouse.engine,
    target: warehouse.target,
    query: <R extends Row = Row>(sql: string, params?: readonly unknown[]) => warehouse.query<R>(sql, params),
    transaction: (statements) => warehouse.transaction(statements),
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
