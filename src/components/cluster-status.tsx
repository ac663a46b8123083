import { Box, Text } from 'ink';
import type { ClusterInfo } from '../cluster/describe.js';
import type { ClusterTarget } from '../tui/cluster-effects.js';
import { useTheme, type Theme } from '../tui/theme.js';

const LABEL = 10;

export interface StatusProps {
  target: ClusterTarget;
  checking: boolean;
  checkedAt?: Date;
  width: number;
}

/** The cluster as AWS last described it: state, endpoint, nodes, database and the hourly cost estimate. */
export function ClusterStatus(props: StatusProps & { info?: ClusterInfo | null }) {
  const { target, info, checkedAt, width } = props;
  const theme = useTheme();
  const where = `${target.name} in ${target.region}`;
  if (info === undefined) return <UnknownState {...props} what="Cluster" />;
  if (info === null) {
    return (
      <Box flexDirection="column">
        <Field label="Cluster" value={target.name} width={width} />
        <Field label="State" value={`none: no cluster ${where}`} color={theme.warn} width={width} />
        <Checked at={checkedAt} width={width} />
      </Box>
    );
  }
  const availability = info.availability && info.availability.toLowerCase() !== info.state ? ` (${info.availability})` : '';
  return (
    <Box flexDirection="column">
      <Field label="Cluster" value={`${info.identifier} in ${target.region}`} width={width} />
      <Field label="State" value={`${info.state}${availability}`} color={stateColor(info.state, theme)} width={width} />
      <Field label="Endpoint" value={endpointText(info.endpoint)} width={width} />
      <Field label="Nodes" value={`${info.nodes ?? '?'} × ${info.nodeType ?? '?'}`} width={width} />
      <Field label="Database" value={`${info.dbName ?? '?'} (master user ${info.masterUser ?? '?'})`} width={width} />
      <Field label="Cost" value={info.cost?.text ?? 'unknown (no node type or count from AWS)'} width={width} />
      <Checked at={checkedAt} width={width} />
    </Box>
  );
}

/** Before the first answer: being asked, or no answer (the error is shown below). */
export function UnknownState({ target, checking, width, what }: StatusProps & { what: string }) {
  const theme = useTheme();
  if (checking) return <Text dimColor>{`Asking AWS about ${target.name} in ${target.region}…`}</Text>;
  return (
    <Box flexDirection="column">
      <Field label={what} value={`${target.name} in ${target.region}`} width={width} />
      <Field label="State" value="unknown: AWS gave no answer (below)" color={theme.bad} width={width} />
    </Box>
  );
}

export function Field({ label, value, width, color, dim }: { label: string; value: string; width: number; color?: string; dim?: boolean }) {
  return (
    <Box>
      <Box width={LABEL} flexShrink={0}>
        <Text bold>{label}</Text>
      </Box>
      <Box width={Math.max(10, width - LABEL)}>
        <Text color={color} dimColor={dim}>
          {value}
        </Text>
      </Box>
    </Box>
  );
}

export function Checked({ at, width }: { at?: Date; width: number }) {
  return at ? <Field label="Checked" value={at.toTimeString().slice(0, 8)} width={width} dim /> : null;
}

export function endpointText(endpoint: { host: string; port: number } | undefined): string {
  return endpoint ? `${endpoint.host}:${endpoint.port}` : '(none yet)';
}

export function stateColor(state: string, theme: Theme): string | undefined {
  if (state === 'available') return theme.ok;
  if (state === 'paused') return theme.warn;
  if (/fail|incompatible|storage-full/.test(state)) return theme.bad;
  return theme.accent;
}
