import { Box, Text } from 'ink';
import { useEffect, useMemo } from 'react';
import { ErrorBox } from '../components/error-box.js';
import { HistoryList } from '../components/history-list.js';
import { InsightList } from '../components/insight-list.js';
import { ParamForm } from '../components/param-form.js';
import { QueryHeading } from '../components/query-heading.js';
import { QueryPrompt, type PromptState } from '../components/query-prompt.js';
import { QueryResult } from '../components/query-result.js';
import { chartLines } from '../components/result-chart.js';
import { ScreenFrame } from '../components/screen-frame.js';
import { INSIGHTS } from '../queries/insights.js';
import { allInsights, saveUserQuery } from '../queries/user-queries.js';
import { paramDraft, paramSummary } from '../queries/params.js';
import { footerKeys, helpKeys } from '../tui/key-table.js';
import { useAppContext } from '../tui/navigation.js';
import { problemOf, queryWork } from '../tui/use-query.js';
import { useKeyTable, useScreenState } from '../tui/use-screen-state.js';
import { useTerminalSize } from '../tui/use-terminal-size.js';
import { QUERY_KEYS, typingPane } from './query-keys.js';
import { chosenInsight, draftOf, initialQueryState, reduceQuery, type QueryAction, type QueryEffect, type QueryState } from './query-state.js';

const ABOUT =
  'Query runs the saved insights (the business questions, on the left) and any SQL you type. Results show ' +
  'as a table sized to its values (tab moves to it: ↑↓ rows, ←→ columns, v one row as a record); c draws a ' +
  'bar chart where it helps; e exports the whole result to CSV. Esc cancels a running query. Past queries are ' +
  'kept in the history (h).';

/** Lines of the right pane that are not result rows: title, question (2), parameters, status, table header (2), prompt (2). */
const CHROME_LINES = 9;

/** The screen's first state: the built-in insights and the user's saved queries (a bad file is said, not fatal). */
function withSavedQueries(dir: string): QueryState {
  try {
    return initialQueryState(allInsights(dir));
  } catch (error) {
    const { title, message } = problemOf(error);
    return { ...initialQueryState(INSIGHTS), message: { ok: false, text: `${title}: ${message} (your saved queries are not listed)` } };
  }
}

