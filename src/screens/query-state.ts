import { INSIGHTS, type Insight } from '../queries/insights.js';
import { paramDraft, parseParams } from '../queries/params.js';
import { rowsText } from '../tui/format.js';
import type { Press } from '../tui/key-table.js';
import { sqlKind } from '../queries/sql-kind.js';
import type { HistoryEntry } from '../tui/store.js';
import { editText, textState, type TextState } from '../tui/text-edit.js';
import type { Problem, ShownResult } from '../tui/use-query.js';
import { NO_EFFECTS, withEffect, type WithEffects } from '../tui/use-screen-state.js';
import { initialView, reduceView, type ResultView, type ViewAction } from './result-view.js';

export type Pane = 'list' | 'result' | 'params' | 'sql' | 'confirm-sql' | 'export' | 'save' | 'history';

/** What the query screen asks for; `tag` names the request, so only the answer to the latest one is shown. */
export type QueryEffect =
  | { kind: 'run-insight'; tag: number; insight: Insight; raw: Record<string, string> }
  | { kind: 'run-sql'; tag: number; sql: string }
  | { kind: 'export'; tag: number; path: string; sql: string; params: unknown[] }
  /** Write the statement as a new saved query file (never over one). */
  | { kind: 'save-query'; tag: number; id: string; title: string; sql: string }
  | { kind: 'cancel' }
  | { kind: 'load-history' }
  /** Quit the app; with `cancelFirst`, once the running statement has been cancelled on the server. */
  | { kind: 'quit'; cancelFirst: boolean };

/** What the right pane is about: the insight or statement run last (also when it failed). */
export interface Shown {
  insight?: Insight;
  sql: string;
}

export interface QueryState extends WithEffects<QueryEffect> {
  pane: Pane;
  selected: number;
  /** The parameter values typed per insight. */
  drafts: Record<string, Record<string, string>>;
  paramFocus: number;
  paramField: TextState;
  /** A parameter value that does not parse, named; cleared as soon as the values parse. */
  paramError?: Problem;
  sqlField: TextState;
  /** The statement waiting for "Run it?", and where No goes back to. */
  confirm?: { sql: string; yes: boolean; back: Pane };
  exportField: TextState;
  /** Saving the SQL result's statement as a query: the id is asked first, then the title. */
  save: { step: 'id' | 'title'; field: TextState; id: string };
  saving?: number;
  message?: { ok: boolean; text: string };
  history: HistoryEntry[];
  historyChoice: number;
  /** The number of the latest request; answers to older ones are dropped. */
  tag: number;
  running?: { tag: number; cancelling: boolean };
  exporting?: number;
  last?: Shown;
  result?: ShownResult;
  error?: Problem;
  view: ResultView;
  chart: boolean;
  /** Lines the result has on screen and the chart's lines (from the layout: the terminal's size). */
  size: { visible: number; chartLines: number };
  /** The insights listed: the built-in ones, then the user's saved queries. */
  insights: readonly Insight[];
}

export type QueryAction =
  | { type: 'select'; by: 1 | -1 }
  | { type: 'pane'; pane: Pane }
  | { type: 'run' }
  | { type: 'open-params' }
  | { type: 'focus-param'; by: 1 | -1 }
  | { type: 'edit-param'; press: Press }
  | { type: 'edit-sql'; press: Press }
  | { type: 'submit-sql' }
  | { type: 'confirm'; answer: 'yes' | 'no' | { select: boolean } }
  | { type: 'view'; action: ViewAction }
  | { type: 'chart' }
  | { type: 'start-export' }
  | { type: 'edit-export'; press: Press }
  | { type: 'write-export' }
  | { type: 'start-save' }
  | { type: 'edit-save'; press: Press }
  | { type: 'next-save' }
  | { type: 'saved'; tag: number; outcome: { file: string; insights: readonly Insight[] } | Problem }
  | { type: 'open-history' }
  | { type: 'history'; entries: HistoryEntry[] }
  | { type: 'choose-history'; by: 1 | -1 }
  | { type: 'rerun' }
  | { type: 'busy' }
  | { type: 'cancel' }
  | { type: 'interrupt' }
  | { type: 'done'; tag: number; result: ShownResult }
  | { type: 'failed'; tag: number; problem: Problem }
  | { type: 'exported'; tag: number; outcome: { rows: number; path: string } | Problem }
  | { type: 'layout'; visible: number; chartLines: number };

export function initialQueryState(insights: readonly Insight[] = INSIGHTS): QueryState {
  return {
    insights,
    ...NO_EFFECTS,
    pane: 'list',
    selected: 0,
    drafts: {},
    paramFocus: 0,
    paramField: textState(''),
    sqlField: textState(''),
    exportField: textState(''),
    save: { step: 'id', field: textState(''), id: '' },
    history: [],
    historyChoice: 0,
    tag: 0,
    view: initialView,
    chart: false,
    size: { visible: 10, chartLines: 0 },
  };
}

