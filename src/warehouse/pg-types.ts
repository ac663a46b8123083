import pg from 'pg';

/**
 * How `pg` turns column text into JavaScript values, aligned with the embedded engine so that a query gives
 * the same values on both:
 * - `timestamp` (no time zone) is the stored wall-clock time read as UTC. pg's default reads it in the
 *   Node process's time zone, so the same row would come back as a different instant on another machine.
 * - `date` is midnight UTC of that day, for the same reason.
 * - `int8` (COUNT(*), SUM of integers) is a number when it fits a double exactly, else its text.
 * - `numeric` stays text (pg's default): the formatters decide how to show it without losing digits.
 */
const TIMESTAMP = /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?( BC)?$/;
const DATE = /^(\d{4,})-(\d\d)-(\d\d)( BC)?$/;

function utcDate(year: number, month: number, day: number, h = 0, m = 0, s = 0, ms = 0, bc = false): Date {
  const date = new Date(Date.UTC(2000, month - 1, day, h, m, s, ms));
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not. Year 1 BC is year 0 (ISO 8601).
  date.setUTCFullYear(bc ? 1 - year : year);
  return date;
}

/** A `timestamp` value as the UTC instant it names; `infinity` as Infinity, like the embedded engine. */
export function parseTimestampUtc(text: string): Date | number | string {
  const m = TIMESTAMP.exec(text);
  if (!m) return special(text);
  // Microseconds are cut to milliseconds, the precision of a Date.
  const ms = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
  return utcDate(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms, m[8] !== undefined);
}

export function parseDateUtc(text: string): Date | number | string {
  const m = DATE.exec(text);
  if (!m) return special(text);
  return utcDate(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0, 0, m[4] !== undefined);
}

export function parseInt8(text: string): number | string {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

function special(text: string): number | string {
  if (text === 'infinity') return Infinity;
  if (text === '-infinity') return -Infinity;
  return text;
}

const OVERRIDES = new Map<number, (text: string) => unknown>([
  [pg.types.builtins.TIMESTAMP, parseTimestampUtc],
  [pg.types.builtins.DATE, parseDateUtc],
  [pg.types.builtins.INT8, parseInt8],
]);

/**
 * The parsers of one connection (`types` of a pg Client). Scoped to the connection rather than set on pg's
 * global registry, so a program that embeds this library keeps its own pg settings.
 */
export const warehouseTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    const own = format === 'binary' ? undefined : OVERRIDES.get(oid);
    return own ?? pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};
