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
  /** `TABLE`, or `UNLOGGED TABLE` for tables whose rows need no crash safety (the staging tables). */
  tableKind(table: TableSpec): string;
  /** Statements that bring an existing table to what tableKind says, run by the ETL's first step (may be none). */
  alignTable(table: TableSpec): string[];
  /**
   * Statements that give the planner statistics of a freshly loaded staging table, run before the transforms. On a
   * new database it has none, and guesses a nested loop for the songplays join: 4.7 s instead of 0.17 s with
   * 50,000 events on the embedded engine. `columns`: only these (TableSpec.planned), else every column.
   */
  analyze(table: string, columns?: readonly string[]): string[];
  /**
   * Statements that give the planner statistics of a star table once the run's publish has committed, each on its
   * own outside any transaction block; a failure is a warning, the published rows stay (may be none).
   */
  analyzeAfterPublish(table: string): string[];
  /**
   * Empties a star table inside the run's publish transaction. TRUNCATE where nobody else reads (the embedded
   * database is one process's); DELETE on a server, where readers keep seeing the last published rows until the
   * publish commits instead of waiting for TRUNCATE's exclusive lock (and Redshift's TRUNCATE commits on its own).
   */
  clearTable(table: string): string;
  /** The run's first and last statements as the dry run shows them (the writer lock, the run's transaction). */
  readonly runStatements: { begin: readonly string[]; end: readonly string[] };
}

/**
 * Text columns order by their bytes, as Redshift orders VARCHAR whatever the locale: a database created with a
 * language's collation (en_US, ICU) would otherwise sort 'alpha' before 'Beta' and change which row a transform's
 * ROW_NUMBER picks, how plays are numbered and how ties are listed. Equality is the same under either.
 * https://docs.aws.amazon.com/redshift/latest/dg/c_collation_sequences.html
 */
const BYTE_ORDER = 'COLLATE "C"';

const POSTGRES_TYPES: Record<Column['type'], string> = {
  text: `TEXT ${BYTE_ORDER}`,
  integer: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE PRECISION',
  timestamp: 'TIMESTAMP',
};

/**
 * Staging tables are the run's working area, reloaded by every run: UNLOGGED, their rows skip the write-ahead log.
 * A load is then about twice as light on the disk, and a disk that fills up during one fails that statement only:
 * a full disk while writing the log stops PostgreSQL itself, and recovery would replay the whole load, needing the
 * very space that is missing. After a crash PostgreSQL empties unlogged tables; the next run fills them again.
 */
const UNLOGGED = new Set(['staging']);

/**
 * Makes a staging table unlogged where an older version made it logged. Only then: ALTER TABLE takes an exclusive
 * lock even when there is nothing to do, and after a large load it waits for the autovacuum working on the table to
 * give way (deadlock_timeout, a second by default) on every run.
 */
function unlogged(table: TableSpec): string {
  return `DO $$
BEGIN
  IF (SELECT relpersistence FROM pg_class WHERE oid = '${table.name}'::regclass) <> 'u' THEN
    EXECUTE 'ALTER TABLE ${table.name} SET UNLOGGED';
  END IF;
END $$`;
}

/** Gives the table's text columns the byte order where an older version of the table lacks it (see BYTE_ORDER). */
function byteOrdered(table: TableSpec): string[] {
  if (!table.columns.some((c) => c.type === 'text')) return [];
  return [
    `DO $$
DECLARE col record;
BEGIN
  FOR col IN SELECT a.attname FROM pg_attribute a
    WHERE a.attrelid = '${table.name}'::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid = 'text'::regtype
      AND a.attcollation <> 'pg_catalog."C"'::regcollation
  LOOP
    EXECUTE format('ALTER TABLE ${table.name} ALTER COLUMN %I TYPE TEXT ${BYTE_ORDER}', col.attname);
  END LOOP;
END $$`,
  ];
}

/** The embedded engine: PostgreSQL in one process, whose folder lock is taken when it opens. */
export const postgresDialect: Dialect = {
  name: 'postgres',
  columnType: (column) => POSTGRES_TYPES[column.type],
  columnOptions: () => '',
  tableOptions: () => '',
  tableKind: (table) => (UNLOGGED.has(table.kind) ? 'UNLOGGED TABLE' : 'TABLE'),
  // No-ops when the table is as declared already: databases made before staging was unlogged, or before text was
  // byte-ordered, are converted once (rows kept).
  alignTable: (table) => [...(UNLOGGED.has(table.kind) ? [unlogged(table)] : []), ...byteOrdered(table)],
  analyze: (table, columns) => [columns?.length ? `ANALYZE ${table} (${columns.join(', ')})` : `ANALYZE ${table}`],
  // Analyzed inside the publish, with each transform (see transformStatements).
  analyzeAfterPublish: () => [],
  clearTable: (table) => `TRUNCATE ${table}`,
  runStatements: { begin: ['-- the database folder is locked for this process while it is open'], end: [] },
};

/**
 * The key of the PostgreSQL engine's writer lock (warehouse/pg-lock.ts): 'SPKY' and the hash of the schema the
 * tables live in, as the two int4 keys of an advisory lock.
 */
export const ADVISORY_CLASS = 0x53504b59;
export const ADVISORY_SCHEMA = '(hashtext(current_schema()) & 2147483647)';
export const ADVISORY_KEY = `${ADVISORY_CLASS}, ${ADVISORY_SCHEMA}`;

/** A PostgreSQL server: shared with readers while a run works. */
export const postgresServerDialect: Dialect = {
  ...postgresDialect,
  clearTable: (table) => `DELETE FROM ${table}`,
  runStatements: {
    begin: [`SELECT pg_try_advisory_lock(${ADVISORY_KEY})`],
    end: [`SELECT pg_advisory_unlock(${ADVISORY_KEY})`],
  },
};
