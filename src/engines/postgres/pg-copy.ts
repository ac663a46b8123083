import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Streams CSV chunks into `COPY ... FROM STDIN` on a connection and resolves with the rows copied.
 *
 * Backpressure reaches the socket: a chunk is written only once the one before it has drained, so memory
 * stays at about two chunks whatever the input size, while producing a chunk overlaps sending the last.
 *
 * - The server refuses a row: its error is thrown (through `serverError`) and `chunks` is not read further.
 * - `chunks` throws (a bad record, a cancel): the COPY is aborted with CopyFail, so the server keeps
 *   nothing of it, and the producer's error is thrown as it is.
 * Either way the caller's transaction must be rolled back.
 */
export async function copyChunks(
  client: pg.Client,
  sql: string,
  chunks: AsyncIterable<Uint8Array | string>,
  serverError: (error: unknown) => Error,
): Promise<number> {
  const copy = client.query(copyFrom(sql));
  let failure: unknown;
  const settled = new Promise<void>((resolve, reject) => {
    copy.once('finish', resolve);
    // `on`, not `once`: an aborted COPY may report twice, and an unheard 'error' would crash the process.
    copy.on('error', (error) => {
      failure ??= error;
      reject(error);
    });
  });
  settled.catch(() => undefined); // awaited below; a failure is also read from `failure`

  try {
    // The next chunk is produced while the previous one drains to the server, and only then waits for it:
    // parsing overlaps the server's COPY, and at most two chunks are held.
    let draining: Promise<unknown> | undefined;
    for await (const chunk of chunks) {
      if (draining) await draining;
      draining = undefined;
      if (failure !== undefined) break;
      if (chunk.length === 0) continue;
      if (!copy.write(chunk)) draining = Promise.race([once(copy, 'drain'), settled]);
    }
    if (draining) await draining;
  } catch (error) {
    if (failure === undefined) {
      // After a server error the stream must not be destroyed: it has already let go of the connection.
      copy.destroy(error instanceof Error ? error : new Error(String(error)));
      await settled.catch(() => undefined);
    }
    throw failure !== undefined && error === failure ? serverError(failure) : error;
  }
  if (failure !== undefined) throw serverError(failure);
  copy.end();
  try {
    await settled;
  } catch (error) {
    throw serverError(error);
  }
  return copy.rowCount;
}
