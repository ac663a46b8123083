import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { RedshiftWarehouse } from '../../src/engines/redshift/redshift.js';
import { tempDir } from '../helpers/paths.js';
import { FakeRedshift } from './fake-redshift.js';

// Records when the Redshift API client is first imported: it takes a while to load.
const sdk = vi.hoisted(() => ({ loaded: false }));
vi.mock('@aws-sdk/client-redshift', async (importOriginal) => {
  sdk.loaded = true;
  return importOriginal();
});

const t = tempDir();
afterAll(() => t.cleanup());

function config(name: string, text: string) {
  const file = join(t.dir, name);
  writeFileSync(file, `[WAREHOUSE]\nENGINE = redshift\n[CLUSTER]\nHOST = dwh.example.com\nDB_NAME = sparkify\nDB_USER = etl\n${text}`);
  return loadConfig(file, { required: true, env: {} });
}

it('loads the AWS SDK only to log in with temporary credentials', async () => {
  const fake = new FakeRedshift();
  const withPassword = await RedshiftWarehouse.open(config('password.cfg', 'DB_PASSWORD = S3cret-Pa55\n'), { connector: fake.connector });
  const session = await withPassword.warehouse.openSession();
  await Promise.all([session.close(), withPassword.warehouse.close()]);
  expect(sdk.loaded).toBe(false);

  const send = vi.fn(async () => ({ DbUser: 'IAM:etl', DbPassword: 'temp-password', Expiration: new Date(Date.now() + 900_000) }));
  const temporary = await RedshiftWarehouse.open(config('iam.cfg', '[DWH]\nCLUSTER_IDENTIFIER = sparkify-dwh\n'), { connector: fake.connector, redshift: { send } as never });
  expect(sdk.loaded).toBe(true);
  expect(send).toHaveBeenCalledTimes(1);
  expect(fake.logins.map((l) => [l.user, l.password])).toEqual([
    ['etl', 'S3cret-Pa55'],
    ['etl', 'S3cret-Pa55'],
    ['IAM:etl', 'temp-password'],
  ]);
  await temporary.warehouse.close();
});
