import type { Field, Row, Warehouse } from './warehouse.js';

/** A PostgreSQL/Redshift identifier, quoted only when it has to be. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

export function copyStatement(table: string, columns: readonly string[]): string {
  return `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')})`;
}

/**
 * Streams a query through a server-side cursor inside its own transaction: at most one batch of rows is in
 * memory at a time. Used by engines whose driver has no cursor of its own.
 */
export async function* streamWithCursor<R extends Row>(
  warehouse: Pick<Warehouse, 'query'>,
  sql: string,
  params: readonly unknown[],
  options: { batchSize?: number; fields?: Field[]; ended?: () => boolean },
): AsyncGenerator<R[]> {
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  // One name is enough: a stream holds its connection's transaction, so two cannot be open on it at once.
  const name = 'sparkify_cursor';
  await warehouse.query('BEGIN');
  let done = false;
  try {
    // Plain `CURSOR FOR`: the form Redshift accepts too (a forward-only read needs nothing more).
    await warehouse.query(`DECLARE ${name} CURSOR FOR ${sql.trim().replace(/;\s*$/, '')}`, params);
    for (;;) {
      const batch = await warehouse.query<R>(`FETCH FORWARD ${batchSize} FROM ${name}`);
      if (options.fields && options.fields.length === 0) options.fields.push(...batch.fields);
      if (batch.rows.length === 0) break;
      yield batch.rows;
      if (batch.rows.length < batchSize) break;
    }
    done = true;
  } finally {
    // COMMIT on success; on an error or an early stop by the consumer, ROLLBACK (the cursor was read-only). A
    // transaction that `ended` (a cancel ended its connection) has nothing to roll back: the error is not held up.
    if (!(options.ended?.() ?? false)) await warehouse.query(done ? 'COMMIT' : 'ROLLBACK').catch(() => undefined);
  }
}
