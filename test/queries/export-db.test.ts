import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { csvCell, jsonRows } from '../../src/queries/format.js';
import { bindValues, buildReport, exportCsv, exportFile, exportRows, findInsight, INSIGHTS, parseParams, runInsight } from '../../src/queries/insights.js';
import type { Insight } from '../../src/queries/insights.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { enginesUnderTest } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';
import { loadInsightsFixture } from './db-setup.js';

const TOP_SONGS_CSV = [
  'rank,song,artist,plays,listeners,in_catalog',
  '1,Hit,Star,4,2,no',
  '2,Song B,Artist A,3,2,yes',
  '3,Song A,Artist A,3,2,yes',
  '4,Song Z,Artist A,1,1,no',
  `5,'=1+2,"'@Home, ""Live""",1,1,no`,
  '',
].join('\n');

/** The warehouse, recording every statement and its parameters, and how many batches streams yielded. */
function recording(warehouse: Warehouse) {
  const log: { sql: string; params: readonly unknown[] }[] = [];
  const counts = { batches: 0 };
  const wrapped: Warehouse = {
    engine: warehouse.engine,
    target: warehouse.target,
    query: (sql, params) => {
      log.push({ sql, params: params ?? [] });
      return warehouse.query(sql, params);
    },
    transaction: (statements) => warehouse.transaction(statements),
    withTransaction: (work, options) => warehouse.withTransaction(work, options),
    cancel: () => warehouse.cancel(),
    lockWriter: (options) => warehouse.lockWriter(options),
    lockHolder: () => warehouse.lockHolder(),
    copyFrom: (request) => warehouse.copyFrom(request),
    async *stream(sql, params, options) {
      log.push({ sql, params: params ?? [] });
      for await (const batch of warehouse.stream(sql, params, options)) {
        counts.batches++;
        yield batch as never;
      }
    },
    version: () => warehouse.version(),
    close: () => warehouse.close(),
  };
  return { wrapped, log, counts };
}

function collect(): { sink: Writable; text: () => string } {
  const chunks: string[] = [];
  return { sink: new Writable({ write: (chunk, _e, done) => (chunks.push(String(chunk)), done()) }), text: () => chunks.join('') };
}

