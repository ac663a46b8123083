import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { useMemo } from 'react';
import { AtTerminalWidth } from '../components/at-terminal-width.js';
import { ConfirmPrompt } from '../components/confirm-prompt.js';
import { EtlSummary } from '../components/etl-summary.js';
import { RunProgress } from '../components/run-progress.js';
import { ScreenFrame } from '../components/screen-frame.js';
import { StepRow } from '../components/step-row.js';
import type { StepState } from '../etl/pipeline-state.js';
import { etlSteps } from '../etl/steps.js';
import { shortPath } from '../tui/format.js';
import { footerKeys, helpKeys, keyAction } from '../tui/key-table.js';
import { useAppContext } from '../tui/navigation.js';
import { usePrintInOrder, usePrintScope, type PrintedLine } from '../tui/printed-lines.js';
import { useTheme } from '../tui/theme.js';
import { useEtl } from '../tui/use-etl.js';
import { useKeyTable, useScreenState } from '../tui/use-screen-state.js';
import { useTerminalSize } from '../tui/use-terminal-size.js';
import { busy, ETL_KEYS, etlReducer, etlStateFor, type EtlAction, type EtlEffect, type EtlState } from './etl-state.js';
import { describeError } from '../errors.js';
import { CTRL_C } from './interrupt-key.js';

const ABOUT =
  'The ETL loads the song and event JSON into the staging tables, builds the star schema from them and ' +
  'checks it. The star tables are built and checked in one transaction: a failed or cancelled run leaves them as ' +
  'the last run published them. Ctrl+C cancels the running step, then asks whether to quit.';

export function EtlScreen() {
  const app = useAppContext();
  const { workspace } = app;
  const theme = useTheme();
  const { columns, rows } = useTerminalSize();
  const etl = useEtl(workspace);
  const run = (effect: EtlEffect, dispatch: (action: EtlAction) => void): void => {
    if (effect.type === 'start') void etl.start(effect.run, (n, event) => dispatch({ type: 'pipeline', run: n, event }), effect.mode);
    else if (effect.type === 'cancel') etl.cancel(effect.run);
    else if (effect.type === 'survey') {
      workspace.surveyInputs().then(
        (s) => dispatch({ type: 'surveyed', ask: effect.ask, news: { newLogs: s.newEvents.length, newSongs: s.newSongs.length, lastRun: s.lastRun, fullBecause: s.fullBecause, problems: s.problems } }),
        (error: unknown) => dispatch({ type: 'surveyed', ask: effect.ask, message: describeError(error).message }),
      );
    }
    else if (effect.type === 'go-query') app.go('query');
    else app.quit();
  };
  const [state, dispatch] = useScreenState(etlReducer, () => etlStateFor(workspace.config.etlMode), run);
  const onInterrupt = (): void => {
    const action = keyAction(ETL_KEYS, state, CTRL_C.input, CTRL_C.key);
    if (action) dispatch(action);
  };
  // Leaving mid-run would orphan the step: while it runs only Ctrl+C (cancel) and ? work.
  useKeyTable(ETL_KEYS, state, dispatch, { onInterrupt, onBack: busy(state) ? () => undefined : undefined });
  const plan = useMemo(() => etlSteps().filter((s) => s.id !== 'connect'), []);

  // Each run prints its header once, then its finished steps in order; what is not printed yet stays live.
  const scope = usePrintScope();
  const { steps } = state.pipeline;
  const finished = steps.filter((s) => s.status === 'done' || s.status === 'failed' || s.status === 'skipped');
  const lines: PrintedLine[] =
    state.run === 0
      ? []
      : [
          {
            id: `${scope}-${state.run}`,
            node: (
              <AtTerminalWidth>
                {(width) => (
                  <Box width={width}>
                    <Text bold color={theme.accent} wrap="truncate-end">{`Sparkify DWH › ETL  ${workspace.target}`}</Text>
                  </Box>
                )}
              </AtTerminalWidth>
            ),
          },
          ...finished.map((step) => ({
            id: `${scope}-${state.run}-${step.id}`,
            node: <AtTerminalWidth>{(width) => <StepRow step={step} width={width} />}</AtTerminalWidth>,
          })),
        ];
  const printed = Math.max(0, usePrintInOrder(app.print, lines) - 1);
  const live = steps.filter((s) => !finished.includes(s) || finished.indexOf(s) >= printed);
  const running = steps.find((s) => s.status === 'running');
  const keys = footerKeys(ETL_KEYS, state);

  return (
    <ScreenFrame title="ETL" subtitle={workspace.target} keys={keys} help={helpKeys(ETL_KEYS, state)} about={ABOUT} header={state.run === 0} backHint={busy(state) ? null : undefined}>
      {state.phase === 'ready' ? (
        <Box flexDirection="column">
          <Text wrap="truncate-end">{`Reads ${shortPath(workspace.config.s3.songData)} and ${shortPath(workspace.config.s3.logData)},`}</Text>
          <Text wrap="truncate-end">
            {state.mode === 'full' ? 'replaces the contents of the tables with it (a full load). The steps:' : 'merges only the files no run has loaded (incremental). The steps:'}
          </Text>
          <NewsLine state={state} />
          {plan.map((s) => (
            <StepRow key={s.id} step={{ id: s.id, title: s.title, status: 'waiting', rows: 0, rejected: 0, seconds: 0 }} />
          ))}
        </Box>
      ) : (
        <Box flexDirection="column">
          <RunProgress state={state.pipeline} />
          {steps.length === 0 ? (
            <Text wrap="truncate-end">
              <Spinner type="dots" /> Starting…
            </Text>
          ) : null}
          {/* Shorter than the terminal: the progress line, the steps, the cancelling line and the footer. */}
          <LiveSteps steps={live} room={rows - 3 - (state.phase === 'cancelling' ? 1 : 0)} />
        </Box>
      )}
      {state.phase === 'cancelling' && running ? (
        <Text color={theme.warn} wrap="truncate-end">
          <Spinner type="dots" /> Cancelling: waiting for “{running.title}” to stop (all or nothing)…
        </Text>
      ) : null}
      {state.pipeline.finished ? <EtlSummary state={state.pipeline} width={columns} added={state.pipeline.ok && state.ranMode === 'incremental' ? addedLine(state) : undefined} /> : null}
      {state.phase === 'ask-quit' ? <ConfirmPrompt question="Quit Sparkify?" yesLabel="Quit" yes={state.quitYes} /> : null}
    </ScreenFrame>
  );
}

