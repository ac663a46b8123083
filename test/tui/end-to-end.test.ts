import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, tempDir } from '../helpers/paths.js';

const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
const BUILT = existsSync(join(ROOT, 'dist', 'app.js'));
const skipped = !HAS_TMUX ? ' (skipped: tmux is not installed)' : !BUILT ? ' (skipped: not built; npm run build first)' : '';

/** A private tmux server, so the test never touches the user's sessions. */
const SOCKET = `sparkify-e2e-${process.pid}`;
const SESSION = 'walk';
const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-t', SESSION);
const keys = (...k: string[]): void => void tmux('send-keys', '-t', SESSION, ...k);

/** Waits until the visible screen (80x24) shows every text; returns it. */
async function waitFor(texts: string[], timeout = 60_000): Promise<string> {
  const until = Date.now() + timeout;
  let last = '';
  while (Date.now() < until) {
    last = screen();
    if (texts.every((t) => last.includes(t))) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the screen never showed ${JSON.stringify(texts)}; it shows:\n${last}`);
}

const temp = tempDir('sparkify-e2e-');
afterAll(() => {
  if (HAS_TMUX) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
  temp.cleanup();
});

describe.skipIf(skipped !== '')(`sparkify in a real 80x24 terminal${skipped}`, () => {
  it('goes from an empty folder to an exported CSV of the top songs, runs the ETL twice and scrolls a wide result, with the keys the screens show', async () => {
    writeFileSync(
      join(temp.dir, 'dwh.cfg'),
      ['[WAREHOUSE]', 'ENGINE = embedded', '[EMBEDDED]', 'DATA_DIR = .sparkify/pglite', '[S3]', 'SONG_DATA = data/song_data', 'LOG_DATA = data/log_data', 'LOG_JSONPATH = data/log_json_path.json', ''].join('\n'),
    );
    // A clean environment: no CI variables (the app and ink refuse a terminal UI in CI), the app's memory
    // (conf) kept in the temp folder.
    const env = `env -i PATH=${JSON.stringify(process.env.PATH ?? '/usr/bin:/bin')} HOME=${temp.dir} XDG_CONFIG_HOME=${temp.dir}/.config TERM=xterm-256color`;
    const command = `${env} ${process.execPath} ${BIN}; echo "EXITED $?"; sleep 600`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '80', '-y', '24', '-c', temp.dir, command);

    // Connect: a new database, no input yet: the sample offer is on show, "no" highlighted; ↓ picks "small".
    let s = await waitFor(['Sparkify DWH › Connect', '✓ Count the rows of every table', 'There is no input data yet', 'enter choose', '› no']);
    expect(s).toContain('✓ Create the embedded database (first run)');
    keys('Down');
    await waitFor(['› small']);
    keys('Enter');
    s = await waitFor(['✓ generated 200 song files, 5,000 events', '› Create tables', 'enter open']);

    // Create tables: asks, No by default; y confirms.
    keys('Enter');
    s = await waitFor(['Drop and create all 7 tables?', 'y drop and create']);
    keys('y');
    s = await waitFor(['✓ 7 tables created, empty.', 'enter run the ETL']);

    // ETL: enter starts it; finished steps stay above, counts at the end.
    keys('Enter');
    await waitFor(['The steps:', 'enter start']);
    keys('Enter');
    s = await waitFor(['✓ ETL done in', 'enter query']);
    expect(s).toMatch(/✓ Build songplays \(every NextSong play\)\s+[\d,]+ rows/);
    expect(s).toMatch(/staging_events\s+5,000/);

    // The ETL a second time, from the connect screen: only the new run's steps and summary are on show.
    keys('q');
    await waitFor(['Sparkify DWH › Connect', 'r reconnect']);
    keys('Down');
    keys('Enter');
    s = await waitFor(['The steps:', 'enter start']);
    keys('Enter');
    s = await waitFor(['✓ ETL done in', 'enter query']);
    const second = s.slice(s.lastIndexOf('Sparkify DWH › ETL'));
    expect(second).toMatch(/Lock the warehouse for this run · run #3/);
    expect(second.match(/✓ Build songplays/g)).toHaveLength(1);
    expect(second).toContain('12/12 steps');
    // No step failed or left waiting, and the header shows once.
    expect(second).not.toMatch(/^[✗·-] /m);
    expect(s.match(/Sparkify DWH › ETL/g)).toHaveLength(1);

    // Query: top songs is the first insight; enter runs it, e exports it.
    keys('Enter');
    s = await waitFor(['Sparkify DWH › Query', '› Top songs', 'enter run']);
    keys('Enter');
    s = await waitFor(['10 rows ·', 'e export']);
    expect(s.split('\n')[0]).toContain('Sparkify DWH › Query'); // the whole screen fits in 24 rows
    expect(s).toMatch(/rank │ song\s+│ artist/);
    keys('e');
    await waitFor(['Export CSV to: ./top-songs.csv']);
    keys('Enter');
    s = await waitFor(['✓ Wrote 10 rows to']);

    const csv = join(temp.dir, 'top-songs.csv');
    const records = parse(readFileSync(csv, 'utf8')) as string[][];
    expect(records[0]).toEqual(['rank', 'song', 'artist', 'plays', 'listeners', 'in_catalog']);
    expect(records).toHaveLength(11);
    expect(records.slice(1).map((r) => Number(r[0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const plays = records.slice(1).map((r) => Number(r[3]));
    expect(plays).toEqual([...plays].sort((a, b) => b - a));

    // A wide result in the SQL cell: numbers whole, ←→ scroll the columns (the first stays), v shows one row whole.
    keys('q');
    await waitFor(['↑↓ choose  enter run']);
    keys('s');
    keys('-l', 'SELECT * FROM songplays ORDER BY songplay_id');
    keys('Enter');
    s = await waitFor(['songplay_id │ start_time', 'more →', '←→ columns']);
    expect(s).not.toContain('user_agent');
    for (let i = 0; i < 6; i++) keys('Right');
    s = await waitFor(['← 6 more', 'user_agent']);
    expect(s).toMatch(/songplay_id │ location/);
    expect(s).toMatch(/│\s+1 │ /);
    keys('v');
    s = await waitFor(['row 1 of 1,000', 'song_id:', 'user_agent:']);
    expect(s).toMatch(/songplay_id:\s+1\n/);
    keys('Down');
    s = await waitFor(['row 2 of 1,000']);
    expect(s).toMatch(/songplay_id:\s+2\n/);

    // q back to the list, q back to connect, q quits with 0.
    keys('q');
    await waitFor(['↑↓ choose  enter run']);
    keys('q');
    await waitFor(['Sparkify DWH › Connect', 'q quit']);
    keys('q');
    await waitFor(['EXITED 0']);
    const store = join(temp.dir, '.config', 'sparkify-dwh-nodejs', 'tui.json');
    expect(statSync(store).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(store)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(store, 'utf8'))).toMatchObject({
      history: [
        { kind: 'sql', text: 'SELECT * FROM songplays ORDER BY songplay_id', rows: 1000 },
        { kind: 'insight', text: 'top-songs' },
      ],
    });
  });
});