describe.each(enginesUnderTest())('export and report on $name', (engine) => {
  const out = tempDir('sparkify-export-');
  let warehouse: Warehouse;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ warehouse, cleanup } = await loadInsightsFixture(engine));
  });
  afterAll(async () => {
    await cleanup();
    out.cleanup();
  });

  const topSongs = findInsight('top-songs');
  const defaults = bindValues(topSongs, parseParams(topSongs, {}));

  it('exports CSV that parses back to the query rows, streamed batch by batch', async () => {
    const { wrapped, counts } = recording(warehouse);
    const path = join(out.dir, 'top.csv');
    const written = await exportFile(wrapped, topSongs.sql, defaults, path, { batchSize: 2 });
    expect(written).toMatchObject({ rows: 5, path });
    expect(counts.batches).toBe(3);
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(TOP_SONGS_CSV);
    const query = await runInsight(warehouse, topSongs, {});
    const expected = query.rows.map((row) => query.fields.map((f) => csvCell(row[f.name], f)));
    expect(parse(text)).toEqual([query.fields.map((f) => f.name), ...expected]);
    expect(await exportCsv(warehouse, topSongs.sql, defaults, join(out.dir, 'again.csv'))).toEqual({ rows: 5, path: join(out.dir, 'again.csv') });
    expect(readFileSync(join(out.dir, 'again.csv'), 'utf8')).toBe(TOP_SONGS_CSV);
  });

  it('exports JSON with the values of --format json, and Markdown with a note when the limit applies', async () => {
    const json = collect();
    await exportRows(warehouse, topSongs.sql, defaults, json.sink, { format: 'json', batchSize: 2 });
    const query = await runInsight(warehouse, topSongs, {});
    expect(JSON.parse(json.text())).toEqual(jsonRows(query.rows, query.fields));

    const md = collect();
    const limited = bindValues(topSongs, parseParams(topSongs, { limit: '2' }));
    const result = await exportRows(warehouse, topSongs.sql, limited, md.sink, { format: 'markdown', footer: (n) => `first ${n}` });
    expect(result.rows).toBe(2);
    expect(md.text()).toBe(
      '| rank | song | artist | plays | listeners | in_catalog |\n| ---: | --- | --- | ---: | ---: | --- |\n' +
        '| 1 | Hit | Star | 4 | 2 | no |\n| 2 | Song B | Artist A | 3 | 2 | yes |\n\n_first 2_\n',
    );
  });

  it('exports the header alone when no row matches', async () => {
    const none = bindValues(topSongs, parseParams(topSongs, { artist: 'nobody at all' }));
    const csv = collect();
    expect((await exportRows(warehouse, topSongs.sql, none, csv.sink)).rows).toBe(0);
    expect(csv.text()).toBe('rank,song,artist,plays,listeners,in_catalog\n');
    const json = collect();
    await exportRows(warehouse, topSongs.sql, none, json.sink, { format: 'json' });
    expect(json.text()).toBe('[]\n');
    const md = collect();
    await exportRows(warehouse, topSongs.sql, none, md.sink, { format: 'markdown' });
    expect(md.text()).toContain('| --- |\n\n_No rows._\n');
  });

  it('exports timestamps as ISO 8601 in UTC, in CSV and JSON alike', async () => {
    const away = findInsight('users-not-seen-recently');
    const values = bindValues(away, parseParams(away, {}));
    const csv = collect();
    await exportRows(warehouse, away.sql, values, csv.sink, { batchSize: 1 });
    expect(csv.text()).toBe(
      'user_id,name,level,last_play,days_away,plays\n3,Cid Roe,free,2018-11-06T09:30:00Z,7,1\n4,Dee Fox,free,2018-11-02T23:59:00Z,10,1\n',
    );
    const json = collect();
    await exportRows(warehouse, away.sql, values, json.sink, { format: 'json' });
    expect((JSON.parse(json.text()) as { last_play: string }[]).map((r) => r.last_play)).toEqual(['2018-11-06T09:30:00Z', '2018-11-02T23:59:00Z']);
  });

  it('leaves no file behind when an export fails', async () => {
    const path = join(out.dir, 'broken.csv');
    await expect(exportFile(warehouse, 'SELECT * FROM no_such_table', [], path)).rejects.toThrow(/no_such_table/);
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(out.dir).filter((f) => f.includes('broken'))).toEqual([]);
    await expect(exportCsv(warehouse, topSongs.sql, defaults, join(out.dir, 'missing', 'x.csv'))).rejects.toThrow(ConfigError);
  });

  it('binds a hostile value as data: the SQL text is the insight text, the tables are intact', async () => {
    const hostile = "x' OR '1'='1'; DROP TABLE songs; --";
    const { wrapped, log } = recording(warehouse);
    const result = await runInsight(wrapped, topSongs, parseParams(topSongs, { artist: hostile }));
    expect(result.rows).toEqual([]);
    expect(log).toEqual([{ sql: topSongs.sql, params: [10, 'all', null, null, hostile] }]);
    // A value that skipped parsing (a library caller) is still only a bound value.
    const level = await runInsight(wrapped, topSongs, { level: "paid' OR 'a'='a" });
    expect(level.rows).toEqual([]);
    expect(log[1]!.sql).toBe(topSongs.sql);
    const songs = await warehouse.query('SELECT COUNT(*) AS n FROM songs');
    expect(Number(songs.rows[0]!.n)).toBe(3);
  });

  it('writes a report with every insight: question, SQL, table, chart, limit notes, when and where', async () => {
    const events: string[] = [];
    const report = await buildReport(warehouse, {
      now: new Date(Date.UTC(2018, 11, 1)),
      params: { limit: '3' },
      onInsight: (e) => events.push(e.id),
    });
    expect(report.failed).toEqual([]);
    expect(events).toEqual(INSIGHTS.map((i) => i.id));
    const md = report.markdown;
    expect(md.startsWith('# Sparkify insights\n\n- **Ran at:** 2018-12-01T00:00:00Z')).toBe(true);
    expect(md).toContain(`- **Against:** the ${warehouse.engine} engine, ${warehouse.target}\n`);
    for (const insight of INSIGHTS) {
      expect(md).toContain(`\n## ${insight.title}\n\n**${insight.question}**\n`);
      expect(md).toContain(`\`\`\`sql\n${insight.sql}\n\`\`\``);
    }
    expect(md).toContain('1. [Top songs](#top-songs)\n');
    expect(md).toContain('| rank | song | artist | plays | listeners | in_catalog |\n| ---: | --- | --- | ---: | ---: | --- |\n| 1 | Hit | Star | 4 | 2 | no |\n');
    expect(md).toContain('_Showing the top 3 (--param limit=N for more)._');
    expect(md).toContain(`\`\`\`text\nHit    ${'█'.repeat(40)} 4\nSong B ${'█'.repeat(30)}${' '.repeat(10)} 3\nSong A ${'█'.repeat(30)}${' '.repeat(10)} 3\n\`\`\``);
  });

  it('reports a failing insight in its section and goes on with the others', async () => {
    const broken: Insight = { id: 'broken', title: 'Broken', question: 'Does it fail?', sql: 'SELECT * FROM no_such_table', params: [] };
    const report = await buildReport(warehouse, { insights: [broken, findInsight('paid-vs-free')] });
    expect(report.failed).toEqual(['broken']);
    expect(report.markdown).toMatch(/## Broken\n[\s\S]*> \*\*Failed:\*\* Table missing: .*no_such_table/);
    expect(report.markdown).toContain('| free | 2 | 3 | 5 | 41.7 | 0.3 | 1.7 |');
  });

  it('checks report parameters before running anything', async () => {
    const { wrapped, log } = recording(warehouse);
    await expect(buildReport(wrapped, { params: { limit: 'many' } })).rejects.toThrow('top-songs: limit = "many": expected a whole number');
    await expect(buildReport(wrapped, { params: { colour: 'red' } })).rejects.toThrow('no insight has a parameter "colour"');
    expect(log).toEqual([]);
  });
});
