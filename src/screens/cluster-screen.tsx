import { Box, Text, type Key } from 'ink';
import { ClusterDeletePrompt } from '../components/cluster-delete-prompt.js';
import { ClusterPlan } from '../components/cluster-plan.js';
import { ClusterProgress } from '../components/cluster-progress.js';
import { ClusterStatus } from '../components/cluster-status.js';
import { ClusterSteps } from '../components/cluster-steps.js';
import { WorkgroupStatusView } from '../components/cluster-workgroup-status.js';
import { ErrorBox } from '../components/error-box.js';
import { ScreenFrame } from '../components/screen-frame.js';
import type { ClusterInfo } from '../cluster/describe.js';
import type { WorkgroupStatus } from '../cluster/workgroup.js';
import type { ClusterEffect, ClusterTarget } from '../tui/cluster-effects.js';
import { shortPath } from '../tui/format.js';
import { footerKeys, helpKeys, keyAction } from '../tui/key-table.js';
import { useAppContext } from '../tui/navigation.js';
import { useTheme } from '../tui/theme.js';
import { useClusterRunner } from '../tui/use-cluster.js';
import { useKeyTable, useScreenState } from '../tui/use-screen-state.js';
import { useTerminalSize } from '../tui/use-terminal-size.js';
import { CLUSTER_KEYS } from './cluster-keys.js';
import { createSteps, optionNotes } from './cluster-plan.js';
import { current, WAITING } from './cluster-run.js';
import { clusterReducer, initialClusterState, type ClusterAction, type ClusterState } from './cluster-state.js';

const SET_UP =
  'Create shows its plan before anything is sent, one line per step: optionally the IAM role Redshift assumes to read ' +
  'the input (r), the cluster, its endpoint and role written into dwh.cfg, and a rule letting this machine in (a); ' +
  'the steps then run one by one. ';
const CREDENTIALS = 'AWS credentials come from the standard AWS chain (AWS_PROFILE, environment, SSO), never from dwh.cfg.';

const ABOUT = {
  cluster:
    'Cluster manages the Amazon Redshift cluster named in dwh.cfg [DWH]: its state, endpoint, nodes and an estimate of ' +
    'what it costs per hour (on-demand prices). Pause stops the compute billing and resume starts it again. ' +
    SET_UP +
    'Delete removes it, with a final snapshot unless you choose none, and what the set-up made if you ask. Esc stops ' +
    'waiting for an operation, which goes on in AWS. ' +
    CREDENTIALS,
  workgroup:
    'Cluster manages the Redshift Serverless workgroup named in dwh.cfg [DWH] WORKGROUP and its namespace: their state, ' +
    'the endpoint, the base RPUs and what an hour of activity costs. Serverless has no pause or resume: a workgroup ' +
    'bills only while it runs queries. ' +
    SET_UP +
    'Delete removes the workgroup and then its namespace. ' +
    CREDENTIALS,
};

const DWH_HINT =
  'CLUSTER_IDENTIFIER names the cluster (or WORKGROUP a Serverless workgroup); NODE_TYPE, NUM_NODES and REGION are ' +
  'needed to create a cluster (the dwh.cfg that comes with sparkify has an example). Then open sparkify again.';

const CTRL_C = { ctrl: true } as Key;

export function ClusterScreen() {
  const app = useAppContext();
  const { columns } = useTerminalSize();
  const theme = useTheme();
  const [state, dispatch] = useScreenState<ClusterState, ClusterAction, ClusterEffect>(clusterReducer, initialClusterState, useClusterRunner(app.workspace));
  const { target, mode, run } = state;
  const running = mode.name === 'running';
  useKeyTable(CLUSTER_KEYS, state, dispatch, {
    typing: mode.name === 'delete',
    // While steps run, q stays here: leaving would stop the steps that are left without a word.
    onBack: running ? () => undefined : undefined,
    onInterrupt: () => {
      const action = keyAction(CLUSTER_KEYS, state, 'c', CTRL_C);
      if (action) dispatch(action);
      else app.quit();
    },
  });
  const step = run && current(run);
  const subtitle = target ? `${target.name} · ${target.region}` : state.setupError ? 'no cluster in dwh.cfg' : undefined;
  return (
    <ScreenFrame
      title="Cluster"
      subtitle={subtitle}
      keys={footerKeys(CLUSTER_KEYS, state)}
      help={helpKeys(CLUSTER_KEYS, state)}
      about={ABOUT[target?.kind ?? 'cluster']}
      backHint={running || mode.name === 'delete' ? null : undefined}
    >
      {state.setupError ? (
        <ErrorBox title={state.setupError.title} message={state.setupError.message} next={`Add a [DWH] section to ${shortPath(app.workspace.config.path)}: ${DWH_HINT}`} />
      ) : !target ? (
        <Text dimColor>Reading dwh.cfg [DWH]…</Text>
      ) : (
        <Box flexDirection="column">
          <Status state={state} target={target} width={columns} />
          <Box flexDirection="column" marginTop={1}>
            {run && run.steps.length > 1 ? <ClusterSteps steps={run.steps} spin={!WAITING.has(step?.kind ?? 'create')} /> : null}
            {run && step && WAITING.has(step.kind) ? (
              <ClusterProgress op={run.op} name={target.name} state={run.waitState} startedAt={run.stepStartedAt} pollSeconds={target.pollSeconds} />
            ) : null}
            {state.notice ? <Text color={state.notice.ok ? theme.ok : theme.warn}>{state.notice.text}</Text> : null}
            {state.error ? <ErrorBox title={state.error.title} message={state.error.message} /> : null}
            <Prompt state={state} target={target} />
          </Box>
        </Box>
      )}
    </ScreenFrame>
  );
}

function Status({ state, target, width }: { state: ClusterState; target: ClusterTarget; width: number }) {
  const props = { target, checking: state.checking, checkedAt: state.checkedAt, width };
  if (target.kind === 'workgroup') return <WorkgroupStatusView {...props} info={state.info as WorkgroupStatus | null | undefined} namespace={state.namespace} />;
  return <ClusterStatus {...props} info={state.info as ClusterInfo | null | undefined} />;
}

/** What the mode asks of the person: the plan, the delete's name, or what `n` would create. */
function Prompt({ state, target }: { state: ClusterState; target: ClusterTarget }) {
  const { mode } = state;
  if (mode.name === 'plan' && !('title' in target.create)) {
    const steps = createSteps(target, mode);
    return <ClusterPlan name={target.name} kind={target.kind} steps={steps} notes={optionNotes(target, mode)} managedPassword={target.create.managedPassword} yes={mode.yes} />;
  }
  if (mode.name === 'delete') {
    const { typed, mismatch, snapshot, removeSetup } = mode;
    return <ClusterDeletePrompt kind={target.kind} name={target.name} namespace={target.namespace} roleArn={target.roleArn} {...{ typed, mismatch, snapshot, removeSetup }} />;
  }
  if (mode.name !== 'view' || state.info !== null || state.error || state.run) return null;
  return <Text>{`n creates it: ${'title' in target.create ? 'first set [DWH] NODE_TYPE and NUM_NODES in dwh.cfg.' : `${target.create.summary}.`}`}</Text>;
}