export const chosenInsight = (s: QueryState): Insight => s.insights[s.selected]!;
export const draftOf = (s: QueryState, insight: Insight): Record<string, string> => s.drafts[insight.id] ?? paramDraft(insight, undefined);
export const chartable = (s: QueryState): boolean => Boolean(s.result?.insight?.chart);

/** The values parse, or the problem naming the parameter (titled as what it is, not as a setting). */
function checkParams(insight: Insight, raw: Record<string, string>): Problem | undefined {
  try {
    parseParams(insight, raw);
    return undefined;
  } catch (error) {
    return { title: 'Bad parameter', message: (error as Error).message };
  }
}

function start(s: QueryState, shown: Shown, effect: (tag: number) => QueryEffect): QueryState {
  const tag = s.tag + 1;
  return withEffect({ ...s, tag, running: { tag, cancelling: false }, last: shown, message: undefined, confirm: undefined }, effect(tag));
}

function runInsight(s: QueryState, insight: Insight, raw: Record<string, string>): QueryState {
  const drafts = { ...s.drafts, [insight.id]: raw };
  const problem = checkParams(insight, raw);
  // A bad value is named in the form, where it can be fixed; nothing is sent.
  if (problem) {
    const focus = Math.max(0, insight.params.findIndex((p) => problem.message.includes(`: ${p.name} =`)));
    return { ...s, drafts, paramError: problem, pane: 'params', paramFocus: focus, paramField: textState(raw[insight.params[focus]?.name ?? ''] ?? '') };
  }
  return start({ ...s, drafts, paramError: undefined }, { insight, sql: insight.sql }, (tag) => ({ kind: 'run-insight', tag, insight, raw }));
}

/** A statement runs at once when it only reads; one that changes data asks first, wherever it comes from. */
function runStatement(s: QueryState, sql: string, back: Pane): QueryState {
  if (sql.trim() === '') return s;
  if (sqlKind(sql).changesData) return { ...s, pane: 'confirm-sql', confirm: { sql, yes: false, back }, sqlField: textState(sql) };
  return start({ ...s, sqlField: textState(sql) }, { sql }, (tag) => ({ kind: 'run-sql', tag, sql }));
}

function focusParam(s: QueryState, index: number): QueryState {
  const insight = chosenInsight(s);
  const focus = Math.max(0, Math.min(insight.params.length - 1, index));
  return { ...s, paramFocus: focus, paramField: textState(draftOf(s, insight)[insight.params[focus]?.name ?? ''] ?? '') };
}

function viewSize(s: QueryState): { rows: number; columns: number; visible: number } {
  const rows = s.chart && chartable(s) ? s.size.chartLines : (s.result?.rows.length ?? 0);
  return { rows, columns: s.result?.fields.length ?? 0, visible: s.size.visible };
}

