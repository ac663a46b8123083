import type { Column, TableSpec } from './tables.js';

/**
 * What differs between the SQL of the engines. PGlite and PostgreSQL share the `postgres` dialect; Redshift
 * adds its physical design (distribution, sort keys) and lacks transactional TRUNCATE.
 */
export interface Dialect {
  readonly name: 'postgres' | 'redshift';
  columnType(column: Column): string;
  /** Extra text after a column's type (Redshift: DISTKEY, SORTKEY). */
  columnOptions(table: TableSpec, column: Column): string;
  /** Extra text after the closing parenthesis of CREATE TABLE (Redshift: DISTSTYLE ...). */
  tableOptions(table: TableSpec): string;
  /**
   * Empties a star table inside the run's publish transaction. TRUNCATE where nobody else reads (the embedded
   * database is one process's); DELETE on a server, where readers keep seeing the last published rows until the
   * publish commits instead of waiting for TRUNCATE's exclusive lock (and Redshift's TRUNCATE commits on its own).
   */
  clearTable(table: string): string;
  /** The run's first and last statements as the dry run shows them (the writer lock, the run's transaction). */
  readonly runStatements: { begin: readonly string[]; end: readonly string[] };
}

const POSTGRES_TYPES: Record<Column['type'], string> = {
  text: 'TEXT',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE PRECISION',
  timestamp: 'TIMESTAMP',
};

/** The embedded engine: PostgreSQL in one process, whose folder lock is taken when it opens. */
export const postgresDialect: Dialect = {
  name: 'postgres',
  columnType: (column) => POSTGRES_TYPES[column.type],
  columnOptions: () => '',
  tableOptions: () => '',
  clearTable: (table) => `TRUNCATE ${table}`,
  runStatements: { begin: ['-- the database folder is locked for this process while it is open'], end: [] },
};

/** A PostgreSQL server: shared with readers while a run works. */
export const postgresServerDialect: Dialect = {
  ...postgresDialect,
  clearTable: (table) => `DELETE FROM ${table}`,
  runStatements: {
    begin: ['SELECT pg_try_advisory_lock(1397771097, (hashtext(current_schema()) & 2147483647))'],
    end: ['SELECT pg_advisory_unlock(1397771097, (hashtext(current_schema()) & 2147483647))'],
  },
};
