import { ConfigError } from '../errors.js';
import type { Column } from '../sql/tables.js';

/**
 * How JSON records map to a table's columns, as in Redshift's `FORMAT AS JSON '<option>'`:
 * - `auto`: a key loads into the column of the same name (column names are lower case, so camelCase keys
 *   match nothing);
 * - `auto ignorecase`: the same, ignoring case;
 * - a jsonpaths file: one path per column, in column order.
 */
export type JsonMapping =
  | { kind: 'auto'; ignoreCase: boolean }
  | { kind: 'jsonpaths'; source: string; paths: readonly (readonly (string | number)[])[] };

export function mappingFromOption(option: string): JsonMapping | undefined {
  const o = option.trim().toLowerCase();
  if (o === 'auto') return { kind: 'auto', ignoreCase: false };
  if (o === 'auto ignorecase') return { kind: 'auto', ignoreCase: true };
  return undefined;
}

/** Parses a jsonpaths document (`{"jsonpaths": ["$['key']", "$.a.b", "$['a'][0]"]}`). */
export function parseJsonPaths(text: string, source: string): JsonMapping {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(`${source}: not a jsonpaths file: ${(error as Error).message}`);
  }
  const list = (doc as { jsonpaths?: unknown } | null)?.jsonpaths;
  if (!Array.isArray(list) || list.length === 0 || !list.every((p) => typeof p === 'string')) {
    throw new ConfigError(`${source}: expected {"jsonpaths": ["$['key']", ...]} with at least one path`);
  }
  return { kind: 'jsonpaths', source, paths: (list as string[]).map((p, i) => parsePath(p, `${source}: path ${i + 1}`)) };
}

/** `$['a']["b"].c[0]` -> ['a', 'b', 'c', 0]. */
export function parsePath(path: string, where: string): (string | number)[] {
  const p = path.trim();
  if (!p.startsWith('$')) throw new ConfigError(`${where} "${path}" must start with $`);
  const out: (string | number)[] = [];
  let i = 1;
  while (i < p.length) {
    const rest = p.slice(i);
    const m =
      /^\[\s*'((?:[^'\\]|\\.)*)'\s*\]/.exec(rest) ??
      /^\[\s*"((?:[^"\\]|\\.)*)"\s*\]/.exec(rest) ??
      /^\.([A-Za-z_$][\w$]*)/.exec(rest) ??
      /^\[\s*(\d+)\s*\]/.exec(rest);
    if (!m) throw new ConfigError(`${where} "${path}" is not a JSONPath Redshift accepts (at "${rest}")`);
    const key = m[1]!;
    out.push(/^\[\s*\d/.test(rest) ? Number(key) : key.replace(/\\(.)/g, '$1'));
    i += m[0].length;
  }
  if (out.length === 0) throw new ConfigError(`${where} "${path}" names no element`);
  return out;
}

/** Builds the function that picks, from a record, the value of each column (undefined = missing = NULL). */
export function compileMapping(mapping: JsonMapping, columns: readonly Column[], table: string): (record: Record<string, unknown>) => unknown[] {
  if (mapping.kind === 'jsonpaths') {
    if (mapping.paths.length !== columns.length) {
      throw new ConfigError(
        `${mapping.source}: ${mapping.paths.length} jsonpaths for the ${columns.length} columns of ${table}; they must match one to one, in column order`,
      );
    }
    const paths = mapping.paths;
    // The usual jsonpaths name one top-level key each: read those directly, without walking a path.
    if (paths.every((p) => p.length === 1 && typeof p[0] === 'string')) {
      const keys = paths.map((p) => p[0] as string);
      const count = keys.length;
      return (record) => {
        const out = new Array<unknown>(count);
        for (let i = 0; i < count; i++) out[i] = record[keys[i]!];
        return out;
      };
    }
    return (record) => paths.map((path) => dig(record, path));
  }
  const names = columns.map((c) => c.name);
  if (!mapping.ignoreCase) return (record) => names.map((n) => record[n]);
  return (record) => {
    const out = new Array<unknown>(names.length);
    for (const key in record) {
      const index = names.indexOf(key.toLowerCase());
      if (index >= 0 && out[index] === undefined) out[index] = record[key];
    }
    return out;
  };
}

/** Keys of a record that no column takes in 'auto' modes, so the loader can warn instead of dropping them silently. */
export function unmappedKeys(mapping: JsonMapping, columns: readonly Column[]): (record: Record<string, unknown>, into: Set<string>) => void {
  if (mapping.kind === 'jsonpaths') return () => undefined;
  const known = new Set(columns.map((c) => c.name));
  return (record, into) => {
    for (const key in record) {
      if (!known.has(mapping.ignoreCase ? key.toLowerCase() : key)) into.add(key);
    }
  };
}

function dig(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}
