import { Box, Text } from 'ink';
import { ConfirmPrompt } from '../components/confirm-prompt.js';
import { ErrorBox } from '../components/error-box.js';
import { ScreenFrame } from '../components/screen-frame.js';
import { StepRow } from '../components/step-row.js';
import { ALL_TABLES } from '../sql/tables.js';
import { clip, formatInt } from '../tui/format.js';
import { useAppContext } from '../tui/navigation.js';
import { useTheme } from '../tui/theme.js';
import { useCounts } from '../tui/use-counts.js';
import { footerKeys, helpKeys } from '../tui/key-table.js';
import { useCreateTables } from '../tui/use-etl.js';
import { useKeyTable, useScreenState } from '../tui/use-screen-state.js';
import { useTerminalSize } from '../tui/use-terminal-size.js';
import { CREATE_TABLES_KEYS, createTablesReducer, initialCreateTablesState, type CreateTablesAction, type CreateTablesEffect } from './create-tables-state.js';

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
  const tables = useCreateTables(workspace);
  const run = (effect: CreateTablesEffect, dispatch: (action: CreateTablesAction) => void): void => {
    if (effect.type === 'start') void tables.start(effect.run, (n, event) => dispatch({ type: 'pipeline', run: n, event }));
    else if (effect.type === 'count') refresh();
    else if (effect.type === 'back') app.back();
    else app.go('etl');
  };
  const [s, dispatch] = useScreenState(createTablesReducer, () => initialCreateTablesState, run);
  // While the tables are dropped and created, q does not leave: the run ends on its own within seconds.
  useKeyTable(CREATE_TABLES_KEYS, s, dispatch, { onBack: s.phase === 'running' ? () => undefined : undefined });
  const state = s.pipeline;
  const started = s.phase !== 'confirm';
  const done = s.phase === 'done';
  const keys = footerKeys(CREATE_TABLES_KEYS, s);
  const lost = counts ? Object.values(counts).reduce<number>((a, n) => a + (n ?? 0), 0) : 0;
  const failed = state.steps.find((step) => step.status === 'failed');
  return (
    <ScreenFrame title="Create tables" subtitle={workspace.target} keys={keys} help={helpKeys(CREATE_TABLES_KEYS, s)} about={ABOUT} backHint={s.phase === 'running' ? null : undefined}>
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
            yes={s.yes}
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