/** What is new in the inputs since the last run, in one line (what an incremental run would load). */
function NewsLine({ state }: { state: EtlState }) {
  const theme = useTheme();
  const survey = state.survey;
  if (!survey) return null;
  if (survey.status === 'looking') return <Text dimColor wrap="truncate-end">Looking for new input files…</Text>;
  if (survey.status === 'unknown') return <Text dimColor wrap="truncate-end">{`New files not known: ${survey.message}`}</Text>;
  const news = survey.news;
  if (news.problems.length > 0) {
    return <Text color={theme.warn} wrap="truncate-end">{`${news.problems.length} loaded file(s) changed or are gone (${news.problems[0]}): an incremental run stops; a full load reloads them`}</Text>;
  }
  if (news.fullBecause) return <Text dimColor wrap="truncate-end">{`Incremental: ${news.fullBecause}`}</Text>;
  return <Text wrap="truncate-end">{`New since run #${news.lastRun}: ${news.newLogs} log file(s), ${news.newSongs} song file(s)${news.newLogs + news.newSongs === 0 ? ' (an incremental run changes nothing)' : ''}`}</Text>;
}

/** What an incremental run added to each table: the rows each merge inserted. */
function addedLine(state: EtlState): string {
  const rows = (id: string): number => state.pipeline.steps.find((s) => s.id === id)?.rows ?? 0;
  return `Added: ${rows('load-songplays')} plays, ${rows('load-users')} users new or updated, ${rows('load-songs')} songs, ${rows('load-artists')} artists, ${rows('load-time')} start times`;
}

/**
 * The steps not printed yet, in at most `room` lines: the running step (and its facts line) first, then as many
 * waiting steps as fit and how many more there are, so the live region stays shorter than the terminal.
 */
function LiveSteps({ steps, room }: { steps: StepState[]; room: number }) {
  const rowsOf = (s: StepState): number => (s.status === 'running' ? 2 : 1);
  const shown: StepState[] = [];
  let used = 0;
  for (const [i, step] of steps.entries()) {
    const rest = steps.length - i;
    // The last line goes to "… N more" unless this step is the last one.
    if (used + rowsOf(step) > room - (rest > 1 ? 1 : 0) && step.status === 'waiting') break;
    shown.push(step);
    used += rowsOf(step);
  }
  const more = steps.length - shown.length;
  return (
    <Box flexDirection="column">
      {shown.map((step) => (
        <StepRow key={step.id} step={step} />
      ))}
      {more > 0 ? <Text dimColor wrap="truncate-end">{`  … ${more} more step${more === 1 ? '' : 's'} waiting`}</Text> : null}
    </Box>
  );
}
