/**
 * The user's own saved queries: one `.sql` file a query, in a folder ([QUERIES] DIR, default `queries/` next to
 * dwh.cfg), each a single statement under a comment header:
 *
 *   -- title: Plays per level and gender
 *   -- question: Do paid users of each gender listen more?
 *   -- param: level level all
 *   -- param: limit integer 10 1 1000
 *   -- chart: bar gender plays
 *   SELECT ...
 *
 * `param: NAME TYPE DEFAULT [MIN MAX]` (types as the built-in insights have; `$n` binds the n-th param; a date's
 * DEFAULT `-` means no bound, a text's `''` the empty string). The id is the file name without `.sql`. A bad
 * header is a ConfigError naming file:line.
 */
import { closeSync, constants, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { Insight, InsightParam, ParamType } from './insight-types.js';
import { INSIGHTS } from './insights-catalog.js';
import { LEVELS } from './sql-fragments.js';
import { withoutCommentsAndText } from './sql-kind.js';

/** A saved query read from a file: an insight like the built-in ones, that knows where it came from. */
export interface UserQuery extends Insight {
  file: string;
}

const ID = /^[a-z0-9][a-z0-9_-]*$/i;
const TYPES: readonly ParamType[] = ['integer', 'date', 'text', 'level'];
const KEYS = ['title', 'question', 'param', 'chart'] as const;

/** Every saved query in `dir`, by id; none when the folder does not exist. */
export function loadUserQueries(dir: string): UserQuery[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new ConfigError(`[QUERIES] DIR = ${dir}: is not a folder`);
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error instanceof ConfigError ? error : new ConfigError(`[QUERIES] DIR = ${dir}: ${(error as Error).message}`);
  }
  return names
    .filter((n) => n.endsWith('.sql'))
    .sort()
    .map((n) => parseUserQuery(join(dir, n), readFileSync(join(dir, n), 'utf8')));
}

/** One file's query; a ConfigError naming file:line for a header or statement that is not right. */
export function parseUserQuery(file: string, text: string): UserQuery {
  const id = basename(file, '.sql');
  const fail = (line: number, why: string): never => {
    throw new ConfigError(`${file}:${line}: ${why}`);
  };
  if (!ID.test(id)) fail(1, `"${id}" is not a query id: name the file with letters, digits, - and _ (e.g. plays-by-gender.sql)`);
  if (INSIGHTS.some((i) => i.id === id)) fail(1, `"${id}" is the id of a built-in insight; rename the file`);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header: { title?: string; question?: string; chart?: Insight['chart']; params: InsightParam[] } = { params: [] };
  let n = 0;
  for (; n < lines.length; n++) {
    const line = lines[n]!.trim();
    if (line === '') continue;
    if (!line.startsWith('--')) break;
    const m = /^--\s*([a-z_]+)\s*:\s*(.*)$/i.exec(line);
    // Comments that are not `key: value` are comments.
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    const at = n + 1;
    if (!(KEYS as readonly string[]).includes(key)) fail(at, `unknown header "${key}"; use ${KEYS.join(', ')}`);
    if (key === 'param') header.params.push(parseParam(value, header.params, (why) => fail(at, why)));
    else if (key === 'chart') header.chart = parseChart(value, (why) => fail(at, why));
    else if (value === '') fail(at, `${key} is empty`);
    else if (header[key as 'title' | 'question'] !== undefined) fail(at, `${key} is given twice`);
    else header[key as 'title' | 'question'] = value;
  }
  const first = n + 1;
  const sql = lines.slice(n).join('\n').trim().replace(/;\s*$/, '');
  if (!header.title) fail(1, 'no "-- title: ..." line in the header');
  // The file's last line: where the statement should have begun.
  if (sql === '') fail(Math.max(1, lines.length - (lines.at(-1) === '' ? 1 : 0)), 'no statement after the header');
  if (hasSecondStatement(sql)) fail(first, 'more than one statement; a saved query is one statement');
  const highest = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  if (highest > header.params.length) fail(first, `the statement uses $${highest} but the header declares ${header.params.length} param(s)`);
  return { id, file, title: header.title!, question: header.question ?? header.title!, sql, params: header.params, chart: header.chart };
}

