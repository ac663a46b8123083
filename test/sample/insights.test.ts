import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/etl/run-pipeline.js';
import { etlSteps } from '../../src/etl/steps.js';
import { csvCell, jsonRows } from '../../src/queries/format.js';
import { bindValues, exportCsv, findInsight, INSIGHTS, parseParams, runInsight } from '../../src/queries/insights.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { enginesUnderTest, openFor } from '../helpers/engines.js';
import { HAS_SHARED, SAMPLE, tempDir } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

// The checks on the real sample data: .ci/run requires ../shared/data, so its absence fails here.
if (!HAS_SHARED) throw new Error(`the sample data is missing: expected ${SAMPLE}/COUNTS.txt`);

const engines = enginesUnderTest();
/** Every insight's rows (as JSON values) per engine, to compare the engines at the end. */
const answers = new Map<string, Record<string, unknown>>();

describe.each(engines)('insights on the real sample, $name', (engine) => {
  const out = tempDir('sparkify-sample-insights-');
  let warehouse: Warehouse;
  let flags: string[];
  beforeAll(async () => {
    const config = engine.config({ songData: join(SAMPLE, 'song_data'), logData: join(SAMPLE, 'log_data'), logJsonPath: join(SAMPLE, 'log_json_path.json') });
    const result = await runPipeline({ config, steps: etlSteps(), emit: () => undefined });
    if (!result.ok) throw new Error(`the sample did not load on ${engine.name}`);
    warehouse = await openFor(config);
    flags = engine.flags(config);
  });
  afterAll(async () => {
    await warehouse.close();
    await engine.cleanup();
    out.cleanup();
  });

  const first = async (id: string, raw: Record<string, string> = {}) => {
    const insight = findInsight(id);
    const result = await runInsight(warehouse, insight, parseParams(insight, raw));
    return jsonRows(result.rows, result.fields);
  };

  it('runs every insight', async () => {
    const mine: Record<string, unknown> = {};
    for (const insight of INSIGHTS) {
      const result = await runInsight(warehouse, insight, parseParams(insight, {}));
      expect(result.rows.length, insight.id).toBeGreaterThan(0);
      mine[insight.id] = { fields: result.fields, rows: jsonRows(result.rows, result.fields) };
    }
    answers.set(engine.name, mine);
  });

  it('top song "You\'re The One" by Dwight Yoakam, 37 plays; top artist Coldplay, 58', async () => {
    expect((await first('top-songs'))[0]).toEqual({ rank: 1, song: "You're The One", artist: 'Dwight Yoakam', plays: 37, listeners: 22, in_catalog: 'no' });
    expect((await first('top-artists'))[0]).toMatchObject({ rank: 1, artist: 'Coldplay', plays: 58 });
    // The 71-song catalog has one of the played songs: the one play it matches.
    const played = await first('top-songs', { limit: '100000' });
    expect(played.filter((r) => r.in_catalog === 'yes').map((r) => [r.song, r.artist, r.plays])).toEqual([['Setanta matins', 'Elena', 1]]);
  });

  it('paid 5,591 plays against free 1,229; 22 paid and 74 free users now', async () => {
    const tiers = await first('paid-vs-free');
    expect(tiers.map((t) => [t.level, t.plays, t.current_users, t.share_pct])).toEqual([
      ['free', 1229, 74, 18],
      ['paid', 5591, 22, 82],
    ]);
  });

  it('top location San Francisco-Oakland-Hayward, CA with 691 plays; busiest hour 16 UTC with 542', async () => {
    expect((await first('locations'))[0]).toMatchObject({ rank: 1, location: 'San Francisco-Oakland-Hayward, CA', plays: 691 });
    const hours = await first('plays-by-hour');
    expect(hours).toHaveLength(24);
    const busiest = hours.reduce((a, b) => (Number(b.plays) > Number(a.plays) ? b : a));
    expect(busiest).toMatchObject({ hour: 16, plays: 542 });
    expect(hours.reduce((n, h) => n + Number(h.plays), 0)).toBe(6820);
  });

  it('exports every insight as CSV that parses back to the same rows as the query', async () => {
    for (const insight of INSIGHTS) {
      const values = parseParams(insight, insight.params.some((p) => p.name === 'limit') ? { limit: '1000' } : {});
      const path = join(out.dir, `${insight.id}.csv`);
      const written = await exportCsv(warehouse, insight.sql, bindValues(insight, values), path);
      const query = await runInsight(warehouse, insight, values);
      expect(written.rows, insight.id).toBe(query.rows.length);
      const expected = [query.fields.map((f) => f.name), ...query.rows.map((row) => query.fields.map((f) => csvCell(row[f.name], f)))];
      expect(parse(readFileSync(path, 'utf8')), insight.id).toEqual(expected);
    }
  });

  it('sparkify query top-songs --format csv --out FILE, read back by a CSV parser', async () => {
    await warehouse.close(); // the embedded database admits one process at a time
    const path = join(out.dir, 'top.csv');
    const run = await runCli(['query', 'top-songs', '--format', 'csv', '--out', path, ...flags]);
    expect(run.code).toBe(0);
    const records = parse(readFileSync(path, 'utf8')) as string[][];
    expect(records.slice(0, 2)).toEqual([
      ['rank', 'song', 'artist', 'plays', 'listeners', 'in_catalog'],
      ['1', "You're The One", 'Dwight Yoakam', '37', '22', 'no'],
    ]);
    expect(records).toHaveLength(11);
  });
});

describe('insights across engines', () => {
  it.skipIf(engines.length < 2)('give the same columns and rows on every engine', () => {
    const [reference, ...others] = engines.map((e) => answers.get(e.name));
    expect(reference).toBeDefined();
    for (const other of others) expect(other).toEqual(reference);
  });
});
