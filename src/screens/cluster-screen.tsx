import { Box, Text } from 'ink';
import { useState } from 'react';
import { ClusterDeletePrompt } from '../components/cluster-delete-prompt.js';
import { ClusterProgress } from '../components/cluster-progress.js';
import { ClusterStatus } from '../components/cluster-status.js';
import { confirmKey, ConfirmPrompt } from '../components/confirm-prompt.js';
import { ErrorBox } from '../components/error-box.js';
import type { KeyHint } from '../components/key-footer.js';
import { ScreenFrame } from '../components/screen-frame.js';
import { shortPath } from '../tui/format.js';
import { useAppContext } from '../tui/navigation.js';
import { editText, textState } from '../tui/text-edit.js';
import { useTheme } from '../tui/theme.js';
import { useCluster, type ClusterView, type CreatePlan } from '../tui/use-cluster.js';
import type { Problem } from '../tui/use-query.js';
import { useScreenKeys } from '../tui/use-screen-keys.js';
import { useTerminalSize } from '../tui/use-terminal-size.js';

const ABOUT =
  'Cluster manages the Amazon Redshift cluster named in dwh.cfg [DWH]: its state, endpoint, nodes and an ' +
  'estimate of what it costs per hour (on-demand prices). Pause stops the compute billing and resume starts ' +
  'it again; create makes the cluster from [DWH] and writes its endpoint into dwh.cfg; delete removes it, ' +
  'with a final snapshot unless you choose none. Esc stops waiting for an operation, which goes on in AWS. ' +
  'AWS credentials come from the standard AWS chain (AWS_PROFILE, environment, SSO), never from dwh.cfg.';

const DWH_HINT =
  'CLUSTER_IDENTIFIER names the cluster; NODE_TYPE, NUM_NODES and REGION are needed to create it (the dwh.cfg ' +
  'that comes with sparkify has an example). Then open sparkify again.';

type Mode = 'view' | 'confirm-create' | 'confirm-delete';

export function ClusterScreen() {
  const app = useAppContext();
  const { workspace } = app;
  const theme = useTheme();
  const { columns } = useTerminalSize();
  const cluster = useCluster(workspace);
  const { settings, info, waiting, plan } = cluster;
  const [mode, setMode] = useState<Mode>('view');
  const [createYes, setCreateYes] = useState(false);
  const [planError, setPlanError] = useState<Problem | undefined>(undefined);
  const [typed, setTyped] = useState(textState(''));
  const [mismatch, setMismatch] = useState(false);
  const [snapshot, setSnapshot] = useState<string | false>(false);
  const [snapshotName, setSnapshotName] = useState('');

  useScreenKeys(
    (input, key) => {
      if (waiting) {
        if (key.escape) cluster.stopWaiting();
        // While waiting only Esc (and Ctrl+C) stop it; ? still opens the help.
        return input !== '?';
      }
      if (mode === 'confirm-create') {
        const action = confirmKey(input, key, createYes);
        if (action === 'yes') {
          setMode('view');
          cluster.create();
        } else if (action === 'no' || key.escape) setMode('view');
        else if (action) setCreateYes(action.select);
        return true;
      }
      if (mode === 'confirm-delete') {
        if (key.escape) setMode('view');
        else if (key.tab) setSnapshot(snapshot === false ? snapshotName : false);
        else if (key.return && typed.value.trim() === settings?.identifier) {
          setMode('view');
          cluster.remove(snapshot);
        } else if (key.return) setMismatch(true);
        else {
          const edited = editText(typed, input, key);
          if (edited) {
            setTyped(edited);
            setMismatch(false);
          }
        }
        return true;
      }
      if (!settings || cluster.checking) return false;
      const state = info?.state;
      setPlanError(undefined);
      if (input === 'r') cluster.refresh();
      else if (input === 'p' && state === 'available') cluster.pause();
      else if (input === 'u' && state === 'paused') cluster.resume();
      else if (input === 'n' && info === null) {
        if ('nodes' in plan) {
          setCreateYes(false);
          setMode('confirm-create');
        } else setPlanError(plan);
      } else if (input === 'd' && info) {
        const name = cluster.snapshotName();
        setSnapshotName(name);
        setSnapshot(name);
        setTyped(textState(''));
        setMismatch(false);
        setMode('confirm-delete');
      } else return false;
      return true;
    },
    {
      typing: mode === 'confirm-delete',
      // Ctrl+C while waiting stops the wait (a second one quits); otherwise it quits.
      onInterrupt: () => {
        if (!cluster.stopWaiting()) app.quit();
      },
    },
  );

  const subtitle = settings ? `${settings.identifier} · ${settings.region}` : 'no cluster in dwh.cfg';
  const waitingNow = waiting !== undefined;
  return (
    <ScreenFrame
      title="Cluster"
      subtitle={subtitle}
      keys={clusterKeys(mode, cluster)}
      about={ABOUT}
      backHint={waitingNow || mode === 'confirm-delete' ? null : undefined}
    >
      {!settings ? (
        <ErrorBox
          title={cluster.setupError?.title ?? 'Configuration error'}
          message={cluster.setupError?.message ?? ''}
          next={`Add a [DWH] section to ${shortPath(workspace.config.path)}: ${DWH_HINT}`}
        />
      ) : (
        <Box flexDirection="column">
          <ClusterStatus settings={settings} info={info} checking={cluster.checking} checkedAt={cluster.checkedAt} width={columns} />
          <Box flexDirection="column" marginTop={1}>
            {waiting ? <ClusterProgress wait={waiting} identifier={settings.identifier} pollSeconds={settings.pollSeconds} /> : null}
            {cluster.notice ? <Text color={cluster.notice.ok ? theme.ok : theme.warn}>{cluster.notice.text}</Text> : null}
            {cluster.error ? <ErrorBox title={cluster.error.title} message={cluster.error.message} /> : null}
            {planError ? <ErrorBox title={planError.title} message={planError.message} /> : null}
            {mode === 'confirm-create' && 'nodes' in plan ? <ConfirmPrompt question={createQuestion(settings.identifier, plan)} yesLabel="Create" yes={createYes} /> : null}
            {mode === 'confirm-delete' ? <ClusterDeletePrompt identifier={settings.identifier} snapshot={snapshot} typed={typed} mismatch={mismatch} /> : null}
            {!waiting && mode === 'view' && info === null && !cluster.error ? <Text>{`n creates it: ${createSummary(plan)}`}</Text> : null}
          </Box>
        </Box>
      )}
    </ScreenFrame>
  );
}