/** One `NAME TYPE DEFAULT [MIN MAX]` declaration (saved query headers and notebooks share it). */
export function parseParam(text: string, before: readonly InsightParam[], fail: (why: string) => never): InsightParam {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length !== 3 && words.length !== 5) fail(`param: expected NAME TYPE DEFAULT [MIN MAX], got "${text}"`);
  const [name, type, rawDefault, min, max] = words as [string, string, string, string?, string?];
  if (!/^[a-z_][a-z0-9_]*$/i.test(name)) fail(`param: "${name}" is not a name (letters, digits and _)`);
  if (before.some((p) => p.name === name)) fail(`param: ${name} is declared twice`);
  if (!(TYPES as readonly string[]).includes(type)) fail(`param ${name}: type "${type}" is not one of ${TYPES.join(', ')}`);
  const param: InsightParam = { name, type: type as ParamType, default: rawDefault, description: `${name} (${type})` };
  if (min !== undefined && type !== 'integer') fail(`param ${name}: MIN and MAX are for integer params only`);
  switch (type) {
    case 'integer': {
      const whole = (w: string, what: string): number => (/^[+-]?\d+$/.test(w) ? Number(w) : fail(`param ${name}: ${what} "${w}" is not a whole number`));
      param.default = whole(rawDefault, 'DEFAULT');
      if (min !== undefined) {
        param.min = whole(min, 'MIN');
        param.max = whole(max!, 'MAX');
        if (param.min > param.max) fail(`param ${name}: MIN ${param.min} is above MAX ${param.max}`);
      }
      if (param.default < (param.min ?? 1) || param.default > (param.max ?? 100_000)) {
        fail(`param ${name}: DEFAULT ${param.default} is outside ${param.min ?? 1}..${param.max ?? 100_000}`);
      }
      break;
    }
    case 'date':
      if (rawDefault === '-') param.default = '';
      else if (!/^\d{4}-\d{2}-\d{2}$/.test(rawDefault) || Number.isNaN(Date.parse(`${rawDefault}T00:00:00Z`))) {
        fail(`param ${name}: DEFAULT "${rawDefault}" is not a date as YYYY-MM-DD (or - for no bound)`);
      }
      break;
    case 'level':
      if (!LEVELS.includes(rawDefault.toLowerCase() as (typeof LEVELS)[number])) fail(`param ${name}: DEFAULT "${rawDefault}" is not one of ${LEVELS.join(', ')}`);
      param.default = rawDefault.toLowerCase();
      param.choices = LEVELS;
      break;
    case 'text':
      if (rawDefault === "''") param.default = '';
      break;
  }
  return param;
}

function parseChart(text: string, fail: (why: string) => never): Insight['chart'] {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length !== 3 || words[0] !== 'bar') fail(`chart: expected "bar LABEL_COLUMN VALUE_COLUMN", got "${text}"`);
  return { label: words[1]!, value: words[2]! };
}

/** A `;` outside quotes and comments, with more after it. */
function hasSecondStatement(sql: string): boolean {
  const bare = withoutCommentsAndText(sql);
  const end = bare.indexOf(';');
  return end >= 0 && bare.slice(end + 1).trim() !== '';
}

/** The built-in insights, then the user's (a built-in id is never shadowed: such a file is refused). */
export function allInsights(dir: string | undefined): Insight[] {
  return dir ? [...INSIGHTS, ...loadUserQueries(dir)] : [...INSIGHTS];
}

/** Whether an insight is one of the user's files. */
export const isUserQuery = (insight: Insight): insight is UserQuery => typeof (insight as Partial<UserQuery>).file === 'string';

/**
 * Writes a statement as a new saved query `<dir>/<id>.sql` with a title header; refuses an id that is taken (a
 * built-in insight or a file there: nothing is overwritten). Returns the file written.
 */
export function saveUserQuery(dir: string, id: string, title: string, sql: string): string {
  if (!ID.test(id)) throw new ConfigError(`"${id}" is not a query id: use letters, digits, - and _`);
  if (INSIGHTS.some((i) => i.id === id)) throw new ConfigError(`"${id}" is the id of a built-in insight; choose another`);
  if (title.trim() === '' || /[\r\n]/.test(title)) throw new ConfigError('the title is one line of text');
  const file = join(dir, `${id}.sql`);
  const text = `-- title: ${title.trim()}\n${sql.trim().replace(/;\s*$/, '')}\n`;
  let fd: number;
  try {
    mkdirSync(dir, { recursive: true });
    // O_EXCL: a file of that name (or a link there) is never replaced.
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ConfigError(`${file} exists; choose another id (nothing was overwritten)`);
    throw new ConfigError(`cannot write ${file}: ${(error as Error).message}`);
  }
  try {
    writeSync(fd, text);
    closeSync(fd);
  } catch (error) {
    closeSync(fd);
    // A new file half written (a full disk) is removed: what was there before is what is there after.
    rmSync(file, { force: true });
    throw new ConfigError(`cannot write ${file}: ${(error as Error).message}`);
  }
  return file;
}
