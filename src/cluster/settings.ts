import type { DwhConfig } from '../config/dwh-cfg.js';
import { shownPath } from '../config/shown-path.js';
import { ConfigError } from '../errors.js';

/** The cluster the lifecycle commands manage, from dwh.cfg's [DWH] section (with fallbacks noted per field). */
export interface ClusterSettings {
  /** [DWH] CLUSTER_IDENTIFIER: required. */
  identifier: string;
  /** [DWH] NODE_TYPE, e.g. ra3.xlplus; required to create a cluster. */
  nodeType?: string;
  /** [DWH] NUM_NODES (1-128); required to create a cluster. */
  nodes?: number;
  /** [DWH] DB_NAME, else [CLUSTER] DB_NAME; default `sparkify`. */
  dbName: string;
  /** [DWH] DB_USER, else [CLUSTER] DB_USER; default `sparkify`. The master user of a new cluster. */
  dbUser: string;
  /** [DWH] PORT; default 5439. */
  port: number;
  /** [DWH] IAM_ROLE_ARN, else [IAM_ROLE] ARN: the role the cluster assumes to read S3. Not a secret. */
  iamRoleArn?: string;
  /** [DWH] REGION, else [S3] REGION, else AWS_REGION / AWS_DEFAULT_REGION; default `us-west-2`. */
  region: string;
  /** [DWH] PUBLICLY_ACCESSIBLE; default false (reach it through the VPC, a VPN or a bastion). */
  publiclyAccessible: boolean;
  /** [DWH] VPC_SECURITY_GROUP_IDS, comma-separated; default none (the VPC's default group). */
  securityGroupIds: string[];
  /** [DWH] POLL_SECONDS: delay between two DescribeClusters calls while waiting; default 15. */
  pollSeconds: number;
  /** [DWH] WAIT_MINUTES: how long create, pause, resume and delete wait for their state; default 45. */
  waitMinutes: number;
}

const RULES = {
  identifier: /^[a-z](?!.*--)[a-z0-9-]{0,62}$/,
  nodeType: /^(dc2|ra3|ds2)\.[a-z0-9]+$/,
  dbName: /^[a-z_][a-z0-9_$]{0,63}$/,
  dbUser: /^[a-z_][a-z0-9_$]{0,127}$/,
  arn: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
  region: /^[a-z]{2}(-gov)?-[a-z]+-\d$/,
};

/**
 * Reads and validates [DWH]. Each failure is a one-line ConfigError naming file, line, section, key and value.
 * @param purpose `create` also requires the node type and count.
 */
