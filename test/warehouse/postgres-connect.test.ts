import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, WarehouseError } from '../../src/errors.js';
import { describePg, pgSettings, type PgSettings } from '../../src/engines/postgres/pg-settings.js';
import { PostgresWarehouse } from '../../src/engines/postgres/postgres.js';
import { TEST_PG_URL } from '../helpers/engines.js';

const DEFAULTS = { port: 5432, ssl: 'disable' } as const;

function fromUrl(url: string): PgSettings {
  return pgSettings({ cluster: { url } }, DEFAULTS);
}

/** Opens and expects a refusal; returns the error and how long it took. */
async function refusal(settings: PgSettings, connectTimeoutSeconds = 5): Promise<{ error: WarehouseError; ms: number }> {
  const started = Date.now();
  try {
    const { warehouse } = await PostgresWarehouse.open({ settings, connectTimeoutSeconds });
    await warehouse.close();
  } catch (error) {
    expect(error).toBeInstanceOf(WarehouseError);
    return { error: error as WarehouseError, ms: Date.now() - started };
  }
  throw new Error('the connection was expected to fail');
}

interface FakeServer {
  port: number;
  close(): Promise<void>;
}

/** A TCP server on loopback that answers a connection the given way (stays silent, or hangs up). */
async function fakeServer(onConnection: (socket: Socket) => void): Promise<FakeServer> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('postgres connection settings', () => {
  it('reads a URL: user, password, port, database, sslmode and session options', () => {
    const s = fromUrl('postgresql://ann%40corp:p%40ss%3Aword@db.example.com:6543/sales?sslmode=verify-full&options=-c%20search_path%3Dstar');
    expect(s).toEqual({ host: 'db.example.com', port: 6543, database: 'sales', user: 'ann@corp', password: 'p@ss:word', ssl: 'verify', options: '-c search_path=star' });
    expect(fromUrl('postgres://ann@db/sales')).toMatchObject({ port: 5432, ssl: 'disable', password: undefined });
    expect(fromUrl('postgres://ann@db/sales?sslmode=require').ssl).toBe('require');
    expect(pgSettings({ cluster: { url: 'postgres://ann@db/sales', ssl: 'require' } }, DEFAULTS).ssl).toBe('require');
  });

  it('reads [CLUSTER] fields, with the engine defaults for what is not set', () => {
    const s = pgSettings({ cluster: { host: 'db', dbName: 'dwh', dbUser: 'etl', dbPassword: 'Secret#1' } }, DEFAULTS);
    expect(s).toEqual({ host: 'db', port: 5432, database: 'dwh', user: 'etl', password: 'Secret#1', ssl: 'disable' });
    expect(describePg(s)).toBe('etl@db:5432/dwh');
    expect(describePg({ ...s, host: '::1' })).toBe('etl@[::1]:5432/dwh');
  });

  it('logs in with DB_PASSWORD when the URL names none; a password in the URL wins', () => {
    expect(pgSettings({ cluster: { url: 'postgres://ann@db/sales', dbPassword: 'Typed#1' } }, DEFAULTS).password).toBe('Typed#1');
    expect(pgSettings({ cluster: { url: 'postgres://ann:In%23Url@db/sales', dbPassword: 'Typed#1' } }, DEFAULTS).password).toBe('In#Url');
  });

  it('fails with one line naming what is missing or malformed, never showing the password', () => {
    expect(() => pgSettings({ cluster: { dbName: 'dwh' } }, DEFAULTS)).toThrow(ConfigError);
    expect(() => pgSettings({ cluster: { dbName: 'dwh' } }, DEFAULTS)).toThrow(/^\[CLUSTER\] HOST is not set: say where the server is in dwh.cfg, or pass --url/);
    expect(() => pgSettings({ cluster: { host: 'db' } }, DEFAULTS)).toThrow(/^\[CLUSTER\] DB_NAME is not set/);
    expect(() => fromUrl('postgres://ann:Secret1@db:5432')).toThrow('--url: "postgres://ann@db:5432" names no database (postgres://user@host:port/database)');
    expect(() => fromUrl('postgres://ann:Secret#1@db:5432/x')).toThrow(
      '--url: "postgres://ann@db:5432/x" is not a URL like postgres://user:password@host:5432/database (characters such as # / @ : in the password must be percent-encoded, # as %23)',
    );
    expect(() => fromUrl('mysql://ann:Secret1@db/x')).toThrow('--url: "mysql://ann@db/x" must start with postgres:// (or postgresql://)');
    expect(() => fromUrl('postgres://ann@db/x?sslmode=maybe')).toThrow('--url: sslmode=maybe is not an SSL mode; use disable, require, verify-ca or verify-full');
  });
});

