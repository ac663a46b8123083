import pg from 'pg';
import { errorText, WarehouseError } from '../../errors.js';
import { describePg, type PgSettings } from './pg-settings.js';
import { warehouseTypes } from './pg-types.js';

export interface PgConnectOptions {
  /** Seconds to wait for the server to accept the connection and the login; default 10. */
  connectTimeoutSeconds?: number;
}

/**
 * The `pg` client options of a connection (PostgreSQL and Redshift alike): SSL from the settings, keepalives
 * (a long COPY keeps a connection silent for minutes, and NAT gateways drop idle TCP connections: AWS NAT after
 * 350 s), the warehouse's type parsers (see pg-types.ts).
 */
export function pgClientConfig(s: PgSettings, timeoutSeconds: number): pg.ClientConfig {
  return {
    host: s.host,
    port: s.port,
    database: s.database,
    user: s.user,
    password: s.password,
    ssl: s.ssl === 'disable' ? false : { rejectUnauthorized: s.ssl === 'verify' },
    options: s.options,
    connectionTimeoutMillis: timeoutSeconds * 1000,
    keepAlive: true,
    application_name: 'sparkify',
    types: warehouseTypes,
  };
}

/** The part of a client that opening a connection needs (a `pg` Client, or a test's fake). */
export interface Connectable {
  connect(): Promise<unknown>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Connects a client; on failure closes it and throws a WarehouseError saying which of the usual causes it
 * is (see `connectionError`).
 */
export async function openClient<C extends Connectable>(client: C, settings: PgSettings, timeoutSeconds: number): Promise<C> {
  // Until the owner listens, a connection dropped between statements must not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw connectionError(error, settings, timeoutSeconds);
  }
  return client;
}

/** Opens one PostgreSQL connection with the warehouse's settings. */
export async function connectPg(settings: PgSettings, options: PgConnectOptions = {}): Promise<pg.Client> {
  const seconds = options.connectTimeoutSeconds ?? 10;
  return openClient(new pg.Client(pgClientConfig(settings, seconds)), settings, seconds);
}

const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/;

/**
 * A failed connection attempt as one line per usual cause. The password is never part of it: pg does not
 * repeat it in its errors, and the messages here name only user, host, port and database.
 */
export function connectionError(error: unknown, s: PgSettings, timeoutSeconds = 10): WarehouseError {
  const e = error as { code?: string; message?: string };
  const code = e?.code ?? '';
  const raw = e?.message ?? errorText(error);
  const where = describePg(s);
  const fail = (title: string, message: string, password?: 'missing' | 'wrong'): WarehouseError =>
    new WarehouseError(title, `${where}: ${message}`, { cause: error, password });

  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return fail('Host not found', `no host named "${s.host}" (the name does not resolve); check the host name`);
  }
  if (code === 'ECONNREFUSED') {
    return fail('Server not running', `connection refused: nothing listens on port ${s.port} there; is the server running, is the port right?`);
  }
  if (code === '28P01') {
    return fail('Login failed', `password authentication failed for user "${s.user ?? ''}"; check DB_PASSWORD, SPARKIFY_DB_PASSWORD or the URL`, 'wrong');
  }
  if (/client password must be a string|password must be a string/i.test(raw)) {
    return fail('Login failed', 'the server asks for a password and none is set (DB_PASSWORD, SPARKIFY_DB_PASSWORD or the URL)', 'missing');
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