export function QueryScreen() {
  const app = useAppContext();
  const { workspace, store } = app;
  const { columns, rows } = useTerminalSize();
  const work = useMemo(() => queryWork(workspace, store), [workspace, store]);
  const [s, dispatch] = useScreenState<QueryState, QueryAction, QueryEffect>(reduceQuery, () => withSavedQueries(workspace.config.queriesDir), (effect, send) => {
    switch (effect.kind) {
      case 'run-insight':
        work.runInsight(effect.insight, effect.raw).then(
          (result) => send({ type: 'done', tag: effect.tag, result }),
          (error) => send({ type: 'failed', tag: effect.tag, problem: problemOf(error) }),
        );
        return;
      case 'run-sql':
        work.runSql(effect.sql).then(
          (result) => send({ type: 'done', tag: effect.tag, result }),
          (error) => send({ type: 'failed', tag: effect.tag, problem: problemOf(error) }),
        );
        return;
      case 'export':
        void work.exportCsv(effect.sql, effect.params, effect.path).then((outcome) => send({ type: 'exported', tag: effect.tag, outcome }));
        return;
      case 'save-query': {
        const dir = workspace.config.queriesDir;
        try {
          const file = saveUserQuery(dir, effect.id, effect.title, effect.sql);
          send({ type: 'saved', tag: effect.tag, outcome: { file, insights: allInsights(dir) } });
        } catch (error) {
          send({ type: 'saved', tag: effect.tag, outcome: problemOf(error) });
        }
        return;
      }
      case 'cancel':
        void work.cancel().catch(() => undefined);
        return;
      case 'load-history':
        send({ type: 'history', entries: work.history() });
        return;
      case 'quit':
        // The server must not go on running what the user left: cancel, then quit.
        void (effect.cancelFirst ? work.cancel().catch(() => undefined) : Promise.resolve()).then(() => app.quit());
        return;
    }
  });
  useKeyTable(QUERY_KEYS, s, dispatch, { typing: typingPane(s.pane) && !s.running, onInterrupt: () => dispatch({ type: 'interrupt' }) });

  const { pane, result } = s;
  const insight = chosenInsight(s);
  // While the result has the keys, the list gives the table room (it keeps its place, titles cut).
  const resultFocus = pane === 'result' || pane === 'export' || pane === 'save' || pane === 'sql' || pane === 'confirm-sql';
  const leftWidth = resultFocus ? Math.max(16, Math.min(32, Math.floor(columns * 0.2))) : Math.max(26, Math.min(32, Math.floor(columns * 0.3)));
  const rightWidth = Math.max(20, columns - leftWidth - 3);
  const bodyLines = Math.max(6, rows - 3);
  const visible = Math.max(1, bodyLines - CHROME_LINES - (pane === 'confirm-sql' ? 1 : 0));
  const drawn = s.chart ? result?.insight?.chart : undefined;
  const chartLength = useMemo(() => (result && drawn ? chartLines(result.rows, drawn, rightWidth).length : 0), [result, drawn, rightWidth]);
  useEffect(() => dispatch({ type: 'layout', visible, chartLines: chartLength }), [dispatch, visible, chartLength]);

  // In the list the heading follows the choice; elsewhere it names what ran last (an insight or SQL).
  const browsing = pane === 'list' || pane === 'params' || pane === 'history';
  const shown = result && (!browsing || result.insight === insight) ? result : undefined;
  const about = browsing || !s.last ? insight : s.last.insight;
  const prompt: PromptState =
    pane === 'sql'
      ? { kind: 'sql', field: s.sqlField }
      : pane === 'confirm-sql' && s.confirm
        ? { kind: 'confirm-sql', field: s.sqlField, yes: s.confirm.yes }
        : pane === 'export'
          ? { kind: 'export', field: s.exportField }
          : pane === 'save'
            ? { kind: 'save', step: s.save.step, field: s.save.field }
          : s.message
            ? { kind: 'message', ...s.message }
            : { kind: 'none' };
  return (
    <ScreenFrame
      title="Query"
      subtitle={workspace.target}
      keys={footerKeys(QUERY_KEYS, s)}
      help={helpKeys(QUERY_KEYS, s)}
      about={ABOUT}
      backHint={typingPane(pane) || s.running || pane !== 'list' ? null : undefined}
    >
      <Box height={bodyLines}>
        <Box flexDirection="column" width={leftWidth}>
          <Text bold>Insights</Text>
          <InsightList insights={s.insights} selected={s.selected} width={leftWidth} height={bodyLines - 1} focused={pane === 'list'} />
        </Box>
        <Box flexDirection="column" width={rightWidth + 2} overflow="hidden" borderStyle="single" borderTop={false} borderBottom={false} borderRight={false} paddingLeft={1}>
          <QueryHeading
            title={about ? about.title : 'SQL'}
            text={about ? about.question : (s.last?.sql ?? '')}
            params={about && about.params.length > 0 ? paramSummary(s.drafts[about.id] ?? paramDraft(about, undefined)) : ''}
            width={rightWidth}
          />
          {pane === 'params' ? <ParamForm insight={insight} values={draftOf(s, insight)} focus={s.paramFocus} field={s.paramField} width={rightWidth} /> : null}
          {pane === 'params' && s.paramError ? <ErrorBox title={s.paramError.title} message={s.paramError.message} /> : null}
          {pane === 'history' ? <HistoryList entries={s.history} selected={s.historyChoice} width={rightWidth} height={bodyLines - 5} /> : null}
          {browsing && pane !== 'list' ? null : (
            <QueryResult
              result={shown}
              running={s.running !== undefined}
              cancelling={s.running?.cancelling}
              error={browsing && !shown ? undefined : s.error}
              chart={s.chart}
              offset={s.view.top}
              view={s.view}
              visible={visible}
              lines={drawn ? chartLength : (result?.rows.length ?? 0)}
              width={rightWidth}
            />
          )}
          <QueryPrompt prompt={prompt} />
        </Box>
      </Box>
    </ScreenFrame>
  );
}
