import { Box, Text } from 'ink';
import { useState } from 'react';
import { ErrorBox } from '../components/error-box.js';
import { GenerateOffer, SIZE_ITEMS } from '../components/generate-offer.js';
import { InputStatusLines } from '../components/input-status.js';
import { ProfileList } from '../components/profile-list.js';
import { ScreenFrame } from '../components/screen-frame.js';
import { moveSelection, SelectList, type SelectItem } from '../components/select-list.js';
import { StepRow } from '../components/step-row.js';
import { TextField } from '../components/text-field.js';
import { TableCounts } from '../components/table-counts.js';
import { sampleTarget, SAMPLE_SIZES } from '../tui/inputs.js';
import type { LastRunView } from '../etl/run-status.js';
import { formatSeconds, localTime, shortPath } from '../tui/format.js';
import { useAppContext } from '../tui/navigation.js';
import { editText, textState } from '../tui/text-edit.js';
import { useTheme } from '../tui/theme.js';
import { useConnect } from '../tui/use-connect.js';
import { useGenerate } from '../tui/use-generate.js';
import { useInputs } from '../tui/use-inputs.js';
import { useProfiles } from '../tui/use-profiles.js';
import { useScreenKeys } from '../tui/use-screen-keys.js';
import { useTerminalSize } from '../tui/use-terminal-size.js';
import { backHint, clusterMenuState, connectKeys, menuItems, suggestedAction, type Mode } from './connect-menu.js';

const ABOUT =
  'Connect shows where the warehouse is (from dwh.cfg, or a saved profile), opens it and counts the rows of ' +
  'every table. From here: create the tables, run the ETL, query the results. Without input data it offers ' +
  'to generate a sample dataset where dwh.cfg expects it. c opens the Cluster screen (the Redshift cluster of ' +
  'dwh.cfg [DWH]), also while connecting.';

