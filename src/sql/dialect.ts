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
  /** Empties a table inside a transaction (Redshift's TRUNCATE commits on its own, so it uses DELETE). */
  clearTable(table: string): string;
}

const POSTGRES_TYPES: Record<Column['type'], string> = {
  text: 'TEXT',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE PRECISION',
  timestamp: 'TIMESTAMP',
};

export const postgresDialect: Dialect = {
  name: 'postgres',
  columnType: (column) => POSTGRES_TYPES[column.type],
  columnOptions: () => '',
  tableOptions: () => '',
  clearTable: (table) => `TRUNCATE ${table}`,
};
