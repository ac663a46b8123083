import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EmbeddedWarehouse } from '../../src/engines/embedded/embedded.js';
import { templateFile } from '../../src/engines/embedded/pglite-template.js';
import { tempDir } from '../helpers/paths.js';

const t = tempDir();
const saved = process.env.SPARKIFY_CACHE_DIR;
beforeAll(() => {
  process.env.SPARKIFY_CACHE_DIR = join(t.dir, 'cache');
});
afterAll(() => {
  if (saved === undefined) delete process.env.SPARKIFY_CACHE_DIR;
  else process.env.SPARKIFY_CACHE_DIR = saved;
  t.cleanup();
});

it('initialises the first new database, saves it empty, and unpacks later new databases from it', async () => {
  const first = await EmbeddedWarehouse.open({ dataDir: join(t.dir, 'a') });
  expect(first.info).toMatchObject({ created: true, fromTemplate: false });
  await first.warehouse.query('CREATE TABLE only_in_a (x INTEGER)');
  await first.warehouse.close();
  const file = templateFile();
  expect(file).toMatch(/cache\/pglite-\d+\.\d+\.\d+-empty\.tar\.gz$/);
  expect(existsSync(file!)).toBe(true);

  const second = await EmbeddedWarehouse.open({ dataDir: join(t.dir, 'b') });
  expect(second.info).toMatchObject({ created: true, fromTemplate: true });
  const tables = await second.warehouse.query("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public'");
  expect(tables.rows[0]).toEqual({ n: 0 }); // the template was saved before anything was written
  await second.warehouse.query('CREATE TABLE t (x INTEGER)');
  await second.warehouse.query('INSERT INTO t VALUES (1), (2)');
  await second.warehouse.close();

  const reopened = await EmbeddedWarehouse.open({ dataDir: join(t.dir, 'b') });
  expect(reopened.info).toMatchObject({ created: false, fromTemplate: false });
  expect((await reopened.warehouse.query('SELECT SUM(x) AS s FROM t')).rows[0]).toEqual({ s: 3 });
  await reopened.warehouse.close();
});

it('is off with SPARKIFY_CACHE_DIR=off', () => {
  expect(templateFile({ SPARKIFY_CACHE_DIR: 'off' })).toBeUndefined();
  expect(templateFile({ XDG_CACHE_HOME: '/x/cache' })).toMatch(/^\/x\/cache\/sparkify\/pglite-/);
  expect(readdirSync(join(t.dir, 'cache'))).toHaveLength(1);
});