export function ConnectScreen() {
  const app = useAppContext();
  const { workspace } = app;
  const theme = useTheme();
  const { columns, rows } = useTerminalSize();
  const cluster = clusterMenuState(workspace.config);
  // Below 24 rows (25 with the cluster in the menu) the blank lines between sections go, so the screen fits:
  // a live region as tall as the terminal makes ink clear the whole screen on every render.
  const gap = rows >= (cluster === 'none' ? 24 : 25) ? 1 : 0;
  const connection = useConnect(workspace);
  const { lastRun } = connection;
  const inputs = useInputs(workspace);
  const generation = useGenerate(workspace, inputs.recheck);
  const profiles = useProfiles();
  const [mode, setMode] = useState<Mode>(inputs.ready ? 'menu' : 'generate');
  // The highlight starts on the first item whatever the state (the suggested next step is marked, not selected),
  // so the same keys always do the same thing.
  const [chosen, setChosen] = useState<number | undefined>(undefined);
  const [sizeChoice, setSizeChoice] = useState(0);
  const [profileChoice, setProfileChoice] = useState(0);
  const [profileName, setProfileName] = useState(textState(''));

  const { counts } = connection;
  const suggestion = counts ? suggestedAction(counts, inputs.ready) : undefined;
  const items = menuItems({ connected: connection.connected, counts, inputsReady: inputs.ready, saved: profiles.list.length - 1, cluster, suggestion });
  const selected = chosen ?? 0;

  const open = (item: SelectItem | undefined): void => {
    if (!item || item.disabled) return;
    if (item.id === 'generate') setMode('generate');
    else if (item.id === 'profiles') setMode('profiles');
    else app.go(item.id as 'create-tables' | 'etl' | 'query' | 'cluster');
  };

  const generating = generation.status === 'running';
  useScreenKeys(
    (input, key) => {
      // While connecting or generating only help, quit and Ctrl+C work; and the cluster screen, which needs no
      // connection (a paused Redshift cluster is why connecting takes long).
      if (mode === 'menu' && !generating && input === 'c') {
        app.go('cluster');
        return true;
      }
      if (generating || connection.run.running) return !(input === '?' || input === 'q' || key.escape);
      if (mode === 'save-profile') {
        if (key.escape) setMode('profiles');
        else if (key.return) {
          if (profileName.value.trim()) profiles.save(profileName.value.trim());
          setMode('profiles');
        } else setProfileName(editText(profileName, input, key) ?? profileName);
        return true;
      }
      const list = mode === 'generate' ? SIZE_ITEMS : mode === 'profiles' ? profiles.list.map((p) => ({ id: p.name, label: p.name })) : items;
      const [choice, setChoice] = mode === 'generate' ? [sizeChoice, setSizeChoice] : mode === 'profiles' ? [profileChoice, setProfileChoice] : [selected, setChosen];
      if (key.upArrow || input === 'k') setChoice(moveSelection(list, choice, -1));
      else if (key.downArrow || input === 'j') setChoice(moveSelection(list, choice, 1));
      else if (mode !== 'menu' && (key.escape || input === 'q')) setMode('menu');
      else if (mode === 'generate' && key.return) {
        const size = SAMPLE_SIZES.find((s) => s.id === SIZE_ITEMS[choice]?.id);
        setMode('menu');
        if (size) void generation.start(size);
      } else if (mode === 'profiles' && key.return) {
        const profile = profiles.list[choice];
        if (profile) void profiles.use(profile).then((ok) => ok && setMode('menu'));
      } else if (mode === 'profiles' && input === 's') {
        setProfileName(textState(''));
        setMode('save-profile');
      } else if (mode === 'profiles' && input === 'd') {
        const profile = profiles.list[choice];
        if (profile && profile.name !== profiles.current) profiles.remove(profile.name);
        setProfileChoice(0);
      } else if (mode === 'menu' && key.return) open(items[selected]);
      else if (mode === 'menu' && input === 'g') setMode('generate');
      else if (mode === 'menu' && input === 'p') setMode('profiles');
      else if (mode === 'menu' && input === 'r') {
        setChosen(undefined);
        inputs.recheck();
        connection.reconnect();
      } else return false;
      return true;
    },
    { typing: mode === 'save-profile', onBack: app.quit },
  );

  const failed = connection.run.state.steps.find((s) => s.status === 'failed');
  const target = sampleTarget(workspace.config);
  return (
    <ScreenFrame
      title="Connect"
      subtitle={workspace.target.startsWith(`${workspace.config.engine} `) ? workspace.target : `${workspace.config.engine} · ${workspace.target}`}
      keys={connectKeys(mode)}
      about={ABOUT}
      backHint={backHint(mode)}
    >
      <Text dimColor wrap="truncate-end">{`config ${shortPath(workspace.config.path)}${workspace.config.exists ? '' : ' (not found: defaults)'} · profile ${workspace.profile.name}`}</Text>
      {settingWarnings(workspace.config.warnings).map((line) => (
        <Text key={line} color={theme.warn} wrap="truncate-end">{`⚠ ${line}`}</Text>
      ))}
      {connection.run.state.steps.map((step) => (
        <StepRow key={step.id} step={step} width={columns} />
      ))}
      {failed?.error ? (
        <ErrorBox title={failed.error.title} message={failed.error.message} next="Check the [WAREHOUSE] and [CLUSTER] settings in dwh.cfg, then press r to try again." />
      ) : null}
      {connection.counts ? (
        <Box flexDirection="column" marginTop={gap}>
          <Text bold>Tables</Text>
          <TableCounts counts={connection.counts} width={columns} />
        </Box>
      ) : null}
      <Box flexDirection="column" marginTop={gap}>
        <Text bold>Input</Text>
        <InputStatusLines statuses={inputs.statuses} width={columns} />
        {generation.status === 'done' ? (
          <Text color={theme.ok} wrap="truncate-end">{`✓ generated ${generation.summary}${generation.redirected ? ` (this session reads ${shortPath(generation.out ?? '')})` : ''}`}</Text>
        ) : null}
        {lastRun?.lastRun ? <Text dimColor wrap="truncate-end">{lastRunText(lastRun)}</Text> : null}
      </Box>
      <Box flexDirection="column" marginTop={gap}>
        {mode === 'generate' || generating ? (
          <GenerateOffer generation={generation} out={target.out} selected={sizeChoice} missing={!inputs.ready} />
        ) : mode === 'profiles' || mode === 'save-profile' ? (
          <>
            <ProfileList profiles={profiles.list} current={profiles.current} selected={profileChoice} />
            {profiles.error ? <Text color={theme.bad}>{`✗ ${profiles.error.title}: ${profiles.error.message}`}</Text> : null}
            {mode === 'save-profile' ? (
              <Text>
                Save the current settings as: <TextField state={profileName} />
              </Text>
            ) : null}
          </>
        ) : connection.run.running ? null : (
          <>
            <Text bold>What next?</Text>
            <SelectList items={items} selected={selected} />
          </>
        )}
      </Box>
    </ScreenFrame>
  );
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
