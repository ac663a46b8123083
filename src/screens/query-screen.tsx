import { Box, Text } from 'ink';
import { confirmKey } from '../components/confirm-prompt.js';
import { ErrorBox } from '../components/error-box.js';
import { HistoryList } from '../components/history-list.js';
import { InsightList } from '../components/insight-list.js';
import { ParamForm, paramDraft, paramSummary } from '../components/param-form.js';
import { QueryHeading } from '../components/query-heading.js';
import { QueryPrompt } from '../components/query-prompt.js';
import { QueryResult } from '../components/query-result.js';
import { ScreenFrame } from '../components/screen-frame.js';
import { INSIGHTS } from '../queries/insights.js';
import { useAppContext } from '../tui/navigation.js';
import { useScreenKeys } from '../tui/use-screen-keys.js';
import { queryKeys, typingPane } from './query-keys.js';
import { useQueryScreen } from './use-query-screen.js';

const ABOUT =
  'Query runs the saved insights (the business questions, on the left) and any SQL you type. Results show ' +
  'as a table that fits the terminal (tab moves to it to scroll); c draws a bar chart where it helps; e ' +
  'exports the whole result to CSV. Past queries are kept in the history (h).';

export function QueryScreen() {
  const { workspace } = useAppContext();
  const s = useQueryScreen();
  const { pane, insight, query, actions: a, layout } = s;
  const { result } = query;

  useScreenKeys(
    (input, key) => {
      if (query.running) return input !== '?';
      const up = key.upArrow || input === 'k';
      const down = key.downArrow || input === 'j';
      switch (pane) {
        case 'list':
          if (up || down) a.select(up ? -1 : 1);
          else if (key.return) a.run();
          else if (input === 'p') a.openParams();
          else if ((key.tab || key.rightArrow) && result) a.show('result');
          else if (input === 'e' && result) a.startExport();
          else if (input === 'c' && result) a.toggleChart();
          else if (input === 's') a.show('sql');
          else if (input === 'h') a.openHistory();
          else return false;
          return true;
        case 'result':
          if (up || down) a.scroll(up ? -1 : 1);
          else if (key.pageUp || key.pageDown || input === ' ') a.scroll(key.pageUp ? -layout.visible : layout.visible);
          else if (key.home || key.end) a.scrollTo(key.end);
          else if (input === 'c') a.toggleChart();
          else if (input === 'e') a.startExport();
          else if (input === 's') a.show('sql');
          else if (key.tab || key.leftArrow || input === 'q' || key.escape) a.show('list');
          else return false;
          return true;
        case 'params':
          if (key.escape) a.show('list');
          else if (key.return) a.run();
          else if (key.upArrow || key.downArrow || key.tab) a.focusParam(key.upArrow || (key.tab && key.shift) ? -1 : 1);
          else a.editParam(input, key);
          return true;
        case 'sql':
          if (key.escape) a.show('list');
          else if (key.return) a.submitSql();
          else a.editSql(input, key);
          return true;
        case 'export':
          if (key.escape) a.show('result');
          else if (key.return) a.writeExport();
          else a.editExport(input, key);
          return true;
        case 'confirm-sql': {
          const action = confirmKey(input, key, s.confirmYes);
          if (action === 'yes') a.runSql();
          else if (action === 'no' || key.escape) a.show('sql');
          else if (action) a.confirmSql(action.select);
          return true;
        }
        case 'history':
          if (up || down) a.chooseHistory(up ? -1 : 1);
          else if (key.return) a.rerun();
          else if (key.escape || input === 'q') a.show('list');
          else return false;
          return true;
      }
    },
    { typing: typingPane(pane) },
  );

  // In the list the heading follows the choice; elsewhere it names what is on show (an insight or SQL).
  const browsing = pane === 'list' || pane === 'params' || pane === 'history';
  const shown = result && (!browsing || result.insight === insight) ? result : undefined;
  const about = browsing || !result ? insight : result.insight;
  const { leftWidth, rightWidth, bodyLines } = layout;
  return (
    <ScreenFrame title="Query" subtitle={workspace.target} keys={queryKeys(pane, { hasResult: result !== undefined, chartable: s.chartable })} about={ABOUT} backHint={typingPane(pane) ? null : undefined}>
      <Box height={bodyLines}>
        <Box flexDirection="column" width={leftWidth}>
          <Text bold>Insights</Text>
          <InsightList insights={INSIGHTS} selected={s.selected} width={leftWidth} height={bodyLines - 1} focused={pane === 'list'} />
        </Box>
        <Box flexDirection="column" width={rightWidth + 2} overflow="hidden" borderStyle="single" borderTop={false} borderBottom={false} borderRight={false} paddingLeft={1}>
          <QueryHeading
            title={about ? about.title : 'SQL'}
            text={about ? about.question : (result?.sql ?? '')}
            params={about && about.params.length > 0 ? paramSummary(s.drafts[about.id] ?? paramDraft(about, undefined)) : ''}
            width={rightWidth}
          />
          {pane === 'params' ? <ParamForm insight={insight} values={s.draft} focus={s.paramFocus} field={s.paramField} width={rightWidth} /> : null}
          {pane === 'params' && query.error ? <ErrorBox title={query.error.title} message={query.error.message} /> : null}
          {pane === 'history' ? <HistoryList entries={s.history} selected={s.historyChoice} width={rightWidth} height={bodyLines - 5} /> : null}
          {browsing && pane !== 'list' ? null : (
            <QueryResult result={shown} running={query.running} error={query.error} chart={s.chart} offset={s.offset} visible={layout.visible} lines={layout.lines} width={rightWidth} />
          )}
          <QueryPrompt prompt={s.prompt} />
        </Box>
      </Box>
    </ScreenFrame>
  );
}
