import pg from 'pg';
import { parseDateUtc, parseTimestampUtc } from '../../warehouse/utc-time.js';

/**
 * How `pg` turns column text into JavaScript values, aligned with the embedded engine so that a query gives
 * the same values on both:
 * - `timestamp` (no time zone) is the stored wall-clock time read as UTC. pg's default reads it in the
 *   Node process's time zone, so the same row would come back as a different instant on another machine.
 * - `date` is midnight UTC of that day, for the same reason.
 * - `int8` (COUNT(*), SUM of integers) is a number when it fits a double exactly, else its text.
 * - `numeric` stays text (pg's default): the formatters decide how to show it without losing digits.
 */
export function parseInt8(text: string): number | string {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
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
