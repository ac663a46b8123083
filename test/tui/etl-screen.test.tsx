import { afterAll, describe, expect, it, vi } from 'vitest';
import { enginesUnderTest } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';
import { writeFixture } from './helpers/fixture.js';
import { KEY, renderApp, type Harness } from './helpers/harness.js';

const engine = enginesUnderTest()[0]!;
const temps: (() => void)[] = [];
afterAll(async () => {
  await engine.cleanup();
  for (const t of temps) t();
});

function config(options: Parameters<typeof writeFixture>[1] = {}) {
  const t = tempDir('sparkify-tui-etl-');
  temps.push(t.cleanup);
  return engine.config({ ...writeFixture(t.dir, options), maxErrors: 0 });
}

const HEADER = 'Sparkify DWH › ETL  PGlite';

/** What the last run printed and shows: the frame from its header on (the lines above are earlier runs'). */
function lastRun(frame: string): string {
  return frame.slice(frame.lastIndexOf(HEADER));
}

/** From the connect screen back into the ETL screen, as a person does: the menu's second item. */
async function reopen(app: Harness): Promise<void> {
  await app.press('q');
  await app.connected();
  await app.press(KEY.down, KEY.enter);
  await app.see('enter start');
}

/** How many lines two frames share from the top: printed lines only grow, so these are printed. */
function sharedTop(a: string, b: string): number {
  const x = a.split('\n');
  const y = b.split('\n');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

/** Starts the screen's first run and waits for its end. */
async function firstRun(app: Harness): Promise<string> {
  await app.see('enter start');
  await app.press(KEY.enter);
  return app.see('ETL done in');
}

/** Starts the screen's first run and waits until the events are loading (its heaviest file step). */
async function untilStaging(app: Harness): Promise<void> {
  await app.see('enter start');
  await app.press(KEY.enter);
  await app.see(/[\u2800-\u28ff] Stage events into staging_events/);
}

/** Waits for a second run to have printed its last step and shown its summary. */
async function secondRunDone(app: Harness): Promise<string> {
  await vi.waitFor(() => expect(app.frame().match(/✓ Check the star schema/g)).toHaveLength(2), { timeout: 30_000 });
  return app.see('ETL done in');
}

describe('ETL screen', () => {
  it('lists the steps, runs them on enter and ends with the rows per table and the time taken', async () => {
    const app = await renderApp(config(), { route: 'etl' });
    let frame = await app.see('The steps:', 'enter start');
    expect(frame).toMatch(/· Stage events into staging_events\s+waiting/);
    expect(frame).toMatch(/· Check the star schema against the data se…\s+waiting/);
    await app.press(KEY.enter);
    frame = await app.see('ETL done in');
    expect(frame).toContain('Sparkify DWH › ETL  PGlite database in');
    expect(frame).toMatch(/✓ Create missing tables\s+\d+\.\d\d s/);
    // The input check as a checklist under its step: each input folder found, the jsonpaths file fits.
    expect(frame).toMatch(/✓ Check the inputs · 3 passed\s+\d+\.\d\d s\n {2}✓ \S*song_data\n {2}✓ \S*log_data\n {2}✓ \S*log_json_path\.json: 18 jsonpaths, one/);
    expect(frame).toMatch(/✓ Stage events into staging_events\s+12 rows\s+\d+\.\d\d s\s+[\d,]+\/s/);
    expect(frame).toMatch(/✓ Stage songs into staging_songs\s+3 rows/);
    expect(frame).toMatch(/✓ Build songplays \(every NextSong play\)\s+9 rows/);
    expect(frame).toMatch(/✓ Build users \(latest level per user\)\s+3 rows/);
    expect(frame).toMatch(/✓ Check the star schema against the data se…\s+\d+\.\d\d s/);
    expect(frame).toMatch(/staging_events\s+12 {2}staging_songs\s+3/);
    expect(frame).toMatch(/songplays\s+9 {2}users\s+3/);
    expect(frame).toMatch(/time\s+9/);
    expect(frame).toContain('enter query  r run again');
    await app.press(KEY.enter);
    await app.see('Sparkify DWH › Query', 'Top songs');
    await app.close();
  });

  it('runs again with r, printing each run once, and the connect screen then counts the new rows', async () => {
    const app = await renderApp(config(), { route: 'etl' });
    await app.see('enter start');
    await app.press(KEY.enter);
    await app.see('ETL done in');
    await app.press('r');
    // The second run's last step printed, and its summary on show.
    await vi.waitFor(() => expect(app.frame().match(/✓ Check the star schema/g)).toHaveLength(2), { timeout: 30_000 });
    await app.see('ETL done in', 'enter query  r run again');
    const frame = app.frame();
    expect(frame.match(/Sparkify DWH › ETL {2}PGlite/g)).toHaveLength(2);
    expect(frame.match(/✓ Stage songs into staging_songs/g)).toHaveLength(2);
    // Leaving the screen keeps what was printed and the next screen works on the same connection.
    await app.press('q');
    await app.connected();
    expect(app.frame()).toMatch(/songplays\s+9 {2}users\s+3/);
    expect(app.frame().match(/✓ Stage songs into staging_songs/g)).toHaveLength(2);
    // The connect screen says how the last run on this warehouse ended (from its ledger) and what the star holds.
    expect(app.frame()).toMatch(/last run #2 etl ok in [\d.]+ s on \d{4}-\d\d-\d\d \d\d:\d\d · star from run #2/);
    await app.close();
  });

  it('shows a bad record with its file and line, skips the rest and says what to do', async () => {
    const app = await renderApp(config({ badLine: 3 }), { route: 'etl' });
    await app.see('enter start');
    await app.press(KEY.enter);
    const frame = await app.see('ETL failed in');
    expect(frame).toMatch(/✗ Stage events into staging_events\s+failed after/);
    expect(frame).toMatch(/- Stage songs into staging_songs\s+skipped: an earlier step failed/);
    expect(frame).toContain('✗ Bad input record');
    expect(frame).toMatch(/log_data\/2018-11-01-events\.json:3/);
    expect(frame).toContain('Fix or remove the records named above');
    expect(frame).toContain('r run again');
    expect(frame).not.toMatch(/\n\s+at /); // no stack trace
    expect(frame).toMatch(/Nothing was published: no run has published\s+the star tables yet\./);
    await app.close();
  });

  it('keeps the spinner turning and answers keys while the heaviest step loads', async () => {
    const app = await renderApp(config({ extraEvents: 250_000 }), { route: 'etl' });
    await app.see('enter start');
    await app.press(KEY.enter);
    const loading = /([\u2800-\u28ff]) Stage events into staging_events/;
    await app.see(loading);
    // A key mid-load is answered at once: ? opens the help, any key closes it, and the load is still going.
    await app.press('?');
    await app.see('Press any key to close this help.');
    await app.press('x');
    await app.see(loading);
    const done = /✓ Stage events into staging_events\s+250,012 rows\s+(\d+\.\d+) s/;
    await app.see(done, 'ETL done in');
    // Frames kept coming while the step ran (the spinner turns every 80 ms): a load that held the UI thread
    // would leave one gap as long as itself. The bound is relative to the step, not a time, so a busy
    // machine slows both alike.
    const end = app.frames.findIndex((f) => done.test(f));
    const stepMs = Number(done.exec(app.frames[end]!)![1]) * 1000;
    const startedAt = app.frameTimes[end]! - stepMs;
    const times = [startedAt, ...app.frameTimes.slice(0, end + 1).filter((t) => t > startedAt)];
    const longest = Math.max(...times.slice(1).map((t, i) => t - times[i]!));
    expect(longest).toBeLessThan(stepMs / 2);
    await app.close();
  });

  it('cancels the running step on Ctrl+C, rolls it back and asks before quitting', async () => {
    const app = await renderApp(config({ extraEvents: 120_000 }), { route: 'etl' });
    await app.see('enter start');
    await app.press(KEY.enter);
    // The spinner (a braille dot) marks the running step.
    let frame = await app.see(/[\u2800-\u28ff] Stage events into staging_events/);
    expect(frame).toContain('ctrl+c cancel the step');
    await app.press(KEY.ctrlC);
    frame = await app.see('ETL cancelled in', 'Quit Sparkify?');
    expect(frame).toMatch(/✗ Stage events into staging_events\s+failed after/);
    expect(frame).toMatch(/- Build songplays \(every NextSong play\)\s+skipped: cancelled/);
    expect(frame).toMatch(/Cancelled: the running step was rolled back\. Press r to run again\. Nothing was\s+published/);
    // The load was rolled back: the table keeps what it had (the first step created it empty).
    expect(frame).toMatch(/staging_events\s+0 {2}/);
    expect(frame).toContain(' No   Quit ');
    expect(frame).toContain('y quit  n stay  ? help');
    await app.press('n');
    frame = await app.see('r run again');
    expect(frame).not.toContain('Quit Sparkify?');
    await app.close();
  });

  it('opened again, a run prints its own steps under its own header, never the last run\'s', async () => {
    const app = await renderApp(config(), { route: 'etl' });
    await firstRun(app);
    await reopen(app);
    const from = app.frames.length;
    await app.press(KEY.enter);
    const frame = await secondRunDone(app);
    expect(frame.match(new RegExp(HEADER, 'g'))).toHaveLength(2);
    expect(lastRun(frame)).toMatch(/✓ Lock the warehouse for this run · run #2/);
    expect(lastRun(frame)).not.toContain('run #1');
    // Once this run's header is printed, nothing of the last run shows under it.
    const printedTwice = app.frames.slice(from).filter((f) => f.match(new RegExp(HEADER, 'g'))?.length === 2);
    expect(printedTwice.length).toBeGreaterThan(3);
    for (const f of printedTwice) expect(lastRun(f)).not.toContain('run #1');
    await app.close();
  });

  it('Ctrl+C in a second run shows the steps that finished in it, then the cancel', async () => {
    const app = await renderApp(config({ extraEvents: 120_000 }), { route: 'etl' });
    await firstRun(app);
    await reopen(app);
    await app.press(KEY.enter);
    await app.see(/[\u2800-\u28ff] Stage events into staging_events/);
    await app.press(KEY.ctrlC);
    const run = lastRun(await app.see('ETL cancelled in', 'Quit Sparkify?'));
    expect(run).toMatch(/✓ Create missing tables/);
    expect(run).toMatch(/✗ Stage events into staging_events\s+failed after/);
    expect(run).not.toMatch(/✓ (Stage|Build|Check the star)/);
    expect(run).toMatch(/- Build songplays \(every NextSong play\)\s+skipped: cancelled/);
    await app.close();
  });

  it('r runs again without showing the plan or a second header of the new run', async () => {
    const app = await renderApp(config(), { route: 'etl' });
    await firstRun(app);
    const from = app.frames.length;
    await app.press('r');
    await secondRunDone(app);
    for (const f of app.frames.slice(from)) {
      expect(f).not.toContain('The steps:');
      expect(f.match(new RegExp(HEADER, 'g'))!.length).toBeLessThanOrEqual(2);
    }
    await app.close();
  });

  it('after a resize mid-run no line is wider than the terminal and the live region stays shorter than it', async () => {
    const app = await renderApp(config({ extraEvents: 120_000 }), { route: 'etl' });
    await untilStaging(app);
    const before = app.frame();
    const from = app.frames.length;
    app.resize(60, 12);
    const last = await app.see('ETL done in');
    // Lines printed before the resize were written at 80 columns: the terminal keeps them as they are.
    const printedBefore = sharedTop(before, last);
    const after = app.frames.slice(from);
    expect(after.length).toBeGreaterThan(3);
    for (const f of after) {
      const lines = f.split('\n');
      for (const line of lines.slice(printedBefore)) expect([...line].length, `${printedBefore}\n${before}\n----\n${f}`).toBeLessThanOrEqual(60);
    }
    // The live region of a frame: what it does not share with the last one (printed lines only grow).
    for (const f of after.slice(0, -1)) {
      if (f.includes('ETL done in')) continue;
      expect(f.split('\n').length - sharedTop(f, last), f).toBeLessThan(12);
    }
    await app.close();
  });

  it('shows the overall progress, files read of how many, and no rate for the SQL steps', async () => {
    const app = await renderApp(config({ extraEvents: 250_000 }), { route: 'etl' });
    await untilStaging(app);
    const frame = await app.see('ETL done in');
    // While the events loaded: how many files of how many, MB read of how many, and the bar of the steps.
    const loading = app.frames.filter((f) => /[\u2800-\u28ff] Stage events/.test(f));
    expect(loading.some((f) => /files 0\/1 · [\d.]+\/[\d.]+ MB/.test(f))).toBe(true);
    expect(loading.every((f) => /[█░]{20} [45]\/12 steps/.test(f))).toBe(true);
    expect(frame).toMatch(/[█]{8,} 12\/12 steps/);
    const usersLine = frame.split('\n').find((l) => l.startsWith('✓ Build users'))!;
    expect(usersLine).toMatch(/3 rows\s+\d+\.\d\d s$/);
    expect(frame.split('\n').find((l) => l.startsWith('✓ Stage events'))).toMatch(/\/s$/);
    for (const f of app.frames) {
      for (const line of f.split('\n').filter((l) => /(Build|Check the star)/.test(l))) expect(line).not.toMatch(/\/s\b/);
    }
    await app.close();
  });
});
