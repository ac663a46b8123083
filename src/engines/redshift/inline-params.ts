import { redshiftLiteral } from './copy-sql.js';

/**
 * A statement with its `$1..$n` placeholders replaced by the values as Redshift literals, for statements that
 * cannot take bind parameters on Redshift: a cursor (`DECLARE ... CURSOR FOR <query with $n>`) goes through
 * PREPARE, which Redshift allows only for SELECT, INSERT, UPDATE and DELETE
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_PREPARE.html). Placeholders inside string literals, quoted
 * identifiers and comments are left alone; text is quoted as QUOTE_LITERAL does (quote and backslash doubled),
 * so a value cannot end its literal. A placeholder without a value, or a value that is not a number, text, boolean,
 * date or null, is refused.
 */
export function inlineParams(sql: string, params: readonly unknown[]): string {
  return mapPlaceholders(sql, params.length, (n) => literalOf(params[n - 1], n));
}

/**
 * The statement with each `$n` placeholder (outside string literals, quoted identifiers and comments) replaced by
 * `replace(n)`; a placeholder beyond `count` is refused.
 */
export function mapPlaceholders(sql: string, count: number, replace: (n: number) => string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    let end = i + 1;
    if (c === "'" || c === '"') {
      end = closing(sql, i, c);
    } else if (c === '-' && next === '-') {
      end = sql.indexOf('\n', i);
      end = end < 0 ? sql.length : end;
    } else if (c === '/' && next === '*') {
      end = sql.indexOf('*/', i + 2);
      end = end < 0 ? sql.length : end + 2;
    } else if (c === '$' && /\d/.test(next ?? '') && !/[\w$]/.test(sql[i - 1] ?? '')) {
      const digits = /^\d+/.exec(sql.slice(i + 1))![0];
      const n = Number(digits);
      if (n < 1 || n > count) throw new Error(`$${digits} has no value (${count} given)`);
      out += replace(n);
      i += 1 + digits.length;
      continue;
    }
    out += sql.slice(i, end);
    i = end;
  }
  return out;
}

/** Where a quoted text that starts at `start` ends (after its closing quote; doubled quotes stay inside). */
function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else if (quote === "'" && sql[i] === '\\') i += 2;
    else i += 1;
  }
  return sql.length;
}

function literalOf(value: unknown, n: number): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`$${n} is not a finite number`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return `CAST(${redshiftLiteral(value.toISOString().replace('T', ' ').replace('Z', ''))} AS TIMESTAMP)`;
  if (typeof value === 'string') return redshiftLiteral(value);
  throw new Error(`$${n} is a ${typeof value}, which cannot be written as a literal`);
}
