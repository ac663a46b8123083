import type { DwhConfig } from '../../config/dwh-cfg.js';
import { ConfigError } from '../../errors.js';
import { describePg, PG_DEFAULTS, pgSettings, type PgSettings } from '../postgres/pg-settings.js';
import type { RedshiftApi } from '../../cluster/client.js';
import type { TemporaryCredentials } from './credentials.js';
import { clusterSettings } from '../../cluster/settings.js';

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
export function redshiftConnection(config: DwhConfig, deps: { client?: RedshiftApi; now?: () => number } = {}): RedshiftConnection {
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
