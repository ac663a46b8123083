/**
 * TIMESTAMP and DATE text as UTC instants. The warehouse stores UTC wall-clock times without a zone; reading
 * them in the process's time zone would make the same row a different instant on another machine. Shared by
 * the pg-based engines and the embedded worker, so every engine returns the same values.
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

function special(text: string): number | string {
  if (text === 'infinity') return Infinity;
  if (text === '-infinity') return -Infinity;
  return text;
}

/**
 * A query parameter as the engines should bind it: a Date as ISO 8601 UTC text. Drivers would otherwise
 * send it in the process's time zone, and a TIMESTAMP parameter would name another instant.
 */
export function utcParam(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}
