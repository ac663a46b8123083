/**
 * Markdown notebooks: every ```sql fence is a cell, run in order against the warehouse; its result is written
 * right after the fence between two marker comments, so a second run replaces only what the markers enclose
 * (the prose is never touched, and on unchanged data the file comes out byte for byte the same).
 *
 *   <!-- param: level level all -->          declares a parameter, as a saved query's header does
 *   ```sql chart=bar
 *   SELECT level, COUNT(*) AS plays FROM songplays WHERE (:level = 'all' OR level = :level) GROUP BY level
 *   ```
 *   <!-- sparkify:output -->
 *   ...the result: a Markdown table, its row count, a bar chart when asked...
 *   <!-- sparkify:end -->
 *
 * `:name` in a cell is the declared parameter `name` (given with --param name=value, else its default), bound by
 * the engine as `$n`, never pasted into the text. Cells only read: a statement that would change data is
 * refused in place. Timings go to the progress lines, not into the file (they would change it on every run).
 */
import { ConfigError } from '../errors.js';
import type { Field, Row, Warehouse } from '../warehouse/warehouse.js';
import { barChart } from './chart.js';
import type { Insight, InsightParam } from './insight-types.js';
import { INSIGHTS } from './insights-catalog.js';
import { markdownTable } from './markdown.js';
import { bindValues, parseParams } from './params.js';
import { sqlKind } from './sql-kind.js';
import { parseParam } from './user-queries.js';
import { isNumericField } from './values.js';

export const OUTPUT_START = '<!-- sparkify:output -->';
export const OUTPUT_END = '<!-- sparkify:end -->';

export interface NotebookCell {
  /** 1-based line of the opening fence. */
  line: number;
  sql: string;
  /** `chart=bar` (with `label=COLUMN value=COLUMN`, else the first column and the last numeric one). */
  chart?: { label?: string; value?: string };
  /** The lines of the fence itself (kept as they are), and where its old output ends (exclusive). */
  fence: { from: number; to: number };
  output?: { from: number; to: number };
}

export interface Notebook {
  file: string;
  lines: string[];
  /** How the file ends its lines (kept on writing). */
  eol: string;
  params: InsightParam[];
  cells: NotebookCell[];
}

const FENCE_OPEN = /^```sql(?:\s+(.*))?\s*$/i;
const FENCE_CLOSE = /^```\s*$/;
const PARAM_LINE = /^<!--\s*param:\s*(.*?)\s*-->\s*$/i;

