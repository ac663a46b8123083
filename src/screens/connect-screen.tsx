import { Box, Text } from 'ink';
import { useEffect } from 'react';
import { ErrorBox } from '../components/error-box.js';
import { GenerateOffer } from '../components/generate-offer.js';
import { InputStatusLines } from '../components/input-status.js';
import { ProfileList } from '../components/profile-list.js';
import { ScreenFrame } from '../components/screen-frame.js';
import { SelectList } from '../components/select-list.js';
import { StepRow } from '../components/step-row.js';
import { TextField } from '../components/text-field.js';
import { TableCounts } from '../components/table-counts.js';
import { sampleTarget, SAMPLE_SIZES } from '../tui/inputs.js';
import type { LastRunView } from '../etl/run-status.js';
import { formatSeconds, localTime, shortPath } from '../tui/format.js';
import { useAppContext } from '../tui/navigation.js';
import type { TextState } from '../tui/text-edit.js';
import { useTheme } from '../tui/theme.js';
import { connectSteps } from '../tui/connect-steps.js';
import { footerKeys, helpKeys } from '../tui/key-table.js';
import { usePipelineRunner } from '../tui/pipeline-runner.js';
import { useGenerate } from '../tui/use-generate.js';
import { useInputs } from '../tui/use-inputs.js';
import { useProfiles } from '../tui/use-profiles.js';
import { useKeyTable, useScreenState } from '../tui/use-screen-state.js';
import { useTerminalSize } from '../tui/use-terminal-size.js';
import { backHint, clusterMenuState } from './connect-menu.js';
import { CONNECT_KEYS, connectMenu, connectReducer, initialConnectState, isTyping, type ConnectAction, type ConnectEffect } from './connect-state.js';

const ABOUT =
  'Connect shows where the warehouse is (from dwh.cfg, or a saved profile), opens it and counts the rows of ' +
  'every table. From here: create the tables, run the ETL, query the results. Without input data it offers ' +
  'to generate a sample dataset where dwh.cfg expects it. c opens the Cluster screen (the Redshift cluster of ' +
  'dwh.cfg [DWH]), also while connecting. r reads dwh.cfg again and reconnects; when the server asks for a ' +
  'password none is set for, it is asked here (masked, kept in memory until the app quits, never saved).';