describe('postgres connection failures, each with its own message', () => {
  const base: PgSettings = { host: '127.0.0.1', port: 5432, database: 'dwh', user: 'etl', password: 'Secret#1', ssl: 'disable' };
  const servers: FakeServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it('a host name that does not resolve', async () => {
    const { error } = await refusal({ ...base, host: 'no-such-host.invalid' });
    expect(error.title).toBe('Host not found');
    expect(error.message).toBe('etl@no-such-host.invalid:5432/dwh: no host named "no-such-host.invalid" (the name does not resolve); check the host name');
  });

  it('a port nothing listens on (server down)', async () => {
    const closed = await fakeServer(() => undefined);
    await closed.close();
    const port = closed.port;
    const { error, ms } = await refusal({ ...base, port });
    expect(error.title).toBe('Server not running');
    expect(error.message).toBe(`etl@127.0.0.1:${port}/dwh: connection refused: nothing listens on port ${port} there; is the server running, is the port right?`);
    expect(ms).toBeLessThan(2000);
  });

  it('a server that never answers, within the connect timeout', async () => {
    const server = await fakeServer(() => undefined);
    servers.push(server);
    const port = server.port;
    const { error, ms } = await refusal({ ...base, port }, 1);
    expect(error.title).toBe('Server not reachable');
    expect(error.message).toBe(`etl@127.0.0.1:${port}/dwh: no answer within 1 s; check the host, the port and any firewall or security group`);
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(3000);
  });

  it('something on the port that hangs up', async () => {
    const server = await fakeServer((socket) => socket.destroy());
    servers.push(server);
    const port = server.port;
    const { error } = await refusal({ ...base, port });
    expect(error.title).toBe('Connection closed');
    expect(error.message).toMatch(new RegExp(`^etl@127\\.0\\.0\\.1:${port}/dwh: the server hung up during start-up`));
    expect(error.message).not.toContain('Secret#1');
  });
});

describe.skipIf(!TEST_PG_URL)('postgres login failures and a live connection', () => {
  const good = TEST_PG_URL ? fromUrl(TEST_PG_URL) : (undefined as unknown as PgSettings);

  it('a wrong password', async () => {
    const { error } = await refusal({ ...good, password: 'Wrong-Password-1' });
    expect(error.title).toBe('Login failed');
    expect(error.message).toBe(`${describePg(good)}: password authentication failed for user "${good.user}"; check DB_PASSWORD, SPARKIFY_DB_PASSWORD or the URL`);
    expect(error.message).not.toContain('Wrong-Password-1');
    expect((error as WarehouseError).password).toBe('wrong');
  });

  it('no password where the server asks for one (the app then asks for it)', async () => {
    const { error } = await refusal({ ...good, password: undefined });
    expect(error.title).toBe('Login failed');
    expect(error.message).toContain('the server asks for a password and none is set');
    expect((error as WarehouseError).password).toBe('missing');
  });

  it('a database that does not exist', async () => {
    const { error } = await refusal({ ...good, database: 'no_such_database' });
    expect(error.title).toBe('Database missing');
    expect(error.message).toBe(`${describePg({ ...good, database: 'no_such_database' })}: database "no_such_database" does not exist on this server; create it or check the database name`);
  });

  it('SSL asked of a server without it', async () => {
    const { warehouse } = await PostgresWarehouse.open({ settings: good });
    const ssl = (await warehouse.query<{ ssl: string }>('SHOW ssl')).rows[0]!.ssl;
    await warehouse.close();
    if (ssl === 'on') return; // this server speaks SSL: nothing to refuse
    const { error } = await refusal({ ...good, ssl: 'require' });
    expect(error.title).toBe('SSL not available');
    expect(error.message).toBe(`${describePg(good)}: the server does not accept SSL connections; set [CLUSTER] SSL = disable (or sslmode=disable in the URL)`);
  });

  describe('an open connection', () => {
    let warehouse: PostgresWarehouse;
    beforeAll(async () => {
      warehouse = (await PostgresWarehouse.open({ settings: good })).warehouse;
    });
    afterAll(() => warehouse.close());

    it('names where it connects without the password', () => {
      expect(warehouse.target).toBe(`PostgreSQL server ${describePg(good)}`);
      if (good.password) expect(warehouse.target).not.toContain(`:${good.password}`);
    });

    it('reads timestamps as UTC whatever the time zone of the process', async () => {
      const zone = process.env.TZ;
      process.env.TZ = 'America/Los_Angeles';
      try {
        expect(new Date(2018, 10, 1).getTimezoneOffset()).toBe(420); // the zone did change
        const r = await warehouse.query<{ t: Date; p: Date; z: Date }>(
          "SELECT TIMESTAMP '2018-11-01 16:00:01.796' AS t, $1::timestamp AS p, TIMESTAMPTZ '2018-11-01 16:00:00+00' AS z",
          [new Date(Date.UTC(2018, 10, 1, 16))],
        );
        expect(r.rows[0]!.t.toISOString()).toBe('2018-11-01T16:00:01.796Z');
        expect(r.rows[0]!.p.toISOString()).toBe('2018-11-01T16:00:00.000Z');
        expect(r.rows[0]!.z.toISOString()).toBe('2018-11-01T16:00:00.000Z');
        const old = await warehouse.query<{ a: Date; b: Date }>("SELECT TIMESTAMP '0044-03-15 12:00:00.123456' AS a, TIMESTAMP '0044-03-15 12:00:00 BC' AS b");
        expect(old.rows[0]!.a.toISOString()).toBe('0044-03-15T12:00:00.123Z');
        expect(old.rows[0]!.b.toISOString()).toBe('-000043-03-15T12:00:00.000Z');
      } finally {
        if (zone === undefined) delete process.env.TZ;
        else process.env.TZ = zone;
      }
    });

    it('reports a connection lost between statements as such, without crashing', async () => {
      const other = (await PostgresWarehouse.open({ settings: good })).warehouse;
      const pid = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await warehouse.query('SELECT pg_terminate_backend($1)', [pid]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await expect(other.query('SELECT 1')).rejects.toMatchObject({ title: 'Connection lost', message: expect.stringMatching(new RegExp(`^PostgreSQL server ${describePg(good).replace(/[.[\]]/g, '\\$&')}: `)) });
      await other.close();
    });
  });
});
