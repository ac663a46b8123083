import type { Column, ColumnType, RequiredValue } from '../sql/tables.js';

/**
 * Converts JSON values to fields of PostgreSQL's `COPY ... WITH (FORMAT csv)`, the way Redshift's COPY JSON
 * converts them: a missing key or null is NULL (an unquoted empty field); text is always quoted, so an empty
 * string stays empty and tabs, newlines, backslashes, a literal \N, quotes and emoji arrive byte for byte;
 * a JSON number in a text column becomes its text; `timestamp` columns take epoch milliseconds
 * (TIMEFORMAT 'epochmillisecs'). A value the column cannot take makes the record rejected, with the reason.
 */
export type Encoder = (value: unknown) => string | Rejected;

export class Rejected {
  constructor(readonly reason: string) {}
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const MAX_MS = 253402300799999; // 9999-12-31T23:59:59.999Z
const MIN_MS = -62135596800000; // 0001-01-01T00:00:00.000Z
const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;
/** What every engine's CAST(... AS INTEGER) takes alike: digits with an optional minus, nothing around them. */
const STRICT_INTEGER_TEXT = /^-?\d{1,10}$/;
const NUMBER_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

function quote(text: string): string | Rejected {
  if (text.includes('\0')) return new Rejected('text contains a NUL character (\\u0000), which the warehouse cannot store');
  return text.includes('"') ? `"${text.replace(/"/g, '""')}"` : `"${text}"`;
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && NUMBER_TEXT.test(value)) return Number(value);
  return undefined;
}

const ENCODERS: Record<ColumnType, (name: string) => Encoder> = {
  text: () => (value) => {
    if (typeof value === 'string') return quote(value);
    if (typeof value === 'number' || typeof value === 'boolean') return `"${String(value)}"`;
    return quote(JSON.stringify(value));
  },
  integer: (name) => (value) => {
    const n = typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : value;
    if (typeof n === 'number' && Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX) return String(n);
    return new Rejected(`${name}: ${describe(value)} is not an integer (32-bit)`);
  },
  bigint: (name) => (value) => {
    const n = typeof value === 'string' && INTEGER_TEXT.test(value) ? Number(value) : value;
    if (typeof n === 'number' && Number.isSafeInteger(n)) return String(n);
    return new Rejected(`${name}: ${describe(value)} is not an integer`);
  },
  double: (name) => (value) => {
    const n = toNumber(value);
    if (n !== undefined && Number.isFinite(n)) return String(n);
    return new Rejected(`${name}: ${describe(value)} is not a number`);
  },
  timestamp: (name) => (value) => {
    const n = toNumber(value);
    if (n !== undefined && Number.isFinite(n) && n >= MIN_MS && n <= MAX_MS) {
      return new Date(n).toISOString().slice(0, -1); // UTC, without the Z: the column has no time zone
    }
    return new Rejected(`${name}: ${describe(value)} is not a time in epoch milliseconds`);
  },
};

/** Text the transforms cast to INTEGER (a user id): `""` for none, else a 32-bit integer written plainly. */
function integerTextEncoder(name: string): Encoder {
  const text = ENCODERS.text(name);
  return (value) => {
    const n = typeof value === 'string' ? (value === '' || STRICT_INTEGER_TEXT.test(value) ? Number(value) : NaN) : value;
    if (value === '' || (typeof n === 'number' && Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX)) return text(value);
    return new Rejected(`${name}: ${describe(value)} is not an integer id (32-bit) or ""`);
  };
}

/**
 * Builds the row encoder of a table: values (in column order) to one CSV line, or the reason to reject. `required`
 * rejects the records the transforms could not use (see RequiredValue).
 */
export function rowEncoder(columns: readonly Column[], required: readonly RequiredValue[] = []): (values: readonly unknown[]) => string | Rejected {
  const encoders = columns.map((c) => (c.integerText ? integerTextEncoder(c.name) : ENCODERS[c.type](c.name)));
  const count = encoders.length;
  const index = (name: string): number => {
    const i = columns.findIndex((c) => c.name === name);
    if (i < 0) throw new Error(`no column ${name}`);
    return i;
  };
  const rules = required.map((r) => ({ column: index(r.column), when: index(r.when.column), equals: r.when.equals, rejected: new Rejected(r.reason) }));
  return (values) => {
    for (const rule of rules) {
      const value = values[rule.column];
      if ((value === null || value === undefined) && values[rule.when] === rule.equals) return rule.rejected;
    }
    let line = '';
    for (let i = 0; i < count; i++) {
      if (i > 0) line += ',';
      const value = values[i];
      if (value === null || value === undefined) continue;
      const field = encoders[i]!(value);
      if (typeof field !== 'string') return field;
      line += field;
    }
    return `${line}\n`;
  };
}
