import { GetClusterCredentialsCommand, GetClusterCredentialsWithIAMCommand } from '@aws-sdk/client-redshift';
import type { RedshiftApi } from '../../cluster/client.js';
import { clusterError } from '../../cluster/errors.js';

/** A database login. The password is a secret: it is never printed, logged or put into an error. */
export interface DbLogin {
  user: string;
  password: string;
  /** When a temporary password stops working for new connections. */
  expiresAt?: Date;
}

export interface TemporaryCredentialsOptions {
  client: RedshiftApi;
  clusterIdentifier: string;
  region: string;
  dbName: string;
  /**
   * The database user to log in as, with GetClusterCredentials (the caller needs redshift:GetClusterCredentials
   * on that user). Without one, GetClusterCredentialsWithIAM maps the caller's IAM identity to a database user.
   */
  dbUser?: string;
  /** Lifetime asked for, 900-3600 seconds; default 900 (AWS's minimum: a leaked password is useless soon). */
  durationSeconds?: number;
  /** Fetch new credentials this long before they expire; default 60 seconds. */
  refreshMarginSeconds?: number;
  /** The clock, for tests; default Date.now. */
  now?: () => number;
}

/**
 * Temporary database credentials from the Redshift API, fetched on first use and again whenever the cached
 * ones are about to expire. Expiry only matters when a connection opens (Redshift checks the password at login;
 * an open session outlives it), so `get()` is called for every new connection.
 */
export class TemporaryCredentials {
  private readonly cache: LoginCache;

  constructor(options: TemporaryCredentialsOptions) {
    this.cache = new LoginCache(() => clusterLogin(options), options);
  }

  get(): Promise<DbLogin> {
    return this.cache.get();
  }
}

/** A login fetched on first use and again within `refreshMarginSeconds` of its expiry; callers at once share one fetch. */
export class LoginCache {
  private cached?: DbLogin;
  private pending?: Promise<DbLogin>;

  constructor(
    private readonly fetch: () => Promise<DbLogin>,
    private readonly options: { refreshMarginSeconds?: number; now?: () => number } = {},
  ) {}

  async get(): Promise<DbLogin> {
    const now = (this.options.now ?? Date.now)();
    const margin = (this.options.refreshMarginSeconds ?? 60) * 1000;
    if (this.cached && (!this.cached.expiresAt || this.cached.expiresAt.getTime() - margin > now)) return this.cached;
    // Connections opened at the same time share one request.
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    this.cached = await this.pending;
    return this.cached;
  }
}

async function clusterLogin(options: TemporaryCredentialsOptions): Promise<DbLogin> {
  const { client, clusterIdentifier, region, dbName, dbUser } = options;
  const DurationSeconds = options.durationSeconds ?? 900;
  try {
    const out = dbUser
      ? await client.send(new GetClusterCredentialsCommand({ ClusterIdentifier: clusterIdentifier, DbName: dbName, DbUser: dbUser, DurationSeconds, AutoCreate: false }))
      : await client.send(new GetClusterCredentialsWithIAMCommand({ ClusterIdentifier: clusterIdentifier, DbName: dbName, DurationSeconds }));
    if (!out.DbUser || !out.DbPassword) throw new Error('the Redshift API returned no credentials');
    return { user: out.DbUser, password: out.DbPassword, expiresAt: out.Expiration };
  } catch (error) {
    const operation = dbUser ? 'GetClusterCredentials' : 'GetClusterCredentialsWithIAM';
    throw clusterError(error, { action: 'get database credentials for', operation, identifier: clusterIdentifier, region });
  }
}
