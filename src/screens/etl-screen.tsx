import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { useEffect, useMemo, useState } from 'react';
import { confirmKey, ConfirmPrompt } from '../components/confirm-prompt.js';
import { EtlSummary } from '../components/etl-summary.js';
import type { KeyHint } from '../components/key-footer.js';
import { ScreenFrame } from '../components/screen-frame.js';
import { StepRow } from '../components/step-row.js';
import { etlSteps } from '../etl/steps.js';
import { shortPath } from '../tui/format.js';
import { useAppContext } from '../tui/navigation.js';
import { useTheme } from '../tui/theme.js';
import { useEtl } from '../tui/use-etl.js';
import { useScreenKeys } from '../tui/use-screen-keys.js';
import { useTerminalSize } from '../tui/use-terminal-size.js';

const ABOUT =
  'The ETL loads the song and event JSON into the staging tables, builds the star schema from them and ' +
  'checks it. The star tables are built and checked in one transaction: a failed or cancelled run leaves them as ' +
  'the last run published them. Ctrl+C cancels the running step, then asks whether to quit.';

export function EtlScreen() {
  const app = useAppContext();
  const { workspace } = app;
  const theme = useTheme();
  const { columns } = useTerminalSize();
  const run = useEtl(workspace);
  const [askQuit, setAskQuit] = useState(false);
  const [quitYes, setQuitYes] = useState(false);
  const { state } = run;
  const started = state.steps.length > 0;
  const plan = useMemo(() => etlSteps().filter((s) => s.id !== 'connect'), []);

  const start = (): void => {
    setAskQuit(false);
    run.runEtl();
  };

  useScreenKeys(
    (input, key) => {
      if (askQuit && !run.running) {
        const action = confirmKey(input, key, quitYes);
        if (action === 'yes') app.quit();
        else if (action === 'no' || key.escape) setAskQuit(false);
        else if (action) setQuitYes(action.select);
        return true;
      }
      // Leaving mid-run would orphan the step: while it runs only Ctrl+C (cancel) and ? work.
      if (run.running) return input !== '?';
      if (!started && key.return) start();
      else if (state.finished && input === 'r') start();
      else if (state.finished && state.ok && key.return) app.go('query');
      else return false;
      return true;
    },
    {
      onInterrupt: () => {
        if (!run.running) {
          app.quit();
          return;
        }
        run.cancel();
        setQuitYes(false);
        setAskQuit(true);
      },
    },
  );

  // Finished steps are printed above the live region (in order, once each); the rest stay live below.
  const { print } = app;
  const finished = state.steps.filter((s) => s.status === 'done' || s.status === 'failed' || s.status === 'skipped');
  const live = state.steps.filter((s) => s.status === 'running' || s.status === 'waiting');
  // Steps finish in order, so their count says when there is something new to print: progress renders
  // (several a second during a load) leave the printed lines alone.
  const printedCount = finished.length;
  useEffect(() => {
    if (!started) return;
    print({ id: `etl-${run.runId}`, node: <Text bold color={theme.accent} wrap="truncate-end">{`Sparkify DWH › ETL  ${workspace.target}`}</Text> });
    for (const step of finished) print({ id: `etl-${run.runId}-${step.id}`, node: <StepRow step={step} width={columns} /> });
    // `finished` is left out on purpose: a new array on every render, its contents change with printedCount.
  }, [started, printedCount, print, run.runId, theme.accent, workspace.target, columns]);
  const running = state.steps.find((s) => s.status === 'running');
  const phase: Phase = askQuit && !run.running ? 'ask-quit' : run.running ? 'running' : !started ? 'ready' : state.ok ? 'done' : 'failed';
  const keys = ETL_KEYS[phase];

  return (
    <ScreenFrame title="ETL" subtitle={workspace.target} keys={keys} about={ABOUT} header={!started} backHint={run.running || askQuit ? null : undefined}>
      {!started ? (
        <Box flexDirection="column">
          <Text wrap="truncate-end">{`Reads ${shortPath(workspace.config.s3.songData)} and ${shortPath(workspace.config.s3.logData)},`}</Text>
          <Text>replaces the contents of the tables with it. The steps:</Text>
          {plan.map((s) => (
            <StepRow key={s.id} step={{ id: s.id, title: s.title, status: 'waiting', rows: 0, rejected: 0, seconds: 0 }} width={columns} />
          ))}
        </Box>
      ) : (
        live.map((step) => <StepRow key={step.id} step={step} width={columns} />)
      )}
      {run.cancelling && running ? (
        <Text color={theme.warn}>
          <Spinner type="dots" /> Cancelling: waiting for “{running.title}” to stop (all or nothing)…
        </Text>
      ) : null}
      {state.finished ? <EtlSummary state={state} width={columns} /> : null}
      {askQuit && !run.running ? <ConfirmPrompt question="Quit Sparkify?" yesLabel="Quit" yes={quitYes} /> : null}
    </ScreenFrame>
  );
}

type Phase = 'ready' | 'running' | 'done' | 'failed' | 'ask-quit';

/** The footer in each phase of the screen. */
const ETL_KEYS: Record<Phase, KeyHint[]> = {
  ready: [{ keys: 'enter', label: 'start', help: 'run every step below' }],
  running: [{ keys: 'ctrl+c', label: 'cancel the step', help: 'cancel the running step (all or nothing: rolled back or completed), then choose whether to quit' }],
  done: [
    { keys: 'enter', label: 'query', help: 'go to the query screen' },
    { keys: 'r', label: 'run again', help: 'run the ETL again (it gives the same tables)' },
  ],
  failed: [{ keys: 'r', label: 'run again' }],
  'ask-quit': [
    { keys: 'y', label: 'quit', help: 'quit Sparkify' },
    { keys: 'n', label: 'stay', help: 'stay on this screen (r runs the ETL again)' },
  ],
};
