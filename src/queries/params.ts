/**
 * Parameters at the edge: text from flags or a form becomes typed values, or a one-line ConfigError naming
 * the insight, the parameter and the bad value. Values are bound by the engine, so a value can never change
 * the SQL text; validating them here is for clear messages, not for safety.
 */
import { ConfigError } from '../errors.js';
import type { Insight, InsightParam } from './insight-types.js';
import { LEVELS } from './sql-fragments.js';

const DEFAULT_MIN = 1;
const DEFAULT_MAX = 100_000;

/** `--param k=v` flags as a record; a flag without `=` or a name given twice is a ConfigError. */
export function parseParamFlags(flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new ConfigError(`--param ${flag}: expected name=value`);
    const name = flag.slice(0, eq).trim();
    if (Object.hasOwn(out, name)) throw new ConfigError(`--param ${name} is given twice`);
    out[name] = flag.slice(eq + 1);
  }
  return out;
}

/**
 * Typed values for every parameter of an insight: the given ones parsed, the others at their default.
 * Integers become numbers, dates `YYYY-MM-DD` strings (or null for an open bound), the rest strings.
 */
export function parseParams(insight: Insight, raw: Record<string, string>): Record<string, unknown> {
  for (const name of Object.keys(raw)) {
    if (!insight.params.some((p) => p.name === name)) {
      const known = insight.params.map((p) => p.name).join(', ') || 'none';
      throw new ConfigError(`${insight.id} has no parameter "${name}" (its parameters: ${known})`);
    }
  }
  const values: Record<string, unknown> = {};
  for (const param of insight.params) {
    const given = raw[param.name];
    values[param.name] = parseValue(insight, param, given === undefined ? String(param.default) : given);
  }
  return values;
}

/** The values in `$1..$n` order, defaults filling the gaps; what `runInsight` binds. */
export function bindValues(insight: Insight, values: Record<string, unknown>): unknown[] {
  return insight.params.map((param) => {
    const value = values[param.name];
    if (value === undefined) return parseValue(insight, param, String(param.default));
    return value === '' && param.type === 'date' ? null : value;
  });
}

function parseValue(insight: Insight, param: InsightParam, text: string): unknown {
  const fail = (why: string): never => {
    throw new ConfigError(`${insight.id}: ${param.name} = ${JSON.stringify(text)}: ${why}`);
  };
  const value = text.trim();
  switch (param.type) {
    case 'integer': {
      if (!/^[+-]?\d+$/.test(value)) return fail('expected a whole number');
      const n = Number(value);
      const min = param.min ?? DEFAULT_MIN;
      const max = param.max ?? DEFAULT_MAX;
      if (n < min || n > max) return fail(`expected a number from ${min} to ${max}`);
      return n;
    }
    case 'date':
      if (value === '' && param.default === '') return null;
      if (!isDate(value)) return fail('expected a date as YYYY-MM-DD');
      return value;
    case 'level':
      return oneOf(param.choices ?? LEVELS, value, fail);
    case 'text':
      return param.choices ? oneOf(param.choices, value, fail) : text;
  }
}

function oneOf(choices: readonly string[], value: string, fail: (why: string) => never): string {
  const match = choices.find((c) => c.toLowerCase() === value.toLowerCase());
  return match ?? fail(`use one of ${choices.join(', ')}`);
}

/** A real calendar day as YYYY-MM-DD (2018-02-30 is not one). */
function isDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The values as the form starts them: what was used last, else the defaults, as text. */
export function paramDraft(insight: Insight, last: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(insight.params.map((p) => [p.name, last?.[p.name] ?? String(p.default)]));
}

/** `limit=10 level=all` for a status line; empty values are left out. */
export function paramSummary(values: Record<string, string>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}
