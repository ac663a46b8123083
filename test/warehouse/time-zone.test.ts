import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { enginesUnderTest, openFor } from '../helpers/engines.js';

describe.each(enginesUnderTest())('time zones and failing statements on $name', (engine) => {
  let warehouse: Warehouse;
  beforeAll(async () => {
    warehouse = await openFor(engine.config());
  });
  afterAll(async () => {
    await warehouse.close();
    await engine.cleanup();
  });

  it('reads and binds TIMESTAMP values as UTC whatever the time zone of the process', async () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata';
    try {
      expect(new Date(2018, 10, 1).getTimezoneOffset()).toBe(-330); // the zone did change
      const r = await warehouse.query<{ t: Date; p: Date; d: Date; bc: Date }>(
        "SELECT TIMESTAMP '2018-11-01 16:00:01.796' AS t, CAST($1 AS TIMESTAMP) AS p, DATE '2018-11-30' AS d, TIMESTAMP '0044-03-15 12:00:00 BC' AS bc",
        [new Date(Date.UTC(2018, 10, 1, 16))],
      );
      expect(r.rows[0]!.t.toISOString()).toBe('2018-11-01T16:00:01.796Z');
      expect(r.rows[0]!.p.toISOString()).toBe('2018-11-01T16:00:00.000Z');
      expect(r.rows[0]!.d.toISOString()).toBe('2018-11-30T00:00:00.000Z');
      expect(r.rows[0]!.bc.toISOString()).toBe('-000043-03-15T12:00:00.000Z');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('names the statement of a transaction that failed, and keeps none of them', async () => {
    await warehouse.query('CREATE TABLE tz_t (a INTEGER)');
    const error = await warehouse.transaction(['INSERT INTO tz_t VALUES (1)', 'SELECT * FROM no_such_table', 'INSERT INTO tz_t VALUES (2)']).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/no_such_table.*\(in: SELECT \* FROM no_such_table\)$/);
    expect((error as Error).message).not.toContain('INSERT');
    expect((await warehouse.query('SELECT COUNT(*) AS n FROM tz_t')).rows[0]).toEqual({ n: 0 });
  });
});
