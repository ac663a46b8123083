import type { DwhConfig } from '../../config/dwh-cfg.js';
import { ConfigError } from '../../errors.js';
import { describePg, PG_DEFAULTS, pgSettings, type PgSettings } from '../postgres/pg-settings.js';
import type { RedshiftApi } from '../../cluster/client.js';
import type { LoginCache, TemporaryCredentials } from './credentials.js';
import type { ServerlessApi } from './serverless.js';
import { clusterRegion, clusterSettings } from '../../cluster/settings.js';

/** How to open connections to the configured cluster; `settings()` is called for each new connection. */
export interface RedshiftConnection {
  /** Where it connects, for people: never a secret. */
  target: string;
  /** How it logs in, for people, e.g. "password from dwh.cfg". */
  auth: string;
  /** Where and as whom to connect now (temporary credentials are renewed here when about to expire). */
  settings(): Promise<PgSettings>;
}

/**
 * The connection of the redshift engine, from [CLUSTER] (or --url): port 5439 unless DB_PORT says otherwise, SSL
 * on and verified unless [CLUSTER] SSL says `require` (encrypt without checking the certificate) or `disable`
 * (tunnels and emulators only). Redshift's certificates chain to Amazon's root CAs, which Node trusts.
 *
 * With no password, every new connection logs in with temporary credentials of the cluster named by
 * [DWH] CLUSTER_IDENTIFIER: GetClusterCredentials for [CLUSTER] DB_USER, or, with no user either,
 * GetClusterCredentialsWithIAM (the database user is derived from the caller's IAM identity).
 */
export function redshiftConnection(config: DwhConfig, deps: { client?: RedshiftApi; serverless?: ServerlessApi; now?: () => number } = {}): RedshiftConnection {
  const workgroup = workgroupOf(config);
  if (workgroup !== undefined) return workgroupConnection(config, workgroup, deps);
  const base = pgSettings(config, PG_DEFAULTS.redshift);
  const target = `redshift ${describePg(base)}`;
  if (base.password) {
    if (!base.user) throw new ConfigError('[CLUSTER] DB_USER is not set: name the database user of DB_PASSWORD');
    return { target, auth: 'password from the configuration', settings: async () => base };
  }
  if (config.settings.text('DWH CLUSTER_IDENTIFIER') === undefined) {
    throw new ConfigError(
      '[CLUSTER] DB_PASSWORD is empty and [DWH] CLUSTER_IDENTIFIER is not set: set a password, or the cluster identifier to log in with temporary IAM credentials',
    );
  }
  const cluster = clusterSettings(config);
  // The AWS SDK takes a while to load: only a login with temporary credentials needs it, so it is loaded on the
  // first connection that does.
  let credentials: Promise<TemporaryCredentials> | undefined;
  const loadCredentials = async (): Promise<TemporaryCredentials> => {
    const [{ TemporaryCredentials }, { redshiftClient }] = await Promise.all([import('./credentials.js'), import('../../cluster/client.js')]);
    return new TemporaryCredentials({
      client: deps.client ?? redshiftClient(cluster),
      clusterIdentifier: cluster.identifier,
      region: cluster.region,
      dbName: base.database,
      dbUser: base.user,
      now: deps.now,
    });
  };
  const how = base.user ? `GetClusterCredentials for ${base.user}` : 'GetClusterCredentialsWithIAM';
  return {
    target,
    auth: `temporary credentials from ${how} on cluster ${cluster.identifier}`,
    async settings() {
      credentials ??= loadCredentials();
      const login = await (await credentials).get();
      return { ...base, user: login.user, password: login.password };
    },
  };
}

/**
 * A Serverless workgroup ([DWH] WORKGROUP): [CLUSTER] HOST when set, else the endpoint GetWorkgroup reports (asked
 * once, on the first connection); a password when [CLUSTER] DB_PASSWORD is set, else temporary credentials from
 * GetCredentials for the caller's IAM identity, renewed before they expire. The database is [CLUSTER] DB_NAME, else
 * `dev` (the database a new namespace gets).
 */
function workgroupConnection(config: DwhConfig, workgroup: string, deps: { serverless?: ServerlessApi; now?: () => number }): RedshiftConnection {
  const c = config.cluster;
  const written = c.url || c.host ? pgSettings(config, PG_DEFAULTS.redshift) : undefined;
  if (written?.password && !written.user) throw new ConfigError('[CLUSTER] DB_USER is not set: name the database user of DB_PASSWORD');
  const region = clusterRegion(config);
  const database = written?.database ?? c.dbName ?? 'dev';
  let client: Promise<ServerlessApi> | undefined;
  const api = (): Promise<ServerlessApi> =>
    (client ??= deps.serverless ? Promise.resolve(deps.serverless) : import('./serverless.js').then((m) => m.serverlessClient(region)));
  let endpoint: Promise<{ host: string; port: number }> | undefined;
  const findEndpoint = async (): Promise<{ host: string; port: number }> => {
    const { describeWorkgroup } = await import('./serverless.js');
    const info = await describeWorkgroup(await api(), workgroup, region);
    if (!info) throw new ConfigError(`${config.settings.where('DWH WORKGROUP')} = "${workgroup}": no such Serverless workgroup in ${region} (sparkify cluster create makes it)`);
    if (!info.endpoint) throw new ConfigError(`workgroup ${workgroup} in ${region} has no endpoint yet (status ${info.status}): try again when it is AVAILABLE`);
    return info.endpoint;
  };
  let logins: LoginCache | undefined;
  const login = async (): Promise<{ user?: string; password?: string }> => {
    if (written?.password) return { user: written.user, password: written.password };
    if (!logins) {
      const [{ LoginCache }, { workgroupLogin }] = await Promise.all([import('./credentials.js'), import('./serverless.js')]);
      const serverless = await api();
      logins = new LoginCache(() => workgroupLogin({ client: serverless, workgroup, region, dbName: database }), { now: deps.now });
    }
    return logins.get();
  };
  const where = written ? describePg(written) : `${database} on the endpoint of workgroup ${workgroup} in ${region}`;
  return {
    target: `redshift serverless ${where}${written ? ` (workgroup ${workgroup})` : ''}`,
    auth: written?.password ? 'password from the configuration' : `temporary credentials from GetCredentials on workgroup ${workgroup}`,
    async settings() {
      const at = written ? { host: written.host, port: written.port } : await (endpoint ??= findEndpoint().catch((error: unknown) => {
        endpoint = undefined;
        throw error;
      }));
      const { user, password } = await login();
      return { host: at.host, port: at.port, database, user, password, ssl: written?.ssl ?? c.ssl ?? PG_DEFAULTS.redshift.ssl };
    },
  };
}

/** A Serverless workgroup has no STL or STV tables and no slices to see: progress and load errors come from SYS views. */
export function isServerless(config: Pick<DwhConfig, 'settings'>): boolean {
  return config.settings.text('DWH WORKGROUP') !== undefined;
}

/** The Serverless workgroup dwh.cfg names ([DWH] WORKGROUP), if any; naming a cluster as well is refused. */
export function workgroupOf(config: Pick<DwhConfig, 'settings'>): string | undefined {
  const s = config.settings;
  const workgroup = s.text('DWH WORKGROUP');
  if (workgroup !== undefined && s.text('DWH CLUSTER_IDENTIFIER') !== undefined) {
    throw new ConfigError(`${s.where('DWH WORKGROUP')} and ${s.where('DWH CLUSTER_IDENTIFIER')} are both set: name the Serverless workgroup or the cluster, not both`);
  }
  return workgroup;
}
