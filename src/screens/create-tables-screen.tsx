import { Box, Text } from 'ink';
import { useState } from 'react';
import { confirmKey, ConfirmPrompt } from '../components/confirm-prompt.js';
import { ErrorBox } from '../components/error-box.js';
import type { KeyHint } from '../components/key-footer.js';
import { ScreenFrame } from '../components/screen-frame.js';
import { StepRow } from '../components/step-row.js';
import { createTablesSteps } from '../etl/steps.js';
import { ALL_TABLES } from '../sql/tables.js';
import { clip, formatInt } from '../tui/format.js';
import { useAppContext } from '../tui/navigation.js';
import { useTheme } from '../tui/theme.js';
import { useCounts } from '../tui/use-counts.js';
import { usePipeline } from '../tui/use-pipeline.js';
import { useScreenKeys } from '../tui/use-screen-keys.js';
import { useTerminalSize } from '../tui/use-terminal-size.js';

const ABOUT =
  'Create tables drops the staging and star-schema tables and creates them empty, in one transaction: ' +
  'either all of them are recreated or nothing changes. Their rows are lost, so it asks first (the default ' +
  'answer is No). The ETL creates missing tables by itself; use this to start from scratch.';

export function CreateTablesScreen() {
  const app = useAppContext();
  const { workspace } = app;
  const theme = useTheme();
  const { columns } = useTerminalSize();
  const { counts, error: countError, refresh } = useCounts(workspace);
  const run = usePipeline(workspace);
  const [yes, setYes] = useState(false);
  const { state } = run;
  const started = state.steps.length > 0;
  const done = state.finished && state.ok;
  // The counts shown next to the tables are read again afterwards, whether it worked or not.
  const recreate = (): void => void run.start(createTablesSteps(), { run: { command: 'create-tables' } }).then(refresh, refresh);

  useScreenKeys((input, key) => {
    if (run.running) return true;
    if (done && key.return) {
      app.go('etl');
      return true;
    }
    if (started && !state.ok && input === 'r') {
      setYes(false);
      recreate();
      return true;
    }
    if (started) return false;
    const action = confirmKey(input, key, yes);
    if (action === 'yes') recreate();
    else if (action === 'no') app.back();
    else if (action) setYes(action.select);
    else return false;
    return true;
  });

  const keys: KeyHint[] = done
    ? [{ keys: 'enter', label: 'run the ETL', help: 'go to the ETL screen' }]
    : started && state.finished
      ? [{ keys: 'r', label: 'try again' }]
      : started
        ? []
        : [
            { keys: 'y', label: 'drop and create', help: 'y, or → then enter: drop and create every table' },
            { keys: 'n', label: 'cancel', help: 'n, or enter on No: change nothing and go back' },
          ];
  const lost = counts ? Object.values(counts).reduce<number>((a, n) => a + (n ?? 0), 0) : 0;
  const failed = state.steps.find((s) => s.status === 'failed');
  return (
    <ScreenFrame title="Create tables" subtitle={workspace.target} keys={keys} about={ABOUT}>
      <Text>These tables are dropped, then created empty:</Text>
      {ALL_TABLES.map((t) => {
        const n = counts?.[t.name];
        const now = n === undefined ? '' : n === null ? 'new' : `${formatInt(n)} rows`;
        return (
          <Text key={t.name} wrap="truncate-end">
            {'  '}
            {t.name.padEnd(16)}
            {t.kind.padEnd(10)}
            <Text color={n ? theme.warn : undefined}>{now.padStart(14)}</Text>
            <Text dimColor>{`  ${clip(t.grain, Math.max(0, columns - 46))}`}</Text>
          </Text>
        );
      })}
      {countError && !started ? (
        <Box marginTop={1}>
          <ErrorBox title={countError.title} message={countError.message} next="The rows could not be counted: how many would be lost is not known." />
        </Box>
      ) : null}
      <Box marginTop={1} flexDirection="column">
        {!started ? (
          <ConfirmPrompt
            question={`Drop and create all ${ALL_TABLES.length} tables?${lost > 0 ? ` ${formatInt(lost)} rows will be lost.` : ''}`}
            yesLabel="Drop and create"
            yes={yes}
          />
        ) : (
          state.steps.map((step) => <StepRow key={step.id} step={step} width={columns} />)
        )}
        {failed?.error ? <ErrorBox title={failed.error.title} message={failed.error.message} next="Nothing was changed (the transaction was rolled back). Press r to try again." /> : null}
        {done ? (
          <Text color={theme.ok}>{`✓ ${ALL_TABLES.length} tables created, empty. Next: enter runs the ETL to fill them.`}</Text>
        ) : null}
      </Box>
    </ScreenFrame>
  );
}