export function clusterSettings(config: DwhConfig, purpose: 'manage' | 'create' = 'manage', env: NodeJS.ProcessEnv = process.env): ClusterSettings {
  const at = settingReader(config);
  const identifier = at.get('DWH', 'CLUSTER_IDENTIFIER');
  if (identifier === undefined) throw new ConfigError(`${at.where('DWH', 'CLUSTER_IDENTIFIER')} is not set: name the cluster to manage`);
  at.check('DWH', 'CLUSTER_IDENTIFIER', RULES.identifier, 'is not a cluster identifier (1-63 lowercase letters, digits and single hyphens, starting with a letter)');
  if (identifier.endsWith('-')) at.fail('DWH', 'CLUSTER_IDENTIFIER', 'must not end with a hyphen');

  const nodeType = at.check('DWH', 'NODE_TYPE', RULES.nodeType, 'is not a Redshift node type (e.g. ra3.xlplus, ra3.4xlarge, dc2.large)');
  const nodesText = at.get('DWH', 'NUM_NODES');
  const nodes = nodesText === undefined ? undefined : Number(nodesText);
  if (nodes !== undefined && (!Number.isInteger(nodes) || nodes < 1 || nodes > 128)) at.fail('DWH', 'NUM_NODES', 'is not a number of nodes (1-128)');
  if (purpose === 'create') {
    if (nodeType === undefined) throw new ConfigError(`${at.where('DWH', 'NODE_TYPE')} is not set: choose a node type to create the cluster (e.g. ra3.xlplus)`);
    if (nodes === undefined) throw new ConfigError(`${at.where('DWH', 'NUM_NODES')} is not set: choose how many nodes to create`);
  }

  const [dbNameSection, dbName] = at.first([['DWH', 'DB_NAME'], ['CLUSTER', 'DB_NAME']]);
  if (dbName !== undefined) at.check(dbNameSection, 'DB_NAME', RULES.dbName, 'is not a Redshift database name (lowercase letters, digits, _ or $)');
  const [dbUserSection, dbUser] = at.first([['DWH', 'DB_USER'], ['CLUSTER', 'DB_USER']]);
  if (dbUser !== undefined) at.check(dbUserSection, 'DB_USER', RULES.dbUser, 'is not a Redshift user name (lowercase letters, digits, _ or $)');
  const [arnSection, arn] = at.first([['DWH', 'IAM_ROLE_ARN'], ['IAM_ROLE', 'ARN']]);
  if (arn !== undefined) at.check(arnSection, arnSection === 'DWH' ? 'IAM_ROLE_ARN' : 'ARN', RULES.arn, 'is not an IAM role ARN (arn:aws:iam::123456789012:role/name)');
  const [regionSection, region] = at.first([['DWH', 'REGION'], ['S3', 'REGION']]);
  if (region !== undefined) at.check(regionSection, 'REGION', RULES.region, 'is not an AWS region (e.g. us-west-2)');

  const port = at.number('DWH', 'PORT', 5439, (n) => Number.isInteger(n) && n >= 1150 && n <= 65535, 'is not a port Redshift accepts (1150-65535)');
  const pollSeconds = at.number('DWH', 'POLL_SECONDS', 15, (n) => n > 0 && n <= 600, 'is not a delay in seconds (more than 0, at most 600)');
  const waitMinutes = at.number('DWH', 'WAIT_MINUTES', 45, (n) => n > 0, 'is not a number of minutes (more than 0)');
  const publicText = at.get('DWH', 'PUBLICLY_ACCESSIBLE')?.toLowerCase();
  if (publicText !== undefined && !['true', 'false', 'yes', 'no', '1', '0'].includes(publicText)) at.fail('DWH', 'PUBLICLY_ACCESSIBLE', 'is not true or false');
  const groups = (at.get('DWH', 'VPC_SECURITY_GROUP_IDS') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (groups.some((g) => !/^sg-[0-9a-f]+$/.test(g))) at.fail('DWH', 'VPC_SECURITY_GROUP_IDS', 'is not a comma-separated list of security group ids (sg-...)');

  return {
    identifier,
    nodeType,
    nodes,
    dbName: dbName ?? 'sparkify',
    dbUser: dbUser ?? 'sparkify',
    port,
    iamRoleArn: arn,
    region: region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-west-2',
    publiclyAccessible: publicText !== undefined && ['true', 'yes', '1'].includes(publicText),
    securityGroupIds: groups,
    pollSeconds,
    waitMinutes,
  };
}

/** Access to raw settings with their position, for one-line errors that point at the line. */
function settingReader(config: Pick<DwhConfig, 'path' | 'sections'>) {
  const shownFile = (): string => shownPath(config.path);
  const entry = (section: string, key: string) => config.sections.get(section)?.get(key);
  const get = (section: string, key: string): string | undefined => {
    const value = entry(section, key)?.value.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const where = (section: string, key: string): string => {
    const e = entry(section, key);
    return e ? `${shownFile()}:${e.line}: [${section}] ${key}` : `[${section}] ${key}`;
  };
  const fail = (section: string, key: string, problem: string): never => {
    throw new ConfigError(`${where(section, key)} = "${get(section, key) ?? ''}" ${problem}`);
  };
  return {
    get,
    where,
    fail,
    check(section: string, key: string, rule: RegExp, problem: string): string | undefined {
      const value = get(section, key);
      if (value !== undefined && !rule.test(value)) fail(section, key, problem);
      return value;
    },
    first(candidates: [string, string][]): [string, string | undefined] {
      for (const [section, key] of candidates) {
        const value = get(section, key);
        if (value !== undefined) return [section, value];
      }
      return [candidates[0]![0], undefined];
    },
    number(section: string, key: string, fallback: number, ok: (n: number) => boolean, problem: string): number {
      const text = get(section, key);
      if (text === undefined) return fallback;
      const n = Number(text);
      if (!Number.isFinite(n) || !ok(n)) fail(section, key, problem);
      return n;
    },
  };
}
