import type { Dialect } from './dialect.js';
import { BUILT_TABLES, type TableSpec } from './tables.js';

export function createTableSql(table: TableSpec, dialect: Dialect, options: { ifNotExists?: boolean } = {}): string {
  const lines = table.columns.map((column) => {
    const parts = [`  ${column.name} ${dialect.columnType(column)}`];
    if (column.notNull) parts.push('NOT NULL');
    const extra = dialect.columnOptions(table, column);
    if (extra) parts.push(extra);
    return parts.join(' ');
  });
  if (table.primaryKey) lines.push(`  PRIMARY KEY (${table.primaryKey})`);
  const head = `CREATE ${dialect.tableKind(table)} ${options.ifNotExists ? 'IF NOT EXISTS ' : ''}${table.name}`;
  const tail = dialect.tableOptions(table);
  return `${head} (\n${lines.join(',\n')}\n)${tail ? `\n${tail}` : ''}`;
}

export function dropTableSql(table: TableSpec): string {
  return `DROP TABLE IF EXISTS ${table.name}`;
}

/** Drop and create every table: what `create-tables` runs, in one transaction where the engine allows. */
export function recreateAllSql(dialect: Dialect, tables: readonly TableSpec[] = BUILT_TABLES): string[] {
  return [...tables.map(dropTableSql), ...tables.map((t) => createTableSql(t, dialect))];
}

/** Create what is missing and keep what exists: what the ETL's first step runs. */
export function ensureAllSql(dialect: Dialect, tables: readonly TableSpec[] = BUILT_TABLES): string[] {
  return [...tables.map((t) => createTableSql(t, dialect, { ifNotExists: true })), ...tables.flatMap((t) => dialect.alignTable(t))];
}