/** The cells and declared parameters of a notebook's text; a ConfigError naming file:line for what is not right. */
export function parseNotebook(file: string, text: string): Notebook {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const params: InsightParam[] = [];
  const cells: NotebookCell[] = [];
  const fail = (line: number, why: string): never => {
    throw new ConfigError(`${file}:${line}: ${why}`);
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const param = PARAM_LINE.exec(line.trim());
    if (param) {
      params.push(parseParam(param[1]!, params, (why) => fail(i + 1, why)));
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (!open) continue;
    const options = (open[1] ?? '').split(/\s+/).filter(Boolean);
    const chart: { label?: string; value?: string } = {};
    let charted = false;
    for (const option of options) {
      const [key, value] = option.split('=', 2) as [string, string | undefined];
      if (key === 'chart' && value === 'bar') charted = true;
      else if ((key === 'label' || key === 'value') && value) chart[key] = value;
      else fail(i + 1, `unknown cell option "${option}"; use chart=bar, label=COLUMN, value=COLUMN`);
    }
    if (!charted && (chart.label || chart.value)) fail(i + 1, 'label= and value= go with chart=bar');
    let close = i + 1;
    while (close < lines.length && !FENCE_CLOSE.test(lines[close]!)) close++;
    if (close >= lines.length) fail(i + 1, 'this ```sql fence is never closed');
    const sql = lines.slice(i + 1, close).join('\n').trim().replace(/;\s*$/, '');
    const cell: NotebookCell = { line: i + 1, sql, chart: charted ? chart : undefined, fence: { from: i, to: close + 1 } };
    // An output block of an earlier run: a blank line, then the markers, right after the fence.
    let at = close + 1;
    if (lines[at] === '' && lines[at + 1] === OUTPUT_START) at++;
    if (lines[at] === OUTPUT_START) {
      let end = at + 1;
      while (end < lines.length && lines[end] !== OUTPUT_END) end++;
      if (end >= lines.length) fail(at + 1, `an output block without its ${OUTPUT_END}`);
      cell.output = { from: close + 1, to: end + 1 };
      i = end;
    } else i = close;
    cells.push(cell);
  }
  return { file, lines, eol, params, cells };
}

/** A cell as an insight of its own: `:name` becomes `$n` in the order the names first appear. */
export function cellInsight(notebook: Notebook, cell: NotebookCell): Insight {
  const used: InsightParam[] = [];
  const sql = mapNames(cell.sql, (name) => {
    const param = notebook.params.find((p) => p.name === name);
    if (!param) throw new ConfigError(`${notebook.file}:${cell.line}: :${name} is not a declared parameter; add <!-- param: ${name} TYPE DEFAULT -->`);
    let n = used.indexOf(param) + 1;
    if (n === 0) n = used.push(param);
    return `$${n}`;
  });
  return { id: `${notebook.file}:${cell.line}`, title: `cell at line ${cell.line}`, question: '', sql, params: used };
}

/** `:name` outside quotes and comments (and not a `::type` cast) replaced by `replace(name)`. */
function mapNames(sql: string, replace: (name: string) => string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      let end = i + 1;
      while (end < sql.length && !(sql[end] === c && sql[end + 1] !== c)) end += sql[end] === c ? 2 : 1;
      out += sql.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      out += sql.slice(i, end < 0 ? sql.length : end);
      i = end < 0 ? sql.length : end;
      continue;
    }
    const name = c === ':' && sql[i - 1] !== ':' && sql[i + 1] !== ':' ? /^:([a-z_][a-z0-9_]*)/i.exec(sql.slice(i)) : null;
    if (name) {
      out += replace(name[1]!);
      i += name[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

export interface CellOutcome {
  line: number;
  ok: boolean;
  rows: number;
  seconds: number;
  message?: string;
}

export interface NotebookRun {
  text: string;
  cells: CellOutcome[];
  failed: number;
}


/**
 * Runs every cell in order and returns the notebook's new text. A failing cell gets its error in its output
 * block; the others still run. `raw` holds the --param values (checked against the declarations first).
 */
export async function runNotebook(
  warehouse: Warehouse,
  notebook: Notebook,
  options: { raw?: Record<string, string>; maxRows?: number; onCell?: (outcome: CellOutcome) => void } = {},
): Promise<NotebookRun> {
  const maxRows = options.maxRows ?? 50;
  const raw = options.raw ?? {};
  // Unknown names and bad values fail the run before any cell, as for a saved query.
  const values = notebookValues(notebook, raw);
  const outputs: string[][] = [];
  const outcomes: CellOutcome[] = [];
  for (const cell of notebook.cells) {
    const { outcome, lines } = await runCell(warehouse, notebook, cell, values, maxRows);
    outputs.push(lines);
    outcomes.push(outcome);
    options.onCell?.(outcome);
  }
  return { text: withOutputs(notebook, outputs), cells: outcomes, failed: outcomes.filter((o) => !o.ok).length };
}

/** The values of a notebook's parameters: the given ones checked, the others at their default. */
export function notebookValues(notebook: Notebook, raw: Record<string, string> = {}): Record<string, unknown> {
  return parseParams({ id: notebook.file, title: '', question: '', sql: '', params: notebook.params }, raw);
}

/** Runs one cell: what goes between its markers (the result or the error), and how it went. */
export async function runCell(
  warehouse: Warehouse,
  notebook: Notebook,
  cell: NotebookCell,
  values: Record<string, unknown>,
  maxRows = 50,
): Promise<{ outcome: CellOutcome; lines: string[] }> {
  const started = performance.now();
  try {
    const insight = cellInsight(notebook, cell);
    if (sqlKind(insight.sql).changesData) throw new ConfigError('a notebook cell only reads: this statement would change data, so it was not run');
    const params = bindValues(insight, Object.fromEntries(insight.params.map((p) => [p.name, values[p.name]])));
    const { fields, rows, more } = await firstRows(warehouse, insight.sql, params, maxRows);
    const lines = resultLines(fields, rows, more, maxRows, cell.chart);
    return { outcome: { line: cell.line, ok: true, rows: rows.length, seconds: (performance.now() - started) / 1000 }, lines };
  } catch (error) {
    const e = error as { title?: string; message?: string };
    const message = `${e.title ?? 'Error'}: ${(e.message ?? String(error)).replace(/\s*\n\s*/g, ' ')}`;
    return { outcome: { line: cell.line, ok: false, rows: 0, seconds: (performance.now() - started) / 1000, message }, lines: [`> ✗ ${message}`] };
  }
}

async function firstRows(warehouse: Warehouse, sql: string, params: unknown[], maxRows: number): Promise<{ fields: Field[]; rows: Row[]; more: boolean }> {
  const fields: Field[] = [];
  const rows: Row[] = [];
  let more = false;
  // One row past the cap tells whether there are more, without reading them all.
  for await (const batch of warehouse.stream(sql, params, { batchSize: Math.min(1000, maxRows + 1), fields })) {
    const room = maxRows - rows.length;
    rows.push(...batch.slice(0, room));
    if (batch.length > room) {
      more = true;
      break;
    }
  }
  return { fields, rows, more };
}

function resultLines(fields: Field[], rows: Row[], more: boolean, maxRows: number, chart: NotebookCell['chart']): string[] {
  const lines = markdownTable(rows, fields).trimEnd().split('\n');
  const count = more ? `_The first ${maxRows} rows (more with --max-rows)._` : `_${rows.length} row${rows.length === 1 ? '' : 's'}._`;
  lines.push('', count);
  if (!chart) return lines;
  const named = (name: string | undefined) => (name === undefined ? undefined : fields.find((f) => f.name === name));
  const label = named(chart.label) ?? fields[0];
  const value = named(chart.value) ?? [...fields].reverse().find((f) => f !== label && isNumericField(f));
  if (label && value && rows.length > 0) {
    lines.push('', '```text', ...barChart(rows, { label: label.name, value: value.name }).trimEnd().split('\n'), '```');
  }
  return lines;
}

/** The notebook's lines with each cell's output block put right after its fence (old blocks replaced). */
function withOutputs(notebook: Notebook, outputs: string[][]): string {
  const out: string[] = [];
  let at = 0;
  notebook.cells.forEach((cell, i) => {
    out.push(...notebook.lines.slice(at, cell.fence.to));
    out.push('', OUTPUT_START, ...outputs[i]!, OUTPUT_END);
    at = cell.output?.to ?? cell.fence.to;
  });
  out.push(...notebook.lines.slice(at));
  return out.join(notebook.eol);
}

/** A starter notebook: each built-in insight as a cell under its title and question, its parameters declared. */
export function starterNotebook(): string {
  const declared = new Map<string, InsightParam>();
  const cells = INSIGHTS.map((insight) => {
    // A name two insights use with different defaults gets the insight's id as a prefix.
    const names = insight.params.map((p) => {
      const seen = declared.get(p.name);
      const name = !seen || (seen.type === p.type && seen.default === p.default && seen.min === p.min && seen.max === p.max) ? p.name : `${insight.id.replace(/-/g, '_')}_${p.name}`;
      if (!declared.has(name)) declared.set(name, { ...p, name });
      return name;
    });
    const sql = insight.sql.replace(/\$(\d+)/g, (_m, n: string) => `:${names[Number(n) - 1]}`);
    const chart = insight.chart ? ` chart=bar label=${insight.chart.label} value=${insight.chart.value}` : '';
    return [`## ${insight.title}`, '', insight.question, '', `\`\`\`sql${chart}`, sql, '```', ''].join('\n');
  });
  const params = [...declared.values()].map((p) => `<!-- param: ${p.name} ${p.type} ${paramDefault(p)}${p.type === 'integer' ? ` ${p.min ?? 1} ${p.max ?? 100_000}` : ''} -->`);
  return [
    '# Sparkify notebook',
    '',
    'Each ```sql block is a cell: `sparkify notebook run` runs them in order and writes each result under its block.',
    'Edit the prose and the SQL freely; `:name` is a parameter declared below (`--param name=value` sets it).',
    '',
    ...params,
    '',
    ...cells,
  ].join('\n');
}

function paramDefault(p: InsightParam): string {
  if (p.type === 'date' && p.default === '') return '-';
  if (p.type === 'text' && p.default === '') return "''";
  return String(p.default);
}
