import { Box } from 'ink';
import type { NamespaceInfo } from '../cluster/namespace.js';
import type { WorkgroupStatus } from '../cluster/workgroup.js';
import { useTheme } from '../tui/theme.js';
import { Checked, endpointText, Field, stateColor, UnknownState, type StatusProps } from './cluster-status.js';

/**
 * A Serverless workgroup and its namespace as AWS last described them: states, endpoint, base RPUs and what an
 * hour of activity costs. The namespace is shown on its own line: it can exist without the workgroup.
 */
export function WorkgroupStatusView(props: StatusProps & { info?: WorkgroupStatus | null; namespace?: NamespaceInfo | null }) {
  const { target, info, namespace, checkedAt, width } = props;
  const theme = useTheme();
  if (info === undefined) return <UnknownState {...props} what="Workgroup" />;
  const ns = namespace ? `${namespace.name} (${namespace.state})` : `${target.namespace}: none`;
  if (info === null) {
    return (
      <Box flexDirection="column">
        <Field label="Workgroup" value={`${target.name} (Serverless)`} width={width} />
        <Field label="State" value={`none: no workgroup ${target.name} in ${target.region}`} color={theme.warn} width={width} />
        <Field label="Namespace" value={ns} color={namespace ? stateColor(namespace.state, theme) : undefined} width={width} />
        <Checked at={checkedAt} width={width} />
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      <Field label="Workgroup" value={`${info.name} in ${target.region} (Serverless)`} width={width} />
      <Field label="State" value={info.state} color={stateColor(info.state, theme)} width={width} />
      <Field label="Namespace" value={namespace ? ns : (info.namespace ?? '?')} width={width} />
      <Field label="Endpoint" value={endpointText(info.endpoint)} width={width} />
      <Field label="Capacity" value={`${info.baseCapacity ?? '?'} RPUs (base)`} width={width} />
      <Field label="Cost" value={info.cost.text} width={width} />
      <Checked at={checkedAt} width={width} />
    </Box>
  );
}
