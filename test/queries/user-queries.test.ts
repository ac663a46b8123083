import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bindValues, parseParams } from '../../src/queries/params.js';
import { allInsights, loadUserQueries, parseUserQuery, saveUserQuery } from '../../src/queries/user-queries.js';
import { INSIGHTS } from '../../src/queries/insights.js';
import { tempDir } from '../helpers/paths.js';

const GOOD = `-- title: Plays per level and gender
-- question: Do paid users of each gender listen more?
-- A comment that is not a header line is a comment.
-- param: level level all
-- param: limit integer 10 1 1000
-- param: since date -
-- param: who text ''
-- chart: bar gender plays
SELECT u.gender, COUNT(*) AS plays
FROM songplays sp JOIN users u ON u.user_id = sp.user_id
WHERE (CAST($1 AS VARCHAR) = 'all' OR sp.level = CAST($1 AS VARCHAR)) -- a ; in a comment
  AND ($3 IS NULL OR sp.start_time >= CAST($3 AS TIMESTAMP)) AND $4 = $4 AND u.first_name <> 'a;b'
GROUP BY u.gender
ORDER BY plays DESC, u.gender
LIMIT $2;
`;

describe('saved query files', () => {
  const t = tempDir('sparkify-user-queries-');
  afterAll(() => t.cleanup());

  it('reads the header: title, question, typed params with defaults and bounds, the chart; the id is the file name', () => {
    const q = parseUserQuery('/q/plays-by-gender.sql', GOOD);
    expect(q).toMatchObject({ id: 'plays-by-gender', file: '/q/plays-by-gender.sql', title: 'Plays per level and gender', question: 'Do paid users of each gender listen more?', chart: { label: 'gender', value: 'plays' } });
    expect(q.params.map((p) => [p.name, p.type, p.default, p.min, p.max])).toEqual([
      ['level', 'level', 'all', undefined, undefined],
      ['limit', 'integer', 10, 1, 1000],
      ['since', 'date', '', undefined, undefined],
      ['who', 'text', '', undefined, undefined],
    ]);
    expect(q.sql.startsWith('SELECT u.gender')).toBe(true);
    expect(q.sql.endsWith('LIMIT $2')).toBe(true);
    // Values are checked and bound as the built-in insights' are.
    expect(bindValues(q, parseParams(q, { level: 'PAID', limit: '3' }))).toEqual(['paid', 3, null, '']);
    expect(() => parseParams(q, { limit: '1001' })).toThrow('plays-by-gender: limit = "1001": expected a number from 1 to 1000');
    // Without a question the title asks it.
    expect(parseUserQuery('/q/x.sql', '-- title: Just rows\nSELECT 1').question).toBe('Just rows');
  });

  it.each([
    ['x.sql', '-- title: T\n-- colour: red\nSELECT 1', 'x.sql:2: unknown header "colour"; use title, question, param, chart'],
    ['x.sql', '-- question: Q\nSELECT 1', 'x.sql:1: no "-- title: ..." line in the header'],
    ['x.sql', '-- title:\nSELECT 1', 'x.sql:1: title is empty'],
    ['x.sql', '-- title: A\n-- title: B\nSELECT 1', 'x.sql:2: title is given twice'],
    ['x.sql', '-- title: T\n-- param: limit integer\nSELECT $1', 'x.sql:2: param: expected NAME TYPE DEFAULT [MIN MAX], got "limit integer"'],
    ['x.sql', '-- title: T\n-- param: 1x integer 5\nSELECT $1', 'x.sql:2: param: "1x" is not a name (letters, digits and _)'],
    ['x.sql', '-- title: T\n-- param: n integer 5\n-- param: n integer 6\nSELECT $1', 'x.sql:3: param: n is declared twice'],
    ['x.sql', '-- title: T\n-- param: n number 5\nSELECT $1', 'x.sql:2: param n: type "number" is not one of integer, date, text, level'],
    ['x.sql', '-- title: T\n-- param: d date - 1 2\nSELECT $1', 'x.sql:2: param d: MIN and MAX are for integer params only'],
    ['x.sql', '-- title: T\n-- param: n integer ten\nSELECT $1', 'x.sql:2: param n: DEFAULT "ten" is not a whole number'],
    ['x.sql', '-- title: T\n-- param: n integer 5 9 1\nSELECT $1', 'x.sql:2: param n: MIN 9 is above MAX 1'],
    ['x.sql', '-- title: T\n-- param: n integer 50 1 10\nSELECT $1', 'x.sql:2: param n: DEFAULT 50 is outside 1..10'],
    ['x.sql', '-- title: T\n-- param: d date 2018-13-01\nSELECT $1', 'x.sql:2: param d: DEFAULT "2018-13-01" is not a date as YYYY-MM-DD (or - for no bound)'],
    ['x.sql', '-- title: T\n-- param: l level gold\nSELECT $1', 'x.sql:2: param l: DEFAULT "gold" is not one of all, free, paid'],
    ['x.sql', '-- title: T\n-- chart: pie a b\nSELECT 1', 'x.sql:2: chart: expected "bar LABEL_COLUMN VALUE_COLUMN", got "pie a b"'],
    ['x.sql', '-- title: T\n\n', 'x.sql:2: no statement after the header'],
    ['x.sql', '-- title: T\nSELECT 1;\nDROP TABLE users;', 'x.sql:2: more than one statement; a saved query is one statement'],
    ['x.sql', '-- title: T\n-- param: n integer 5\nSELECT $1, $3', 'x.sql:3: the statement uses $3 but the header declares 1 param(s)'],
    ['my query.sql', '-- title: T\nSELECT 1', 'my query.sql:1: "my query" is not a query id: name the file with letters, digits, - and _ (e.g. plays-by-gender.sql)'],
    ['top-songs.sql', '-- title: T\nSELECT 1', 'top-songs.sql:1: "top-songs" is the id of a built-in insight; rename the file'],
  ])('refuses %s with one line naming file:line: %s', (name, text, message) => {
    expect(() => parseUserQuery(name, text)).toThrow(expect.objectContaining({ title: 'Configuration error', message }));
  });

  it('lists the folder after the built-in insights, by file name; a missing folder has none', () => {
    const dir = join(t.dir, 'queries');
    expect(loadUserQueries(dir)).toEqual([]);
    mkdirSync(dir);
    writeFileSync(join(dir, 'b.sql'), '-- title: B\nSELECT 2');
    writeFileSync(join(dir, 'a.sql'), '-- title: A\nSELECT 1');
    writeFileSync(join(dir, 'notes.txt'), 'not a query');
    expect(allInsights(dir).map((i) => i.id)).toEqual([...INSIGHTS.map((i) => i.id), 'a', 'b']);
  });

  it('saves a statement as a new file with its title, and never overwrites a file or takes a built-in id', () => {
    const dir = join(t.dir, 'saved', 'queries');
    const file = saveUserQuery(dir, 'per-gender', 'Plays per gender', 'SELECT gender, COUNT(*) FROM users GROUP BY gender;\n');
    expect(readFileSync(file, 'utf8')).toBe('-- title: Plays per gender\nSELECT gender, COUNT(*) FROM users GROUP BY gender\n');
    expect(loadUserQueries(dir).map((q) => [q.id, q.title])).toEqual([['per-gender', 'Plays per gender']]);
    expect(() => saveUserQuery(dir, 'per-gender', 'Again', 'SELECT 2')).toThrow(`${file} exists; choose another id (nothing was overwritten)`);
    expect(readFileSync(file, 'utf8')).toContain('Plays per gender');
    expect(() => saveUserQuery(dir, 'top-songs', 'Mine', 'SELECT 3')).toThrow('"top-songs" is the id of a built-in insight; choose another');
    expect(() => saveUserQuery(dir, 'a b', 'Mine', 'SELECT 3')).toThrow('"a b" is not a query id');
    expect(readdirSync(dir)).toEqual(['per-gender.sql']);
  });
});
