import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNotebook, starterNotebook } from '../../src/queries/notebook.js';
import { INSIGHTS } from '../../src/queries/insights.js';
import { cli } from '../helpers/cli-in-process.js';
import { enginesUnderTest } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';
import { cliFixture } from './db-setup.js';

const NOTEBOOK = `# Listening, by level

Some prose that the run must leave exactly as it is.
<!-- param: level level all -->
<!-- param: limit integer 3 1 10 -->

\`\`\`sql
SELECT level, COUNT(*) AS plays FROM songplays
WHERE (CAST(:level AS VARCHAR) = 'all' OR level = CAST(:level AS VARCHAR)) GROUP BY level ORDER BY level
\`\`\`

A cell that fails, and the run goes on:

\`\`\`sql
SELECT no_such_column FROM songplays
\`\`\`

\`\`\`sql chart=bar label=gender value=users
SELECT gender, COUNT(*)::int AS users FROM users GROUP BY gender ORDER BY gender LIMIT :limit
\`\`\`

The end.
`;

describe('notebook files', () => {
  it('finds the cells, their options and the parameters declared; a fence never closed or an unknown option is file:line', () => {
    const nb = parseNotebook('n.md', NOTEBOOK);
    expect(nb.cells.map((c) => [c.line, c.chart])).toEqual([[7, undefined], [14, undefined], [18, { label: 'gender', value: 'users' }]]);
    expect(nb.params.map((p) => [p.name, p.default])).toEqual([['level', 'all'], ['limit', 3]]);
    expect(() => parseNotebook('n.md', 'x\n```sql\nSELECT 1\n')).toThrow('n.md:2: this ```sql fence is never closed');
    expect(() => parseNotebook('n.md', '```sql chart=pie\nSELECT 1\n```\n')).toThrow('n.md:1: unknown cell option "chart=pie"; use chart=bar, label=COLUMN, value=COLUMN');
    expect(() => parseNotebook('n.md', '<!-- param: n integer ten -->\n')).toThrow('n.md:1: param n: DEFAULT "ten" is not a whole number');
  });

  it('the starter notebook has every built-in insight as a cell, each parameter declared once', () => {
    const nb = parseNotebook('s.md', starterNotebook());
    expect(nb.cells).toHaveLength(INSIGHTS.length);
    expect(new Set(nb.params.map((p) => p.name)).size).toBe(nb.params.length);
    expect(nb.cells.filter((c) => c.chart).length).toBe(INSIGHTS.filter((i) => i.chart).length);
  });
});

describe.each(enginesUnderTest())('sparkify notebook on $name', (engine) => {
  const t = tempDir('sparkify-notebook-');
  const fixture = cliFixture(engine);
  let db: string[];
  beforeAll(() => {
    db = fixture();
  });
  afterAll(() => t.cleanup());

  it('runs the cells in order, writes each result under its cell, the failing one its error (exit 1); a second run is byte-identical', async () => {
    const file = join(t.dir, 'levels.md');
    writeFileSync(file, NOTEBOOK);
    const first = await cli(['notebook', 'run', file, ...db]);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(new RegExp(`^✓ ${file}:7 {2}2 row\\(s\\)[^\\n]*\\n✗ ${file}:14 {2}[^\\n]*no_such_column[^\\n]*\\n✓ ${file}:18 {2}2 row\\(s\\)[^\\n]*\\nwrote ${file}: 3 cell\\(s\\), 1 failed\\n$`));
    const written = readFileSync(file, 'utf8');
    // The prose is as it was: the text with the output blocks taken out is the notebook written.
    expect(written.replace(/\n\n<!-- sparkify:output -->\n[\s\S]*?<!-- sparkify:end -->/g, '')).toBe(NOTEBOOK);
    expect(written).toContain('\n```\n\n<!-- sparkify:output -->\n| level | plays |\n| --- | ---: |\n| free | ');
    expect(written).toMatch(/<!-- sparkify:output -->\n> ✗ [^\n]*no_such_column[^\n]*\n<!-- sparkify:end -->/);
    expect(written).toMatch(/\| gender \| users \|[\s\S]*_2 rows\._\n\n```text\nF +█+/);
    const second = await cli(['notebook', 'run', file, ...db]);
    expect(second.code).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(written);
  });

  it('binds --param values, caps the rows (saying so), writes --out and leaves the notebook alone', async () => {
    const file = join(t.dir, 'paid.md');
    const out = join(t.dir, 'paid-out.md');
    writeFileSync(file, NOTEBOOK);
    const run = await cli(['notebook', 'run', file, '--out', out, '--param', 'level=paid', '--max-rows', '1', ...db]);
    expect(run.code).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(NOTEBOOK);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/\| level \| plays \|\n\| --- \| ---: \|\n\| paid \| \d+ \|\n\n_1 row\._/);
    expect(text).toContain('_The first 1 rows (more with --max-rows)._');
    const bad = await cli(['notebook', 'run', file, '--param', 'level=gold', ...db]);
    expect(bad).toMatchObject({ code: 2, stderr: `sparkify: Configuration error: ${file}: level = "gold": use one of all, free, paid\n` });
  });

  it('refuses a cell that would change data, in place, and runs the others', async () => {
    const file = join(t.dir, 'write.md');
    writeFileSync(file, '```sql\nDELETE FROM songplays\n```\n\n```sql\nSELECT COUNT(*)::int AS n FROM songplays\n```\n');
    const run = await cli(['notebook', 'run', file, ...db]);
    expect(run.code).toBe(1);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('> ✗ Configuration error: a notebook cell only reads: this statement would change data, so it was not run');
    expect(text).toMatch(/\| n \|\n\| ---: \|\n\| [1-9]\d* \|/);
  });

  it('notebook new writes the starter, which runs whole; it never writes over a file', async () => {
    const file = join(t.dir, 'starter.md');
    expect(await cli(['notebook', 'new', file])).toMatchObject({ code: 0 });
    const run = await cli(['notebook', 'run', file, ...db]);
    expect(run.stderr).not.toContain('✗');
    expect(run.code).toBe(0);
    const again = await cli(['notebook', 'new', file]);
    expect(again).toMatchObject({ code: 2, stderr: `sparkify: Configuration error: ${file} exists; give another name (nothing was overwritten)\n` });
  });
});
