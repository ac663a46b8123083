import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type ConfigOverrides, type DwhConfig } from '../../src/config/dwh-cfg.js';
import { openWarehouse } from '../../src/warehouse/open.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { ROOT, tempDir } from './paths.js';

/** An engine the database tests run against: every test file loops over the available ones. */
export interface EngineUnderTest {
  name: 'embedded' | 'postgres';
  /** A config for this engine with a fresh, empty database, plus the given overrides. */
  config(overrides?: ConfigOverrides): DwhConfig;
  /** CLI flags selecting the same database (for subprocess tests). */
  flags(config: DwhConfig): string[];
  cleanup(): Promise<void>;
}

/** A fresh embedded database folder: a copy of the run's template (creating one costs seconds). */
export function embeddedDataDir(): { dir: string; cleanup: () => void } {
  const t = tempDir('sparkify-db-');
  const dataDir = join(t.dir, 'pglite');
  const template = inject('pgliteTemplate');
  if (template) cpSync(template, dataDir, { recursive: true });
  return { dir: dataDir, cleanup: t.cleanup };
}

function embedded(): EngineUnderTest {
  const dirs: (() => void)[] = [];
  return {
    name: 'embedded',
    config(overrides = {}) {
      const d = embeddedDataDir();
      dirs.push(d.cleanup);
      return loadConfig('no-such-dwh.cfg', { overrides: { engine: 'embedded', dataDir: d.dir, ...overrides }, env: {} });
    },
    flags: (config) => ['--engine', 'embedded', '--data-dir', config.dataDir],
    async cleanup() {
      for (const c of dirs.splice(0)) c();
    },
  };
}

/** The PostgreSQL server the tests may use (.ci/run sets it); without it the postgres engine is skipped. */
export const TEST_PG_URL = process.env.SPARKIFY_TEST_PG_URL?.trim() || undefined;

/**
 * Runs SQL on the test server synchronously, in a child process: `config()` is synchronous (it is called in
 * describe bodies and beforeAll alike), and a fresh database must exist before it returns.
 */
function runSqlSync(url: string, sql: string): void {
  const script = `const pg = require('pg'); const c = new pg.Client(process.env.URL);
c.connect().then(() => c.query(process.env.SQL)).then(() => c.end()).catch((e) => { console.error(e.message); process.exit(1); });`;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, env: { ...process.env, URL: url, SQL: sql }, encoding: 'utf8', timeout: 30_000 });
  if (run.status !== 0) throw new Error(`cannot prepare the test database: ${run.stderr.trim() || run.error?.message}`);
}

/** A URL whose sessions work in a schema of their own: each config gets an empty database of its own. */
export function postgresSchemaUrl(base: string, schema: string): string {
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

function postgres(base: string): EngineUnderTest {
  const schemas: string[] = [];
  return {
    name: 'postgres',
    config(overrides = {}) {
      const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
      runSqlSync(base, `CREATE SCHEMA ${schema}`);
      schemas.push(schema);
      return loadConfig('no-such-dwh.cfg', { overrides: { engine: 'postgres', url: postgresSchemaUrl(base, schema), ...overrides }, env: {} });
    },
    flags: (config) => ['--engine', 'postgres', '--url', config.cluster.url ?? ''],
    async cleanup() {
      const drop = schemas.splice(0);
      if (drop.length === 0) return;
      const client = new pg.Client(base);
      await client.connect();
      try {
        for (const schema of drop) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The engines available here: embedded always; postgres where SPARKIFY_TEST_PG_URL names a server. */
export function enginesUnderTest(): EngineUnderTest[] {
  return TEST_PG_URL ? [embedded(), postgres(TEST_PG_URL)] : [embedded()];
}

export async function openFor(config: DwhConfig): Promise<Warehouse> {
  return (await openWarehouse(config)).warehouse;
}
