import type { DwhConfig, SslMode } from '../../config/dwh-cfg.js';
import { urlWithoutPassword } from '../../config/secret-text.js';
import { ConfigError } from '../../errors.js';

/*
 * Connection settings of the engines that speak the PostgreSQL protocol, without the driver: describing a
 * target (prompts, dry runs, the TUI) must not load `pg`.
 */

/** Where and how to connect to a PostgreSQL-protocol server (PostgreSQL or Redshift). */
export interface PgSettings {
  host: string;
  port: number;
  database: string;
  user?: string;
  /** Never shown: neither `describePg` nor the connection errors include it. */
  password?: string;
  ssl: SslMode;
  /** Session settings sent at start-up (libpq's `options`, e.g. `-c search_path=analytics`). */
  options?: string;
}

/** What differs between the engines that speak the PostgreSQL protocol. */
export interface PgDefaults {
  port: number;
  ssl: SslMode;
}

/** PostgreSQL: port 5432, no SSL unless asked; Redshift: port 5439, SSL verified. */
export const PG_DEFAULTS: Record<'postgres' | 'redshift', PgDefaults> = {
  postgres: { port: 5432, ssl: 'disable' },
  redshift: { port: 5439, ssl: 'verify' },
};

const SSL_MODES: Record<string, SslMode> = {
  disable: 'disable',
  allow: 'disable',
  prefer: 'disable',
  require: 'require',
  verify: 'verify',
  'verify-ca': 'verify',
  'verify-full': 'verify',
};

/**
 * The connection settings of a config: `--url` / SPARKIFY_DATABASE_URL when given (its `sslmode` and
 * `options` parameters are honoured; without `sslmode`, [CLUSTER] SSL applies), else [CLUSTER] HOST, DB_PORT,
 * DB_NAME, DB_USER, DB_PASSWORD and SSL. Throws a ConfigError naming what is missing or malformed.
 */
export function pgSettings(config: Pick<DwhConfig, 'cluster'>, defaults: PgDefaults): PgSettings {
  const c = config.cluster;
  if (c.url) {
    const settings = fromUrl(c.url, c.ssl ?? defaults.ssl, defaults.port);
    // A URL without a password logs in with DB_PASSWORD / SPARKIFY_DB_PASSWORD (or the one typed in the app).
    return settings.password === undefined && c.dbPassword !== undefined ? { ...settings, password: c.dbPassword } : settings;
  }
  const hint = 'in dwh.cfg, or pass --url postgres://user@host:port/database (or set SPARKIFY_DATABASE_URL)';
  if (!c.host) throw new ConfigError(`[CLUSTER] HOST is not set: say where the server is ${hint}`);
  if (!c.dbName) throw new ConfigError(`[CLUSTER] DB_NAME is not set: name the database ${hint}`);
  return {
    host: c.host,
    port: c.dbPort ?? defaults.port,
    database: c.dbName,
    user: c.dbUser,
    password: c.dbPassword,
    ssl: c.ssl ?? defaults.ssl,
  };
}

function fromUrl(text: string, ssl: SslMode, defaultPort: number): PgSettings {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(
      `--url: "${hidePassword(text)}" is not a URL like postgres://user:password@host:5432/database (characters such as # / @ : in the password must be percent-encoded, # as %23)`,
    );
  }
  const shown = hidePassword(text);
  if (!/^(postgres|postgresql|redshift):$/i.test(url.protocol)) {
    throw new ConfigError(`--url: "${shown}" must start with postgres:// (or postgresql://)`);
  }
  const params = url.searchParams;
  const host = params.get('host') ?? url.hostname.replace(/^\[(.*)\]$/, '$1');
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!host) throw new ConfigError(`--url: "${shown}" names no host`);
  if (!database) throw new ConfigError(`--url: "${shown}" names no database (postgres://user@host:port/database)`);
  const mode = params.get('sslmode');
  if (mode !== null && SSL_MODES[mode] === undefined) {
    throw new ConfigError(`--url: sslmode=${mode} is not an SSL mode; use disable, require, verify-ca or verify-full`);
  }
  return {
    host,
    port: url.port ? Number(url.port) : defaultPort,
    database,
    user: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    ssl: mode !== null ? SSL_MODES[mode]! : ssl,
    options: params.get('options') ?? undefined,
  };
}

/** A URL with its password removed, for messages. */
const hidePassword = urlWithoutPassword;

/** Where a connection goes, for people: `user@host:port/database`, never the password. */
export function describePg(s: PgSettings): string {
  return `${s.user ? `${s.user}@` : ''}${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}/${s.database}`;
}

/**
 * Where a PostgreSQL-protocol engine connects, for people (no secrets), without connecting: the URL without its
 * password, else the [CLUSTER] fields, with `?` for what is not set yet.
 */
export function describeServer(engine: string, config: Pick<DwhConfig, 'cluster'>, defaults: PgDefaults): string {
  if (config.cluster.url) {
    try {
      const url = new URL(config.cluster.url);
      url.password = '';
      return `${engine} ${url.toString()}`;
    } catch {
      return `${engine} (URL from --url)`;
    }
  }
  try {
    return `${engine} ${describePg(pgSettings(config, defaults))}`;
  } catch {
    const c = config.cluster;
    return `${engine} ${describePg({ host: c.host ?? '?', port: c.dbPort ?? defaults.port, database: c.dbName ?? '?', user: c.dbUser, ssl: defaults.ssl })}`;
  }
}
