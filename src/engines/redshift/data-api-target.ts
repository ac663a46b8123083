/** The Data API's target from dwh.cfg, without the AWS SDK (the dry run and the target line need it cheap). */
import type { DwhConfig } from '../../config/dwh-cfg.js';
import { clusterRegion } from '../../cluster/settings.js';
import { ConfigError } from '../../errors.js';
import { workgroupOf } from './connection.js';

/** Where and as whom statements run: a cluster (with a database user or a secret) or a Serverless workgroup. */
export interface DataApiTarget {
  clusterIdentifier?: string;
  workgroupName?: string;
  database: string;
  /** Clusters: the database user whose temporary credentials the API gets (redshift:GetClusterCredentials). */
  dbUser?: string;
  /** A Secrets Manager secret holding the user and password, instead of temporary credentials. */
  secretArn?: string;
  region: string;
}

/**
 * The target from dwh.cfg: [DWH] WORKGROUP or CLUSTER_IDENTIFIER (one is needed: the API names what it runs on),
 * the database [CLUSTER] DB_NAME (default dev), [CLUSTER] DB_USER for a cluster (without it the caller's IAM
 * identity is the user), [REDSHIFT] SECRET_ARN when set. A password in dwh.cfg is not used: the API takes none.
 */
export function dataApiTarget(config: DwhConfig): DataApiTarget {
  const s = config.settings;
  const workgroupName = workgroupOf(config);
  const clusterIdentifier = s.text('DWH CLUSTER_IDENTIFIER');
  if (!workgroupName && !clusterIdentifier) {
    throw new ConfigError(`${s.where('REDSHIFT TRANSPORT')} = data-api needs [DWH] CLUSTER_IDENTIFIER or [DWH] WORKGROUP: the Data API runs statements on a named cluster or workgroup`);
  }
  const secretArn = s.text('REDSHIFT SECRET_ARN');
  return {
    ...(workgroupName ? { workgroupName } : { clusterIdentifier }),
    database: config.cluster.dbName ?? 'dev',
    ...(secretArn ? { secretArn } : workgroupName || !config.cluster.dbUser ? {} : { dbUser: config.cluster.dbUser }),
    region: clusterRegion(config),
  };
}

/** For people: where statements go, as whom, and that they go through the Data API. */
export function describeDataApiTarget(target: DataApiTarget): string {
  const on = target.workgroupName ? `serverless workgroup ${target.workgroupName}` : `cluster ${target.clusterIdentifier}`;
  const as = target.secretArn ? ', login from its Secrets Manager secret' : target.dbUser ? ` as ${target.dbUser}` : ' as the caller’s IAM identity';
  return `redshift ${on}/${target.database} in ${target.region}${as}, through the Redshift Data API (HTTPS, no port 5439)`;
}
