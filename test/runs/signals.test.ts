import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DwhConfig } from '../../src/config/dwh-cfg.js';
import type { PipelineEvent } from '../../src/etl/events.js';
import { enginesUnderTest } from '../helpers/engines.js';
import { useDatasets } from '../helpers/datasets.js';
import { runCli } from '../helpers/run-cli.js';
import { spawnRun, stepStart } from '../helpers/spawn-cli.js';
import { fingerprintStar as dumpStar, inspectWarehouse } from '../helpers/star-dump.js';

/**
 * A run stopped at several points of staging and of the transforms, by SIGINT, SIGTERM and SIGKILL: afterwards the
 * five star tables are exactly the previous run's (or, when the signal came after the publish, exactly the new
 * run's), never a mix, and the exit code says which: 130 and 143 for a cancel.
 */
const { flags: inputs } = useDatasets('sparkify-signals-', {
  small: { songs: 60, events: 1500, seed: 1 },
  // Big enough that each step lasts while the signal travels.
  big: { songs: 2000, events: 50_000, seed: 2 },
});

type Case = { signal: NodeJS.Signals; at: string; code?: number; late?: boolean };
const CASES: Case[] = [
  { signal: 'SIGINT', at: 'stage-events', code: 130 },
  { signal: 'SIGINT', at: 'load-songplays', code: 130 },
  { signal: 'SIGTERM', at: 'stage-songs', code: 143 },
  // The last steps are short: a signal may arrive after the publish, and then the run has finished.
  { signal: 'SIGTERM', at: 'load-time', code: 143, late: true },
  { signal: 'SIGKILL', at: 'stage-events' },
  { signal: 'SIGKILL', at: 'load-users' },
  { signal: 'SIGKILL', at: 'checks', late: true },
];

describe.each(enginesUnderTest())('a run stopped by a signal on $name', (engine) => {
  let config: DwhConfig;
  let db: string[];
  let small: Record<string, string>;
  let big: Record<string, string>;
  afterAll(() => engine.cleanup());

  const etl = async (name: string) => {
    const run = await runCli(['etl', '--yes', ...db, ...inputs(name)]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  };

  beforeAll(async () => {
    config = engine.config();
    db = engine.flags(config);
    await etl('big');
    big = await dumpStar(config);
    await etl('small');
    small = await dumpStar(config);
    expect(small).not.toEqual(big);
  }, 300_000);

  it.each(CASES)('$signal at $at leaves the previous tables or the new ones, never a mix', async ({ signal, at, code, late }) => {
    const run = spawnRun(['etl', '--yes', ...db, ...inputs('big')]);
    await run.on(stepStart(at));
    run.kill(signal);
    const ended = await run.done;
    let { tables: after, lastRun: last } = await inspectWarehouse(config);
    // After a SIGKILL the server finishes the statement it was running before it finds the client gone and rolls
    // back: until then the run's session still holds the writer lock, and the ledger rightly says running.
    for (const until = Date.now() + 15_000; last?.status === 'running' && Date.now() < until; ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      ({ tables: after, lastRun: last } = await inspectWarehouse(config));
    }
    const finished = ended.code === 0;
    if (finished) {
      // Only a signal that came after the publish lets the run finish; then the tables are all the new run's.
      expect(late).toBe(true);
      expect(after).toEqual(big);
    } else if (signal === 'SIGKILL') {
      expect(ended.signal).toBe('SIGKILL');
      expect([small, big]).toContainEqual(after);
      // Killed before its publish committed: the ledger shows the run as interrupted, the tables are untouched.
      if (JSON.stringify(after) === JSON.stringify(small)) expect(last).toMatchObject({ status: 'interrupted', published: false });
      else expect(last).toMatchObject({ status: 'ok', published: true });
    } else {
      expect(ended.code, ended.stderr).toBe(code);
      expect(after).toEqual(small);
      const events = ended.events;
      const error = events.find((e): e is Extract<PipelineEvent, { type: 'step-error' }> => e.type === 'step-error');
      expect(error).toMatchObject({ title: 'Cancelled' });
      // The step that was running is the one reported: it did not run on to the end first.
      const started = events.filter((e) => e.type === 'step-start').map((e) => (e as { step: string }).step);
      expect(started.at(-1)).toBe(error!.step);
      expect(events.at(-1)).toMatchObject({ type: 'pipeline-done', ok: false, cancelled: true });
      expect(last).toMatchObject({ status: 'cancelled', published: false });
    }
    // After a kill, or a run that finished, the next run starts at once (no lock left behind) and works; a
    // cancelled run left the tables as they were, which the next case starts from.
    if (signal === 'SIGKILL' || finished) await etl('small');
  });
});