export function reduceQuery(s: QueryState, a: QueryAction): QueryState {
  switch (a.type) {
    case 'select':
      return { ...s, selected: (s.selected + s.insights.length + a.by) % s.insights.length, paramError: undefined };
    case 'pane':
      return { ...s, pane: a.pane, confirm: a.pane === 'confirm-sql' ? s.confirm : undefined };
    case 'run':
      return runInsight(s, chosenInsight(s), draftOf(s, chosenInsight(s)));
    case 'open-params': {
      const insight = chosenInsight(s);
      if (insight.params.length === 0) return { ...s, message: { ok: false, text: `${insight.title} has no parameters: enter runs it.` } };
      return focusParam({ ...s, pane: 'params', drafts: { ...s.drafts, [insight.id]: draftOf(s, insight) } }, 0);
    }
    case 'focus-param':
      return focusParam(s, s.paramFocus + a.by);
    case 'edit-param': {
      const insight = chosenInsight(s);
      const name = insight.params[s.paramFocus]?.name;
      const edited = editText(s.paramField, a.press.input, a.press.key);
      if (!edited || !name) return s;
      const raw = { ...draftOf(s, insight), [name]: edited.value };
      // The error goes as soon as the values are right again (and follows the value while it is not).
      return { ...s, paramField: edited, drafts: { ...s.drafts, [insight.id]: raw }, paramError: s.paramError ? checkParams(insight, raw) : undefined };
    }
    case 'edit-sql':
      return { ...s, sqlField: editText(s.sqlField, a.press.input, a.press.key) ?? s.sqlField };
    case 'submit-sql':
      return runStatement(s, s.sqlField.value, 'sql');
    case 'confirm': {
      if (!s.confirm) return s;
      if (typeof a.answer === 'object') return { ...s, confirm: { ...s.confirm, yes: a.answer.select } };
      if (a.answer === 'no') return { ...s, pane: s.confirm.back, confirm: undefined, message: { ok: false, text: 'Not run.' } };
      const sql = s.confirm.sql;
      return start({ ...s, pane: 'result' }, { sql }, (tag) => ({ kind: 'run-sql', tag, sql }));
    }
    case 'view':
      return { ...s, view: reduceView(s.view, a.action, viewSize(s)) };
    case 'chart':
      if (!chartable(s)) return { ...s, message: { ok: false, text: 'No chart for this result: it has no label and value to draw.' } };
      return { ...s, chart: !s.chart, view: initialView };
    case 'start-export':
      if (!s.result) return s;
      if (!s.result.exportable) return { ...s, message: { ok: false, text: 'Nothing to export: export works for insights and SELECT statements.' } };
      return { ...s, pane: 'export', exportField: textState(`./${s.result.insight?.id ?? 'query'}.csv`) };
    case 'edit-export':
      return { ...s, exportField: editText(s.exportField, a.press.input, a.press.key) ?? s.exportField };
    case 'write-export': {
      if (!s.result) return s;
      const tag = s.tag + 1;
      const path = s.exportField.value;
      const { sql, params } = s.result;
      return withEffect({ ...s, tag, exporting: tag, pane: 'result', message: { ok: true, text: `Exporting to ${path}…` } }, { kind: 'export', tag, path, sql, params });
    }
    case 'open-history':
      return withEffect({ ...s, pane: 'history', historyChoice: 0 }, { kind: 'load-history' });
    case 'history':
      return { ...s, history: a.entries, historyChoice: 0 };
    case 'choose-history':
      return { ...s, historyChoice: Math.max(0, Math.min(s.history.length - 1, s.historyChoice + a.by)) };
    case 'rerun': {
      const entry = s.history[s.historyChoice];
      if (!entry) return s;
      if (entry.kind === 'sql') return runStatement({ ...s, pane: 'result' }, entry.text, 'history');
      const index = s.insights.findIndex((i) => i.id === entry.text);
      if (index < 0) return { ...s, message: { ok: false, text: `Unknown insight "${entry.text}": it is not one of the insights any more.` } };
      return runInsight({ ...s, selected: index, pane: 'result' }, s.insights[index]!, paramDraft(s.insights[index]!, entry.params));
    }
    case 'busy':
      return { ...s, message: { ok: false, text: 'A query is running: esc cancels it.' } };
    case 'cancel':
      if (!s.running || s.running.cancelling) return s;
      return withEffect({ ...s, running: { ...s.running, cancelling: true } }, { kind: 'cancel' });
    case 'interrupt':
      return withEffect(s, { kind: 'quit', cancelFirst: s.running !== undefined });
    case 'done':
      if (a.tag !== s.running?.tag) return s;
      return { ...s, running: undefined, result: a.result, error: undefined, view: initialView, chart: false, pane: s.pane === 'list' || s.pane === 'history' || s.pane === 'params' || s.pane === 'sql' ? 'result' : s.pane };
    case 'failed':
      if (a.tag !== s.running?.tag) return s;
      return { ...s, running: undefined, error: a.problem, result: undefined, view: initialView, pane: s.pane === 'confirm-sql' ? 'result' : s.pane };
    case 'start-save':
      if (s.result?.kind !== 'sql' || !s.result.exportable) return { ...s, message: { ok: false, text: 'Only a SELECT run in the SQL cell can be saved as a query.' } };
      return { ...s, pane: 'save', save: { step: 'id', field: textState(''), id: '' } };
    case 'edit-save':
      return { ...s, save: { ...s.save, field: editText(s.save.field, a.press.input, a.press.key) ?? s.save.field } };
    case 'next-save': {
      const value = s.save.field.value.trim();
      if (value === '' || s.result?.kind !== 'sql') return s;
      if (s.save.step === 'id') return { ...s, save: { step: 'title', field: textState(''), id: value } };
      const tag = s.tag + 1;
      return withEffect(
        { ...s, tag, saving: tag, pane: 'result', message: { ok: true, text: `Saving ${s.save.id}…` } },
        { kind: 'save-query', tag, id: s.save.id, title: value, sql: s.result.sql },
      );
    }
    case 'saved': {
      if (a.tag !== s.saving) return s;
      if (!('file' in a.outcome)) return { ...s, saving: undefined, message: { ok: false, text: `✗ ${a.outcome.title}: ${a.outcome.message}` } };
      // The list gains the new query; the highlight stays on the insight it was on.
      const chosen = s.insights[s.selected]?.id;
      const selected = Math.max(0, a.outcome.insights.findIndex((i) => i.id === chosen));
      return { ...s, saving: undefined, insights: a.outcome.insights, selected, message: { ok: true, text: `✓ Saved as ${a.outcome.file}: listed with the insights (✎)` } };
    }
    case 'exported':
      if (a.tag !== s.exporting) return s;
      return { ...s, exporting: undefined, message: 'rows' in a.outcome ? { ok: true, text: `✓ Wrote ${rowsText(a.outcome.rows)} to ${a.outcome.path}` } : { ok: false, text: `✗ ${a.outcome.title}: ${a.outcome.message}` } };
    case 'layout':
      return a.visible === s.size.visible && a.chartLines === s.size.chartLines ? s : { ...s, size: { visible: a.visible, chartLines: a.chartLines } };
  }
}

