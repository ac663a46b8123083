/**
 * Room on the disk for the publish, checked before it starts. The star tables are written with the write-ahead log,
 * and PostgreSQL cannot fail a log write gracefully: a disk that fills up there stops the database, and its
 * recovery replays the log, needing the very space that is missing, so the previous tables could not be read until
 * space is freed. Where the engine knows its disk (the embedded engine), a publish that would not fit is refused
 * first. The estimate is twice the staged data (the star tables hold less than staging, and the log as much again)
 * plus two log segments.
 */
import { SparkifyError } from '../errors.js';
import { STAGING_TABLES } from '../sql/tables.js';
import type { Warehouse } from '../warehouse/warehouse.js';

const WAL_SEGMENTS = 2 * 16 * 1024 * 1024;
const MB = 1024 * 1024;

export async function checkPublishSpace(warehouse: Warehouse): Promise<void> {
  if (!warehouse.freeBytes) return;
  const free = await warehouse.freeBytes();
  // A table not created yet (create-tables on a new database) weighs nothing.
  const sizes = STAGING_TABLES.map((t) => `COALESCE(pg_total_relation_size(to_regclass('${t.name}')), 0)`).join(' + ');
  const staged = Number((await warehouse.query<{ n: unknown }>(`SELECT ${sizes} AS n`)).rows[0]?.n ?? 0);
  const needed = 2 * staged + WAL_SEGMENTS;
  if (free < needed) {
    throw new SparkifyError(
      'Disk full',
      `${Math.floor(free / MB)} MB free where the database is, and publishing ${Math.ceil(staged / MB)} MB of staged data needs about ${Math.ceil(needed / MB)} MB; free some space and run again (nothing was published)`,
    );
  }
}
