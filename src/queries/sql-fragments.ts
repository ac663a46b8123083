/**
 * SQL pieces the insights share. Each takes the position of its parameter, so an insight's text stays a
 * constant: values are bound by the engine. Only constructs that PostgreSQL, PGlite and Redshift all have
 * are used (CASE, CAST, POSITION, SPLIT_PART, EXTRACT, DATE_TRUNC, INTERVAL arithmetic; no FILTER, no `::`).
 */
import type { InsightParam } from './insight-types.js';

export const LEVELS = ['all', 'free', 'paid'] as const;

export const limitParam = (fallback: number, what = 'rows'): InsightParam => ({
  name: 'limit',
  type: 'integer',
  default: fallback,
  description: `how many ${what} to show`,
  min: 1,
});

export const levelParam = (of = 'at the time of the play'): InsightParam => ({
  name: 'level',
  type: 'level',
  default: 'all',
  description: `free, paid or all users (level ${of})`,
  choices: LEVELS,
});

export const fromParam: InsightParam = {
  name: 'from',
  type: 'date',
  default: '',
  description: 'first day counted, YYYY-MM-DD (empty: from the first play)',
};

export const toParam: InsightParam = {
  name: 'to',
  type: 'date',
  default: '',
  description: 'last day counted, YYYY-MM-DD (empty: up to the latest play)',
};

/** `column` matches the level parameter at `$n` ('all' matches everything). */
export function levelIs(column: string, n: number): string {
  return `(CAST($${n} AS VARCHAR) = 'all' OR ${column} = CAST($${n} AS VARCHAR))`;
}

/** `column` lies within the days `$from` to `$to`, both included; a NULL bound is open. */
export function inPeriod(column: string, from: number, to: number): string {
  return `(CAST($${from} AS TIMESTAMP) IS NULL OR ${column} >= CAST($${from} AS TIMESTAMP))
    AND (CAST($${to} AS TIMESTAMP) IS NULL OR ${column} < CAST($${to} AS TIMESTAMP) + INTERVAL '1 day')`;
}

/** A count as INTEGER: COUNT is BIGINT, which some drivers return as text. */
export function int(expression: string): string {
  return `CAST(${expression} AS INTEGER)`;
}

/**
 * A number rounded to one decimal, as a double. Rounding goes through NUMERIC because ROUND on a double
 * rounds half to even on PostgreSQL but not on Redshift.
 */
export function round1(expression: string): string {
  return `CAST(ROUND(CAST(${expression} AS NUMERIC(24, 8)), 1) AS DOUBLE PRECISION)`;
}

/** `part` as a percentage of `whole` (integers), one decimal; NULL when the whole is zero. */
export function percent(part: string, whole: string): string {
  return `CAST(ROUND(100.0 * (${part}) / NULLIF(${whole}, 0), 1) AS DOUBLE PRECISION)`;
}
