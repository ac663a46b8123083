import type { Key } from 'ink';
import { useMemo, useState } from 'react';
import { paramDraft } from '../components/param-form.js';
import type { PromptState } from '../components/query-prompt.js';
import { chartLines } from '../components/result-chart.js';
import { INSIGHTS, type Insight } from '../queries/insights.js';
import { rowsText } from '../tui/format.js';
import { useAppContext } from '../tui/navigation.js';
import { sqlKind } from '../tui/sql-kind.js';
import type { HistoryEntry } from '../tui/store.js';
import { editText, textState, type TextState } from '../tui/text-edit.js';
import { useQuery } from '../tui/use-query.js';
import { useTerminalSize } from '../tui/use-terminal-size.js';
import type { Pane } from './query-keys.js';

/** Lines of the right pane that are not result rows: title, question (2), parameters, status, table header (2), prompt (2). */
const CHROME_LINES = 9;

/** The query screen's state and what its keys do to it; the screen maps keys to these and lays it out. */
export function useQueryScreen() {
  const { workspace, store } = useAppContext();
  const { columns, rows } = useTerminalSize();
  const query = useQuery(workspace, store);
  const [pane, setPane] = useState<Pane>('list');
  const [selected, setSelected] = useState(0);
  const [drafts, setDrafts] = useState<Record<string, Record<string, string>>>({});
  const [paramFocus, setParamFocus] = useState(0);
  const [paramField, setParamField] = useState<TextState>(textState(''));
  const [offset, setOffset] = useState(0);
  const [chart, setChart] = useState(false);
  const [sqlField, setSqlField] = useState<TextState>(textState(''));
  const [confirmYes, setConfirmYes] = useState(false);
  const [exportField, setExportField] = useState<TextState>(textState(''));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [historyChoice, setHistoryChoice] = useState(0);

  const insight = INSIGHTS[selected]!;
  const draft = drafts[insight.id] ?? paramDraft(insight, undefined);
  const { result } = query;
  const chartable = Boolean(result?.insight?.chart);
  // While the result has the keys, the list gives the table room (it keeps its place, titles cut).
  const resultFocus = pane === 'result' || pane === 'export' || pane === 'sql' || pane === 'confirm-sql';
  const leftWidth = resultFocus ? Math.max(16, Math.min(32, Math.floor(columns * 0.2))) : Math.max(26, Math.min(32, Math.floor(columns * 0.3)));
  const rightWidth = Math.max(20, columns - leftWidth - 3);
  const bodyLines = Math.max(6, rows - 3);
  const visible = Math.max(1, bodyLines - CHROME_LINES - (pane === 'confirm-sql' ? 1 : 0));
  const drawn = chart ? result?.insight?.chart : undefined;
  const chartLength = useMemo(() => (result && drawn ? chartLines(result.rows, drawn, rightWidth).length : 0), [result, drawn, rightWidth]);
  const lines = result ? (drawn ? chartLength : result.rows.length) : 0;

  const show = (ok: boolean): void => {
    if (!ok) return;
    setOffset(0);
    setChart(false);
    setPane('result');
  };
  const run = (target: Insight, values: Record<string, string>): void => {
    setMessage(undefined);
    setDrafts((d) => ({ ...d, [target.id]: values }));
    void query.runInsight(target, values).then(show);
  };
  const runStatement = (text: string): void => {
    setMessage(undefined);
    void query.runSql(text).then(show);
  };
  const focusParam = (index: number): void => {
    const next = Math.max(0, Math.min(insight.params.length - 1, index));
    setParamFocus(next);
    setParamField(textState(draft[insight.params[next]?.name ?? ''] ?? ''));
  };

  const actions = {
    select: (step: 1 | -1) => setSelected((s) => (s + INSIGHTS.length + step) % INSIGHTS.length),
    show: (next: Pane) => setPane(next),
    run: () => run(insight, draft),
    openParams() {
      if (insight.params.length === 0) return setMessage({ ok: false, text: `${insight.title} has no parameters: enter runs it.` });
      setDrafts((d) => ({ ...d, [insight.id]: draft }));
      focusParam(0);
      setPane('params');
    },
    focusParam: (step: 1 | -1) => focusParam(paramFocus + step),
    editParam(input: string, key: Key) {
      const edited = editText(paramField, input, key);
      const name = insight.params[paramFocus]?.name;
      if (!edited || !name) return;
      setParamField(edited);
      setDrafts((d) => ({ ...d, [insight.id]: { ...draft, [name]: edited.value } }));
    },
    editSql: (input: string, key: Key) => setSqlField(editText(sqlField, input, key) ?? sqlField),
    submitSql() {
      if (sqlField.value.trim() === '') return;
      if (!sqlKind(sqlField.value).changesData) return runStatement(sqlField.value);
      setConfirmYes(false);
      setPane('confirm-sql');
    },
    confirmSql: (yes: boolean) => setConfirmYes(yes),
    runSql: () => runStatement(sqlField.value),
    scroll: (n: number) => setOffset((o) => Math.min(Math.max(0, lines - visible), Math.max(0, o + n))),
    scrollTo: (end: boolean) => setOffset(end ? Math.max(0, lines - visible) : 0),
    toggleChart() {
      setOffset(0);
      setChart((c) => chartable && !c);
      if (!chartable) setMessage({ ok: false, text: 'No chart for this result: it has no label and value to draw.' });
    },
    startExport() {
      if (!result) return;
      if (!result.exportable) return setMessage({ ok: false, text: 'Nothing to export: export works for insights and SELECT statements.' });
      setExportField(textState(`./${result.insight?.id ?? 'query'}.csv`));
      setPane('export');
    },
    editExport: (input: string, key: Key) => setExportField(editText(exportField, input, key) ?? exportField),
    writeExport() {
      const path = exportField.value;
      setPane('result');
      setMessage({ ok: true, text: `Exporting to ${path}…` });
      void query.exportCsv(path).then((r) =>
        setMessage('rows' in r ? { ok: true, text: `✓ Wrote ${rowsText(r.rows)} to ${r.path}` } : { ok: false, text: `✗ ${r.title}: ${r.message}` }),
      );
    },
    openHistory() {
      setHistory(store.history());
      setHistoryChoice(0);
      setPane('history');
    },
    chooseHistory: (step: 1 | -1) => setHistoryChoice((c) => Math.max(0, Math.min(history.length - 1, c + step))),
    rerun() {
      const entry = history[historyChoice];
      if (!entry) return;
      if (entry.kind === 'sql') {
        setSqlField(textState(entry.text));
        return runStatement(entry.text);
      }
      const index = INSIGHTS.findIndex((i) => i.id === entry.text);
      if (index < 0) return;
      setSelected(index);
      run(INSIGHTS[index]!, paramDraft(INSIGHTS[index]!, entry.params));
    },
  };

  const prompt: PromptState =
    pane === 'sql'
      ? { kind: 'sql', field: sqlField }
      : pane === 'confirm-sql'
        ? { kind: 'confirm-sql', field: sqlField, yes: confirmYes }
        : pane === 'export'
          ? { kind: 'export', field: exportField }
          : message
            ? { kind: 'message', ...message }
            : { kind: 'none' };

  return {
    query,
    pane,
    selected,
    insight,
    draft,
    drafts,
    paramFocus,
    paramField,
    offset,
    chart,
    chartable,
    confirmYes,
    history,
    historyChoice,
    prompt,
    layout: { leftWidth, rightWidth, bodyLines, visible, lines },
    actions,
  };
}
