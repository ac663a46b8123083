import { afterAll, describe, expect, it } from 'vitest';
import { ensureAllSql } from '../../src/sql/ddl.js';
import { dialectOf } from '../../src/warehouse/open.js';
import { enginesUnderTest, openFor } from '../helpers/engines.js';

describe.each(enginesUnderTest())('tables made by an older version, on $name', (engine) => {
  afterAll(() => engine.cleanup());

  it('a logged staging table is made unlogged by the next run, and an unlogged one is left as it is', async () => {
    const config = engine.config();
    const warehouse = await openFor(config);
    try {
      const ensure = ensureAllSql(dialectOf(config.engine));
      await warehouse.transaction(ensure);
      const persistence = async (): Promise<string> =>
        String((await warehouse.query<{ p: string }>("SELECT relpersistence AS p FROM pg_class WHERE oid = 'staging_events'::regclass")).rows[0]?.p);
      expect(await persistence()).toBe('u');
      await warehouse.query('ALTER TABLE staging_events SET LOGGED');
      expect(await persistence()).toBe('p');
      await warehouse.transaction(ensure);
      expect(await persistence()).toBe('u');
      await warehouse.transaction(ensure);
      expect(await persistence()).toBe('u');
    } finally {
      await warehouse.close();
    }
  });
});