function createQuestion(identifier: string, plan: CreatePlan): string {
  const password = plan.managedPassword ? ' No [CLUSTER] DB_PASSWORD: Redshift keeps the master password in Secrets Manager.' : '';
  return `Create ${identifier}: ${plan.nodes} × ${plan.nodeType} in ${plan.region}, ${plan.cost.text}? It is billed from now until it is paused or deleted.${password}`;
}

function createSummary(plan: CreatePlan | Problem): string {
  return 'nodes' in plan ? `${plan.nodes} × ${plan.nodeType}, ${plan.cost.text}.` : `first set [DWH] NODE_TYPE and NUM_NODES in dwh.cfg.`;
}

/** The footer: only the keys that do something in the cluster's current state. */
function clusterKeys(mode: Mode, cluster: ClusterView): KeyHint[] {
  if (cluster.waiting) return [{ keys: 'esc', label: 'stop waiting', help: 'esc or ctrl+c: stop waiting; the operation goes on in AWS (it is not cancelled)' }];
  if (mode === 'confirm-create') {
    return [
      { keys: 'y', label: 'create', help: 'create the cluster and wait until it is available' },
      { keys: 'n', label: 'cancel', help: 'n, esc or enter on No: create nothing' },
    ];
  }
  if (mode === 'confirm-delete') {
    return [
      { keys: 'enter', label: 'delete', help: 'delete the cluster once its identifier is typed exactly' },
      { keys: 'tab', label: 'snapshot on/off', help: 'take a final snapshot first, or none' },
      { keys: 'esc', label: 'cancel', help: 'keep the cluster' },
    ];
  }
  if (!cluster.settings || cluster.checking) return [];
  const state = cluster.info?.state;
  const refresh: KeyHint = { keys: 'r', label: 'refresh', help: 'ask AWS for the state again' };
  if (cluster.info === undefined) return [refresh];
  if (cluster.info === null) return [{ keys: 'n', label: 'create', help: 'create the cluster of [DWH] (asks first, showing what it costs per hour)' }, refresh];
  return [
    ...(state === 'available' ? [{ keys: 'p', label: 'pause', help: 'pause the cluster: its compute stops being billed' }] : []),
    ...(state === 'paused' ? [{ keys: 'u', label: 'resume', help: 'resume the paused cluster and wait until it is available' }] : []),
    refresh,
    { keys: 'd', label: 'delete', help: 'delete the cluster (asks for its identifier; a final snapshot unless you choose none)' },
  ];
}
