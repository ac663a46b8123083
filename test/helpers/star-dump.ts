import type { DwhConfig } from '../../src/config/dwh-cfg.js';
import { listRuns, type RunRecord } from '../../src/etl/run-ledger.js';
import { ALL_TABLES, STAR_TABLES, type TableSpec } from '../../src/sql/tables.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { openFor } from './engines.js';

/** Every row of the tables, in a total order, as JSON text (timestamps as ISO instants): equal text, equal tables. */
export async function dumpTables(warehouse: Warehouse, tables: readonly TableSpec[] = STAR_TABLES): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of tables) {
    const order = table.columns.map((_, i) => i + 1).join(', ');
    out[table.name] = JSON.stringify((await warehouse.query(`SELECT * FROM ${table.name} ORDER BY ${order}`)).rows);
  }
  return out;
}

/** The five star tables of a warehouse, opened for the moment. */
export async function dumpStar(config: DwhConfig, tables: readonly TableSpec[] = STAR_TABLES): Promise<Record<string, string>> {
  const warehouse = await openFor(config);
  try {
    return await dumpTables(warehouse, tables);
  } finally {
    await warehouse.close();
  }
}

/**
 * A fingerprint of each table's contents computed by the database (row count and the md5 of its rows as text, in
 * text order): equal fingerprints, equal tables, without moving the rows out. PostgreSQL and PGlite only.
 */
export async function fingerprintStar(config: DwhConfig, tables: readonly TableSpec[] = STAR_TABLES): Promise<Record<string, string>> {
  return (await inspectWarehouse(config, tables)).tables;
}

/** The star tables' fingerprints and the newest run of the ledger, in one opening of the warehouse. */
export async function inspectWarehouse(config: DwhConfig, tables: readonly TableSpec[] = STAR_TABLES): Promise<{ tables: Record<string, string>; lastRun?: RunRecord }> {
  const warehouse = await openFor(config);
  try {
    const out: Record<string, string> = {};
    for (const table of tables) {
      const row = (await warehouse.query<{ n: unknown; h: unknown }>(`SELECT COUNT(*) AS n, md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ${table.name} t`)).rows[0];
      out[table.name] = `${String(row?.n)}:${String(row?.h)}`;
    }
    const [lastRun] = await listRuns(warehouse, { limit: 1, writerActive: (await warehouse.lockHolder()) !== undefined });
    return { tables: out, lastRun };
  } finally {
    await warehouse.close();
  }
}

export { ALL_TABLES };

/** Every star table in a total order, songplays without its ids (an incremental run numbers new plays after the old). */
export async function starWithoutIds(warehouse: Warehouse): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of STAR_TABLES) {
    const columns = table.columns.map((c) => c.name).filter((c) => c !== 'songplay_id');
    const order = columns.map((_, i) => i + 1).join(', ');
    out[table.name] = JSON.stringify((await warehouse.query(`SELECT ${columns.join(', ')} FROM ${table.name} ORDER BY ${order}`)).rows);
  }
  return out;
}
