import pg from 'pg';
import type { DwhConfig, SslMode } from '../config/dwh-cfg.js';
import { ConfigError, WarehouseError } from '../errors.js';
import { warehouseTypes } from './pg-types.js';

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
  if (c.url) return fromUrl(c.url, c.ssl ?? defaults.ssl, defaults.port);
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
function hidePassword(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1@');
}

/** Where a connection goes, for people: `user@host:port/database`, never the password. */
export function describePg(s: PgSettings): string {
  return `${s.user ? `${s.user}@` : ''}${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}/${s.database}`;
}

export interface PgConnectOptions {
  /** Seconds to wait for the server to accept the connection and the login; default 10. */
  connectTimeoutSeconds?: number;
}

/**
 * Opens one connection with the warehouse's type parsers (see pg-types.ts). Every failure is a
 * WarehouseError whose title and message say which of the usual causes it is (see `connectionError`).
 */
export async function connectPg(settings: PgSettings, options: PgConnectOptions = {}): Promise<pg.Client> {
  const seconds = options.connectTimeoutSeconds ?? 10;
  const client = new pg.Client({
    host: settings.host,
    port: settings.port,
    database: settings.database,
    user: settings.user,
    password: settings.password,
    ssl: settings.ssl === 'disable' ? false : { rejectUnauthorized: settings.ssl === 'verify' },
    options: settings.options,
    connectionTimeoutMillis: seconds * 1000,
    keepAlive: true,
    application_name: 'sparkify',
    types: warehouseTypes,
  });
  // Until the owner listens, a connection dropped between statements must not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw connectionError(error, settings, seconds);
  }
  return client;
}

const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/;

/**
 * A failed connection attempt as one line per usual cause. The password is never part of it: pg does not
 * repeat it in its errors, and the messages here name only user, host, port and database.
 */
export function connectionError(error: unknown, s: PgSettings, timeoutSeconds = 10): WarehouseError {
  const e = error as { code?: string; message?: string };
  const code = e?.code ?? '';
  const raw = e?.message ?? String(error);
  const where = describePg(s);
  const fail = (title: string, message: string): WarehouseError =>
    new WarehouseError(title, `${where}: ${message}`, { cause: error });

  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return fail('Host not found', `no host named "${s.host}" (the name does not resolve); check the host name`);
  }
  if (code === 'ECONNREFUSED') {
    return fail('Server not running', `connection refused: nothing listens on port ${s.port} there; is the server running, is the port right?`);
  }
  if (code === '28P01') {
    return fail('Login failed', `password authentication failed for user "${s.user ?? ''}"; check DB_PASSWORD, SPARKIFY_DB_PASSWORD or the URL`);
  }
  if (/client password must be a string|password must be a string/i.test(raw)) {
    return fail('Login failed', 'the server asks for a password and none is set (DB_PASSWORD, SPARKIFY_DB_PASSWORD or the URL)');
  }
  if (code === '3D000') {
    return fail('Database missing', `database "${s.database}" does not exist on this server; create it or check the database name`);
  }
  if (code === '28000') {
    const ssl = /no encryption/i.test(raw) && s.ssl === 'disable' ? '; the server may require SSL: set [CLUSTER] SSL = require' : '';
    return fail('Login refused', `${raw}${ssl}`);
  }
  if (/does not support SSL/i.test(raw)) {
    return fail('SSL not available', 'the server does not accept SSL connections; set [CLUSTER] SSL = disable (or sslmode=disable in the URL)');
  }
  if (CERTIFICATE_CODES.test(code)) {
    return fail(
      'SSL certificate not trusted',
      `the server's certificate cannot be verified (${code}); trust its CA with NODE_EXTRA_CA_CERTS, or set SSL = require to encrypt without verifying`,
    );
  }
  if (code === '53300' || code === '57P03') return fail('Server busy', raw);
  if (/timeout/i.test(raw) || ['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) {
    return fail('Server not reachable', `no answer within ${timeoutSeconds} s; check the host, the port and any firewall or security group`);
  }
  if (/terminated unexpectedly/i.test(raw)) {
    return fail('Connection closed', 'the server hung up during start-up; is it a PostgreSQL server on that port, and does it accept this client?');
  }
  return fail('Cannot connect', raw);
}
