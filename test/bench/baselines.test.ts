import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classicInserts, parseOnly, writeEventsCsv } from '../../src/bench/baselines.js';
import { renderReport, s3Section } from '../../src/bench/report.js';
import { createTableSql } from '../../src/sql/ddl.js';
import { postgresDialect } from '../../src/sql/dialect.js';
import { STAGING_EVENTS } from '../../src/sql/tables.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { enginesUnderTest, openFor } from '../helpers/engines.js';
import { writeFixture, type Fixture } from '../helpers/fixture.js';
import { tempDir } from '../helpers/paths.js';

describe('benchmark baselines', () => {
  const t = tempDir();
  const engine = enginesUnderTest()[0]!;
  let fixture: Fixture;
  let warehouse: Warehouse;
  beforeAll(async () => {
    fixture = writeFixture(t.dir);
    warehouse = await openFor(engine.config());
    await warehouse.query(createTableSql(STAGING_EVENTS, postgresDialect));
  });
  afterAll(async () => {
    await warehouse.close();
    await engine.cleanup();
    t.cleanup();
  });

  it('parses every record of the inputs, and nothing else', () => {
    expect(parseOnly([fixture.logData]).records).toBe(fixture.counts.staging_events);
    expect(parseOnly([fixture.songData]).records).toBe(fixture.counts.staging_songs);
  });

  it('pre-writes the events as the CSV the loader would send', () => {
    const csv = join(t.dir, 'events.csv');
    expect(writeEventsCsv(fixture.logData, fixture.logJsonPath, csv)).toBe(fixture.counts.staging_events);
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(fixture.counts.staging_events!);
    expect(lines[0]).toMatch(/^,"Logged In","Ann","F",0,"Lee",,"free",/);
  });

  it('inserts the classic way, one row per statement, up to the sample size', async () => {
    const result = await classicInserts(warehouse, fixture.logData, fixture.logJsonPath, 5);
    expect(result.rows).toBe(5);
    const rows = await warehouse.query<{ n: number; first: Date }>('SELECT COUNT(*) AS n, MIN(ts) AS first FROM staging_events');
    expect(rows.rows[0]!.n).toBe(5);
    expect(rows.rows[0]!.first.toISOString()).toBe('2018-11-01T16:00:00.000Z');
  });

  it('reports ratios against the baselines measured in the same run', () => {
    const steps = [{ id: 'stage-events', rows: 1000, seconds: 2, peakRssMb: 100 }];
    const markdown = renderReport({
      date: new Date('2026-01-02T03:04:05Z'),
      startup: [{ command: 'sparkify --help', medianSeconds: 0.1, ratioToNode: 1.5 }],
      reports: [
        {
          size: 'S',
          songs: 10,
          events: 1000,
          parseLogs: { records: 1000, seconds: 0.5 },
          parseSongs: { records: 10, seconds: 0.1 },
          classicPostgres: { rows: 100, seconds: 1 },
          csvRows: 1000,
          psqlCopy: { seconds: 0.5 },
          runs: [{ engine: 'postgres', label: 'postgres', result: { ok: true, steps, totalSeconds: 2, peakRssMb: 100 } }],
        },
      ],
    });
    expect(markdown).toContain('Measured 2026-01-02T03:04:05.000Z');
    expect(markdown).toContain('| postgres: stage-events vs classic INSERTs | **5.00x faster** |');
    expect(markdown).toContain('| postgres: stage-events time / (parse + \\copy) time | **2.00x** (2.00 s vs 1.00 s) |');
    expect(markdown).toContain('| `sparkify --help` | 0.10 s | 1.50x |');
  });
});

describe('the S3 small-objects figure', () => {
  it("puts the measured rate against the classic song-data prefix and a direct COPY's hour", () => {
    const lines = s3Section({ ok: true, objects: 100_000, bytes: 22_600_000, listSeconds: 10, compactSeconds: 200, objectsPerSecond: 500, parts: 4, peakRssMb: 180 });
    expect(lines).toContain("| listing (the run's first look, which also sizes the parts) | 10.0 | 10,000 | |");
    expect(lines).toContain('| compaction (list, read, gzip 4 part(s), upload) | 200.0 | 500 | 180 |');
    // 385,252 objects at 210 s per 100,000 (listing and compaction): about 13 minutes, against 60.
    expect(lines.join('\n')).toContain('take about 13 minutes to compact,\nagainst about 60 minutes');
    expect(lines.join('\n')).toContain('(4.4x)');
    expect(s3Section({ ok: false, error: 'no server', objects: 0, bytes: 0, listSeconds: 0, compactSeconds: 0, objectsPerSecond: 0, parts: 0, peakRssMb: 0 })).toContain('Not measured: no server.');
  });
});
