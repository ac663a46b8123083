import type { Field } from '../warehouse/warehouse.js';

/** PostgreSQL type OIDs the product treats specially (Redshift reports the same ones). */
export const OID = {
  int8: 20,
  int2: 21,
  int4: 23,
  float4: 700,
  float8: 701,
  numeric: 1700,
  timestamp: 1114,
  timestamptz: 1184,
  date: 1082,
  bool: 16,
} as const;

const INTEGER_OIDS = new Set<number>([OID.int8, OID.int2, OID.int4]);
const NUMBER_OIDS = new Set<number>([OID.int8, OID.int2, OID.int4, OID.float4, OID.float8, OID.numeric]);

export function isNumericField(field: Field | undefined): boolean {
  return field !== undefined && NUMBER_OIDS.has(field.dataTypeID);
}

export function isIntegerField(field: Field | undefined): boolean {
  return field !== undefined && INTEGER_OIDS.has(field.dataTypeID);
}

/** A timestamp as ISO 8601, in UTC (the warehouse stores UTC without a zone). */
export function isoTimestamp(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * A value as JSON should carry it: integers and floats as numbers, NUMERIC as a number when that loses
 * nothing (else its exact text), timestamps as ISO 8601, everything else as the driver gave it.
 */
export function jsonValue(value: unknown, field: Field | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return isoTimestamp(value);
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'string' && isNumericField(field)) {
    const n = Number(value);
    if (Number.isFinite(n) && (isIntegerField(field) ? Number.isSafeInteger(n) : sameNumber(value, n))) return n;
  }
  return value;
}

/** True when the decimal text and the double say the same number (no digits lost). */
function sameNumber(text: string, n: number): boolean {
  const trimmed = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  return String(n) === trimmed || String(n) === text;
}

/** A value as text for people and CSV: no "null", ISO timestamps. */
export function textValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isoTimestamp(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A whole number for people: rounded, with thousands separators (1,234,567), the same in every locale. */
export function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
