import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSIGHTS } from '../../src/queries/insights.js';
import { enginesUnderTest } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';
import { cli } from '../helpers/cli-in-process.js';
import { cliFixture } from '../queries/db-setup.js';

const TOP_SONGS = [
  ['rank', 'song', 'artist', 'plays', 'listeners', 'in_catalog'],
  ['1', 'Hit', 'Star', '4', '2', 'no'],
  ['2', 'Song B', 'Artist A', '3', '2', 'yes'],
  ['3', 'Song A', 'Artist A', '3', '2', 'yes'],
  ['4', 'Song Z', 'Artist A', '1', '1', 'no'],
  ["5", "'=1+2", `'@Home, "Live"`, '1', '1', 'no'],
];

describe.each(enginesUnderTest())('sparkify insights, query and report on $name', (engine) => {
  const out = tempDir('sparkify-query-cli-');
  const fixture = cliFixture(engine);
  let db: string[];
  beforeAll(() => {
    db = fixture();
  });
  afterAll(() => out.cleanup());

  it('query top-songs --format csv --out FILE writes a file a CSV parser reads back exactly', async () => {
    const path = join(out.dir, 'top.csv');
    const run = await cli(['query', 'top-songs', '--format', 'csv', '--out', path, ...db]);
    expect(run).toEqual({ code: 0, stdout: '', stderr: `wrote 5 row(s) to ${path}\n` });
    expect(parse(readFileSync(path, 'utf8'))).toEqual(TOP_SONGS);
  });

  it('streams CSV to stdout, and states the limit on stderr when it cut the result', async () => {
    const run = await cli([...db, 'query', 'top-songs', '--param', 'limit=2', '--format', 'csv']);
    expect(run.code).toBe(0);
    expect(parse(run.stdout)).toEqual(TOP_SONGS.slice(0, 3));
    expect(run.stderr).toBe('2 row(s)\nshowing the top 2 (--param limit=N for more)\n');
  });

  it('prints a table that fits the terminal by default, JSON with --format json or --json', async () => {
    const table = await cli(['query', 'locations', '--param', 'by=state', ...db]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[1]).toMatch(/^│ rank │ location │ users │ plays │ share_pct │$/);
    expect(lines[3]).toMatch(/^│\s+1 │ CA\s+│\s+2 │\s+6 │\s+50 │$/);
    const json = await cli(['--json', 'query', 'user-agents', '--param', 'by=os', ...db]);
    expect(JSON.parse(json.stdout)).toEqual([
      { client: 'Windows', users: 2, plays: 6, share_pct: 50 },
      { client: 'macOS', users: 1, plays: 5, share_pct: 41.7 },
      { client: 'iOS', users: 1, plays: 1, share_pct: 8.3 },
    ]);
  });

  it('picks the format from the --out extension: Markdown for .md', async () => {
    const path = join(out.dir, 'gaps.md');
    const run = await cli(['query', 'catalog-gaps', '--param', 'limit=1', '--out', path, ...db]);
    expect(run.code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(
      '| rank | song | artist | plays | listeners | artist_in_catalog |\n| ---: | --- | --- | ---: | ---: | --- |\n' +
        '| 1 | Hit | Star | 4 | 2 | no |\n\n_Showing the top 1 (--param limit=N for more)_\n',
    );
  });

  it('report --out writes one document with every insight', async () => {
    const path = join(out.dir, 'report.md');
    const run = await cli(['report', '--out', path, ...db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const progress = run.stderr.trimEnd().split('\n');
    expect(progress.slice(0, -1).map((l) => l.split(/\s+/).slice(0, 2))).toEqual(INSIGHTS.map((i) => ['✓', i.id]));
    expect(progress[progress.length - 1]).toBe(`wrote ${path}`);
    const report = readFileSync(path, 'utf8');
    expect(report).toMatch(/^# Sparkify insights\n\n- \*\*Ran at:\*\* \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/);
    expect(report).toContain(`- **Against:** the ${engine.name} engine, `);
    for (const insight of INSIGHTS) expect(report).toContain(`\n## ${insight.title}\n`);
    expect(report.match(/^```sql$/gm)).toHaveLength(INSIGHTS.length);
  });
});

describe.each(enginesUnderTest())('your own saved queries on $name', (engine) => {
  const t = tempDir('sparkify-saved-queries-');
  const fixture = cliFixture(engine);
  let db: string[];
  const cfg = join(t.dir, 'dwh.cfg');
  const SQL = `SELECT u.gender, COUNT(*) AS plays
FROM songplays sp JOIN users u ON u.user_id = sp.user_id
WHERE (CAST($1 AS VARCHAR) = 'all' OR sp.level = CAST($1 AS VARCHAR))
GROUP BY u.gender ORDER BY plays DESC, u.gender LIMIT $2`;
  beforeAll(() => {
    db = ['--config', cfg, ...fixture()];
    writeFileSync(cfg, '[QUERIES]\nDIR = my-queries\n');
    mkdirSync(join(t.dir, 'my-queries'));
    writeFileSync(
      join(t.dir, 'my-queries', 'plays-by-gender.sql'),
      `-- title: Plays per level and gender\n-- question: Do paid users of each gender listen more?\n-- param: level level all\n-- param: limit integer 10 1 1000\n-- chart: bar gender plays\n${SQL}\n`,
    );
  });
  afterAll(() => t.cleanup());

  it('lists them after the built-in insights, marked as yours', async () => {
    const list = await cli(['insights', '--config', cfg]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^plays-by-gender\s+Plays per level and gender {2}\(yours: .*plays-by-gender\.sql\)$/m);
    expect(list.stdout).toContain('--param level=all|free|paid limit=10');
    const json = JSON.parse((await cli(['insights', '--json', '--config', cfg])).stdout) as { id: string; source: string }[];
    expect(json.map((i) => i.id)).toEqual([...INSIGHTS.map((i) => i.id), 'plays-by-gender']);
    expect(json.at(-1)!.source).toBe(join(t.dir, 'my-queries', 'plays-by-gender.sql'));
    expect(json[0]!.source).toBe('built-in');
  });

  it('runs one with its parameters bound: the same rows as the statement written out by hand', async () => {
    const saved = await cli(['query', 'plays-by-gender', '--param', 'level=paid', '--param', 'limit=5', '--format', 'csv', ...db]);
    expect(saved.code).toBe(0);
    const byHand = await cli(['sql', SQL.replaceAll('$1', "'paid'").replace('$2', '5'), '--format', 'csv', ...db]);
    expect(byHand.code).toBe(0);
    expect(parse(saved.stdout)).toEqual(parse(byHand.stdout));
    expect((parse(saved.stdout) as string[][]).length).toBeGreaterThan(1);
    const bad = await cli(['query', 'plays-by-gender', '--param', 'level=gold', ...db]);
    expect(bad).toMatchObject({ code: 2, stderr: 'sparkify: Configuration error: plays-by-gender: level = "gold": use one of all, free, paid\n' });
  });

  it('puts them in the report, after the built-in insights', async () => {
    const path = join(t.dir, 'report.md');
    const run = await cli(['report', '--out', path, ...db]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/✓ plays-by-gender\s+\d+ row\(s\)/);
    const report = readFileSync(path, 'utf8');
    expect(report).toContain('\n## Plays per level and gender\n');
    expect(report.match(/^```sql$/gm)).toHaveLength(INSIGHTS.length + 1);
  });

  it('a bad file stops insights, query and report with one line naming file:line (exit 2)', async () => {
    const file = join(t.dir, 'my-queries', 'broken.sql');
    writeFileSync(file, '-- title: Broken\n-- param: n integer ten\nSELECT $1\n');
    try {
      for (const args of [['insights', '--config', cfg], ['query', 'top-songs', ...db], ['report', ...db]]) {
        expect(await cli(args)).toMatchObject({ code: 2, stdout: '', stderr: `sparkify: Configuration error: ${file}:2: param n: DEFAULT "ten" is not a whole number\n` });
      }
    } finally {
      rmSync(file);
    }
  });
});

describe('sparkify query usage errors', () => {
  const t = tempDir('sparkify-query-usage-');
  afterAll(() => t.cleanup());
  const db = ['--data-dir', join(t.dir, 'never-created')];

  it('fails with one line and exit 2 on a parameter of the wrong type or an unknown name', async () => {
    const wrong = await cli(['query', 'top-songs', '--param', 'limit=ten', ...db]);
    expect(wrong).toEqual({ code: 2, stdout: '', stderr: 'sparkify: Configuration error: top-songs: limit = "ten": expected a whole number\n' });
    const date = await cli(['query', 'top-songs', '--param', 'from=2018-11-31', ...db]);
    expect(date).toEqual({ code: 2, stdout: '', stderr: 'sparkify: Configuration error: top-songs: from = "2018-11-31": expected a date as YYYY-MM-DD\n' });
    const unknown = await cli(['query', 'top-songs', '--param', 'colour=red', ...db]);
    expect(unknown).toEqual({
      code: 2,
      stdout: '',
      stderr: 'sparkify: Configuration error: top-songs has no parameter "colour" (its parameters: limit, level, from, to, artist)\n',
    });
  });

  it('fails with exit 2 on an unknown insight, format or output folder, and on a bad report parameter', async () => {
    const id = await cli(['query', 'top-song', ...db]);
    expect(id.code).toBe(2);
    expect(id.stderr).toMatch(/^sparkify: Configuration error: no insight "top-song"; use one of top-songs, top-artists, .*, sessions\n$/);
    const format = await cli(['query', 'top-songs', '--format', 'xlsx', ...db]);
    expect(format).toMatchObject({ code: 2, stderr: 'sparkify: Configuration error: --format xlsx: use one of table, csv, json, markdown\n' });
    const folder = await cli(['query', 'top-songs', '--out', join(t.dir, 'nope', 'x.csv'), ...db]);
    expect(folder).toMatchObject({ code: 2, stderr: `sparkify: Configuration error: --out ${join(t.dir, 'nope', 'x.csv')}: the folder ${join(t.dir, 'nope')} does not exist\n` });
    const report = await cli(['report', '--param', 'limit=0', ...db]);
    expect(report).toMatchObject({ code: 2, stderr: 'sparkify: Configuration error: top-songs: limit = "0": expected a number from 1 to 100000\n' });
  });

  it('lists the insights: id, title and question; all of each as JSON with --json', async () => {
    const list = await cli(['insights']);
    expect(list.code).toBe(0);
    for (const insight of INSIGHTS) {
      expect(list.stdout).toMatch(new RegExp(`^${insight.id}\\s+${insight.title}$`, 'm'));
      expect(list.stdout).toContain(`  ${insight.question}\n`);
    }
    const json = await cli(['insights', '--json']);
    const parsed = JSON.parse(json.stdout) as { id: string; params: { name: string }[]; sql: string }[];
    expect(parsed.map((i) => i.id)).toEqual(INSIGHTS.map((i) => i.id));
    expect(parsed[0]!.params.map((p) => p.name)).toEqual(['limit', 'level', 'from', 'to', 'artist']);
    expect(parsed[0]!.sql).toBe(INSIGHTS[0]!.sql);
  });
});
