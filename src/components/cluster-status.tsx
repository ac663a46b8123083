import { Box, Text } from 'ink';
import type { ClusterInfo } from '../cluster/describe.js';
import type { ClusterSettings } from '../cluster/settings.js';
import { useTheme, type Theme } from '../tui/theme.js';

const LABEL = 10;

/** The cluster as AWS last described it: state, endpoint, nodes, database and the hourly cost estimate. */
export function ClusterStatus(props: { settings: ClusterSettings; info?: ClusterInfo | null; checking: boolean; checkedAt?: Date; width: number }) {
  const { settings, info, checking, checkedAt, width } = props;
  const theme = useTheme();
  if (info === undefined && checking) return <Text dimColor>{`Asking AWS about ${settings.identifier} in ${settings.region}…`}</Text>;
  if (info === undefined) {
    return (
      <Box flexDirection="column">
        <Field label="Cluster" value={`${settings.identifier} in ${settings.region}`} width={width} />
        <Field label="State" value="unknown: AWS gave no answer (below)" color={theme.bad} width={width} />
      </Box>
    );
  }
  if (info === null) {
    return (
      <Box flexDirection="column">
        <Field label="Cluster" value={settings.identifier} width={width} />
        <Field label="State" value={`none: no cluster ${settings.identifier} in ${settings.region}`} color={theme.warn} width={width} />
        {checkedAt ? <Field label="Checked" value={clockTime(checkedAt)} width={width} dim /> : null}
      </Box>
    );
  }
  const availability = info.availability && info.availability.toLowerCase() !== info.state ? ` (${info.availability})` : '';
  return (
    <Box flexDirection="column">
      <Field label="Cluster" value={`${info.identifier} in ${settings.region}`} width={width} />
      <Field label="State" value={`${info.state}${availability}`} color={stateColor(info.state, theme)} width={width} />
      <Field label="Endpoint" value={info.endpoint ? `${info.endpoint.host}:${info.endpoint.port}` : '(none yet)'} width={width} />
      <Field label="Nodes" value={`${info.nodes ?? '?'} × ${info.nodeType ?? '?'}`} width={width} />
      <Field label="Database" value={`${info.dbName ?? '?'} (master user ${info.masterUser ?? '?'})`} width={width} />
      <Field label="Cost" value={info.cost?.text ?? 'unknown (no node type or count from AWS)'} width={width} />
      {checkedAt ? <Field label="Checked" value={clockTime(checkedAt)} width={width} dim /> : null}
    </Box>
  );
}

function Field({ label, value, width, color, dim }: { label: string; value: string; width: number; color?: string; dim?: boolean }) {
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

function stateColor(state: string, theme: Theme): string | undefined {
  if (state === 'available') return theme.ok;
  if (state === 'paused') return theme.warn;
  if (/fail|incompatible|storage-full/.test(state)) return theme.bad;
  return theme.accent;
}

/** HH:MM:SS in local time. */
export function clockTime(at: Date): string {
  return at.toTimeString().slice(0, 8);
}
