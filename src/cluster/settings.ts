import type { DwhConfig } from '../config/dwh-cfg.js';
import { SHAPES } from '../config/shapes.js';
import { ConfigError } from '../errors.js';

/** The name of the IAM role `cluster create --with-role` makes unless told another. */
export const DEFAULT_ROLE_NAME = 'sparkify-redshift-s3-read';

/** What a cluster and a Serverless workgroup to manage share, from dwh.cfg's [DWH] section. */
export interface DwhCommonSettings {
  /** [DWH] DB_NAME, else [CLUSTER] DB_NAME; default `sparkify`. */
  dbName: string;
  /** [DWH] DB_USER, else [CLUSTER] DB_USER; default `sparkify`. The master (admin) user of a new one. */
  dbUser: string;
  /** [DWH] IAM_ROLE_ARN, else [IAM_ROLE] ARN: the role it assumes to read S3. Not a secret. */
  iamRoleArn?: string;
  /** [DWH] REGION, else the region of [CLUSTER] HOST, else AWS_REGION / AWS_DEFAULT_REGION; default `us-west-2`. */
  region: string;
  /** [DWH] PUBLICLY_ACCESSIBLE; default false (reach it through the VPC, a VPN or a bastion). */
  publiclyAccessible: boolean;
  /** [DWH] VPC_SECURITY_GROUP_IDS, comma-separated; default none (the VPC's default group). */
  securityGroupIds: string[];
  /** [DWH] POLL_SECONDS: delay between two status calls while waiting; default 15. */
  pollSeconds: number;
  /** [DWH] WAIT_MINUTES: how long create, pause, resume and delete wait for their state; default 45. */
  waitMinutes: number;
}

/** The cluster the lifecycle commands manage, from dwh.cfg's [DWH] section (with fallbacks noted per field). */
export interface ClusterSettings extends DwhCommonSettings {
  /** [DWH] CLUSTER_IDENTIFIER: required. */
  identifier: string;
  /** [DWH] NODE_TYPE, e.g. ra3.xlplus; required to create a cluster. */
  nodeType?: string;
  /** [DWH] NUM_NODES (1-128); required to create a cluster. */
  nodes?: number;
  /** [DWH] PORT; default 5439. */
  port: number;
}

/** The [DWH] settings a cluster and a workgroup share (see DwhCommonSettings). */
export function commonDwhSettings(config: Pick<DwhConfig, 'settings' | 'cluster'>): DwhCommonSettings {
  const s = config.settings;
  const checked = (id: Parameters<typeof s.checked>[0]): string => String(s.checked(id));
  return {
    dbName: checked('DWH DB_NAME'),
    dbUser: checked('DWH DB_USER'),
    iamRoleArn: s.text('DWH IAM_ROLE_ARN') === undefined ? undefined : checked('DWH IAM_ROLE_ARN'),
    region: clusterRegion(config),
    publiclyAccessible: s.flag('DWH PUBLICLY_ACCESSIBLE'),
    securityGroupIds: s.list('DWH VPC_SECURITY_GROUP_IDS'),
    pollSeconds: s.number('DWH POLL_SECONDS') ?? 15,
    waitMinutes: s.number('DWH WAIT_MINUTES') ?? 45,
  };
}

/**
 * The [DWH] view of the settings table (config/settings.ts): the values were checked when dwh.cfg was read;
 * values taken from another section ([CLUSTER] DB_NAME, [IAM_ROLE] ARN, [S3] REGION) are held to Redshift's rules
 * here, where a cluster needs them. Each failure is a one-line ConfigError naming file, line, section, key and value.
 * @param purpose `create` also requires the node type and count.
 */
export function clusterSettings(config: Pick<DwhConfig, 'settings' | 'cluster'>, purpose: 'manage' | 'create' = 'manage'): ClusterSettings {
  const s = config.settings;
  const identifier = s.text('DWH CLUSTER_IDENTIFIER');
  if (identifier === undefined && s.text('DWH WORKGROUP') !== undefined) {
    throw new ConfigError(`${s.where('DWH WORKGROUP')} names a Serverless workgroup: sparkify cluster status|create|delete manage it (this view manages provisioned clusters)`);
  }
  if (identifier === undefined) throw new ConfigError(`${s.where('DWH CLUSTER_IDENTIFIER')} is not set: name the cluster to manage`);
  const nodeType = s.text('DWH NODE_TYPE');
  const nodes = s.number('DWH NUM_NODES');
  if (purpose === 'create') {
    if (nodeType === undefined) throw new ConfigError(`${s.where('DWH NODE_TYPE')} is not set: choose a node type to create the cluster (e.g. ra3.xlplus)`);
    if (nodes === undefined) throw new ConfigError(`${s.where('DWH NUM_NODES')} is not set: choose how many nodes to create`);
  }
  const port = s.number('DWH PORT') ?? 5439;
  // RA3 (and RG) clusters listen only in 5431-5455 or 8191-8215; DC2 in 1150-65535 (the setting's own range).
  // https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateCluster.html
  if (nodeType && /^(ra3|rg)\./.test(nodeType) && !((port >= 5431 && port <= 5455) || (port >= 8191 && port <= 8215))) {
    throw new ConfigError(`${s.where('DWH PORT')} = "${port}" is not a port an ${nodeType} cluster accepts (5431-5455 or 8191-8215)`);
  }
  return { identifier, nodeType, nodes, port, ...commonDwhSettings(config) };
}

/**
 * The cluster's region: [DWH] REGION when written; else the region of the endpoint in [CLUSTER] HOST, before the
 * environment's (AWS_REGION, AWS_DEFAULT_REGION) and the default; never the input bucket's [S3] REGION.
 */
export function clusterRegion(config: Pick<DwhConfig, 'settings' | 'cluster'>): string {
  const written = config.settings.get('DWH REGION');
  const region = written.origin.kind === 'file' ? undefined : hostRegion(config.cluster.host);
  return region ?? String(config.settings.checked('DWH REGION'));
}

const ENDPOINT_REGION = new RegExp(`\\.(${SHAPES.region.source.slice(1, -1)})\\.redshift(?:-serverless)?\\.amazonaws\\.com(?:\\.cn)?$`);

/** The region in a Redshift endpoint's host name: `name.abc123.us-east-1.redshift.amazonaws.com`. */
export function hostRegion(host: string | undefined): string | undefined {
  return host ? ENDPOINT_REGION.exec(host)?.[1] : undefined;
}