export function ConnectScreen() {
  const app = useAppContext();
  const { workspace } = app;
  const theme = useTheme();
  const { columns, rows } = useTerminalSize();
  const cluster = clusterMenuState(workspace.config);
  // Below 25 rows (26 with the cluster in the menu) the blank lines between sections go, so the screen fits:
  // a live region as tall as the terminal makes ink clear the whole screen on every render.
  const gap = rows >= (cluster === 'none' ? 25 : 26) ? 1 : 0;
  const inputs = useInputs(workspace);
  const generation = useGenerate(workspace, inputs.recheck);
  const profiles = useProfiles();
  const runner = usePipelineRunner(workspace);
  const generating = generation.status === 'running';

  const run = (effect: ConnectEffect, dispatch: (action: ConnectAction) => void): void => {
    switch (effect.type) {
      case 'connect': {
        let lastRun: LastRunView | undefined;
        const steps = connectSteps(
          workspace,
          (counts) => dispatch({ type: 'counted', run: effect.run, counts, lastRun }),
          (view) => (lastRun = view),
          (problem) => dispatch({ type: 'login-failed', run: effect.run, problem }),
        );
        void runner.start(effect.run, steps, { connected: false }, (event) => dispatch({ type: 'pipeline', run: effect.run, event }));
        return;
      }
      case 'reload':
        void app.reload();
        return;
      case 'password':
        workspace.usePassword(effect.value);
        return;
      case 'go':
        app.go(effect.route);
        return;
      case 'generate': {
        const size = SAMPLE_SIZES.find((s) => s.id === effect.size);
        if (size) void generation.start(size);
        return;
      }
      case 'use-profile': {
        const profile = profiles.list[effect.index];
        if (profile) void profiles.use(profile);
        return;
      }
      case 'save-profile':
        profiles.save(effect.name);
        return;
      case 'delete-profile': {
        const profile = profiles.list[effect.index];
        if (profile && profile.name !== profiles.current) profiles.remove(profile.name);
        return;
      }
    }
  };
  const facts = { inputsReady: inputs.ready, generating, profiles: profiles.list.length, cluster };
  const [state, dispatch] = useScreenState(connectReducer, () => initialConnectState(facts), run);
  const changed = (Object.keys(facts) as (keyof typeof facts)[]).some((k) => facts[k] !== state.facts[k]);
  useEffect(() => {
    if (changed) dispatch({ type: 'facts', facts });
  });
  // What shows and what the keys mean follow the facts of this render (the reducer has them after the effect).
  const s = changed ? { ...state, facts } : state;
  useKeyTable(CONNECT_KEYS, s, dispatch, { typing: isTyping(s), onBack: s.mode === 'menu' ? app.quit : () => undefined });

  const { mode } = s;
  const items = connectMenu(s);
  const failed = s.pipeline.steps.find((step) => step.status === 'failed');
  const target = sampleTarget(workspace.config);
  const where = workspace.target.startsWith(`${workspace.config.engine} `) ? workspace.target : `${workspace.config.engine} · ${workspace.target}`;
  return (
    <ScreenFrame
      title="Connect"
      subtitle={where}
      keys={footerKeys(CONNECT_KEYS, s)}
      help={helpKeys(CONNECT_KEYS, s)}
      about={ABOUT}
      backHint={backHint(mode)}
    >
      <Text dimColor wrap="truncate-end">{`config ${shortPath(workspace.config.path)}${workspace.config.exists ? '' : ' (not found: defaults)'} · profile ${workspace.profile.name}`}</Text>
      {settingWarnings(workspace.config.warnings).map((line) => (
        <Text key={line} color={theme.warn} wrap="truncate-end">{`⚠ ${line}`}</Text>
      ))}
      {s.pipeline.steps.map((step) => (
        <StepRow key={step.id} step={step} width={columns} />
      ))}
      {failed?.error ? (
        <ErrorBox
          title={failed.error.title}
          message={failed.error.message}
          next={s.login ? 'Type the password (l), or fix it in dwh.cfg and press r.' : 'Check the [WAREHOUSE] and [CLUSTER] settings in dwh.cfg, then press r to read it again and reconnect.'}
        />
      ) : null}
      {s.counts ? (
        <Box flexDirection="column" marginTop={gap}>
          <Text bold>Tables</Text>
          <TableCounts counts={s.counts} width={columns} />
        </Box>
      ) : null}
      <Box flexDirection="column" marginTop={gap}>
        <Text bold>Input</Text>
        <InputStatusLines statuses={inputs.statuses} width={columns} />
        {generation.status === 'done' ? (
          <Text color={theme.ok} wrap="truncate-end">{`✓ generated ${generation.summary}${generation.redirected ? ` (this session reads ${shortPath(generation.out ?? '')})` : ''}`}</Text>
        ) : null}
        {s.lastRun?.lastRun ? <Text dimColor wrap="truncate-end">{lastRunText(s.lastRun)}</Text> : null}
      </Box>
      <Box flexDirection="column" marginTop={gap}>
        {mode === 'generate' || generating ? (
          <GenerateOffer generation={generation} out={target.out} selected={s.size} missing={!inputs.ready} />
        ) : mode === 'profiles' || mode === 'save-profile' ? (
          <>
            <ProfileList profiles={profiles.list} current={profiles.current} selected={s.profile} />
            {profiles.error ? <Text color={theme.bad}>{`✗ ${profiles.error.title}: ${profiles.error.message}`}</Text> : null}
            {mode === 'save-profile' ? (
              <Text>
                Save the current settings as: <TextField state={s.name} />
              </Text>
            ) : null}
          </>
        ) : mode === 'password' ? (
          <>
            <Text wrap="truncate-middle">{`Password for ${workspace.target.replace(`${workspace.config.engine} `, '')}`}</Text>
            <Text>
              {s.login === 'wrong' ? 'The last one was refused; try again: ' : 'Password (kept in memory until you quit): '}
              <TextField state={masked(s.password)} />
            </Text>
          </>
        ) : s.connecting ? null : (
          <>
            <Text bold>What next?</Text>
            <SelectList items={items} selected={s.menu} />
          </>
        )}
      </Box>
    </ScreenFrame>
  );
}

/** A password as the field shows it: one dot per character, the cursor where it is. */
function masked(state: TextState): TextState {
  return { value: '•'.repeat([...state.value].length), cursor: state.cursor };
}

/** At most two warnings about dwh.cfg, then how many more (sparkify config lists them all). */
function settingWarnings(warnings: string[]): string[] {
  if (warnings.length <= 2) return warnings;
  return [...warnings.slice(0, 1), `and ${warnings.length - 1} more unknown settings: sparkify config lists them`];
}

/** `last run #7 etl ok in 3.2 s on 2026-12-01 21:00 · star from run #7`. */
function lastRunText(view: LastRunView): string {
  const run = view.lastRun!;
  const took = run.finished ? ` in ${formatSeconds((run.finished.getTime() - run.started.getTime()) / 1000)}` : '';
  const star = !view.tables ? 'no star published yet' : view.tables.matches ? `star from run #${view.tables.run}` : `star changed since run #${view.tables.run}`;
  return `last run #${run.id} ${run.command} ${run.status}${took} on ${localTime(run.started.toISOString())} · ${star}`;
}
