import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../../src/etl/events.js';
import { ETL_KEYS, etlReducer, etlStateFor, initialEtlState, type EtlAction, type EtlState } from '../../src/screens/etl-state.js';
import { foldKeys, footerKeys, helpKeys } from '../../src/tui/key-table.js';
import { effectsOf } from '../../src/tui/use-screen-state.js';
import { presses } from './keys.js';

const keys = (state: EtlState, ...names: string[]): EtlState => foldKeys(ETL_KEYS, etlReducer, state, presses(...names));
const fold = (state: EtlState, ...actions: EtlAction[]): EtlState => actions.reduce(etlReducer, state);
const footer = (state: EtlState): string[] => footerKeys(ETL_KEYS, state).map((k) => `${k.keys} ${k.label}`);

const STEPS = [
  { id: 'lock', title: 'Lock' },
  { id: 'stage-events', title: 'Stage events', readsInput: true },
  { id: 'load-users', title: 'Build users' },
];

/** Run `run`'s events as the runner dispatches them. */
const events = (run: number, ...list: PipelineEvent[]): EtlAction[] => list.map((event) => ({ type: 'pipeline', run, event }));
const begin = (run: number): EtlAction[] => events(run, { type: 'pipeline-start', steps: STEPS, at: 0 });
const done = (run: number, step: string, rows = 0): EtlAction[] => events(run, { type: 'step-start', step, at: 1 }, { type: 'step-done', step, rows, seconds: 1, at: 2 });
const end = (run: number, ok: boolean, cancelled = false): EtlAction[] => events(run, { type: 'pipeline-done', ok, cancelled, seconds: 3, counts: {}, at: 3 });

/** A first run that went through to the end. */
function afterFirstRun(): EtlState {
  const started = keys(initialEtlState, 'enter');
  return fold(started, ...begin(1), ...done(1, 'lock'), ...done(1, 'stage-events', 12), ...done(1, 'load-users', 3), ...end(1, true));
}

describe('ETL screen state', () => {
  it('enter starts run 1 and asks for it as an effect; the run ends in done', () => {
    const started = keys(initialEtlState, 'enter');
    expect(started).toMatchObject({ phase: 'running', run: 1 });
    expect(effectsOf(started)).toEqual([{ type: 'start', run: 1, mode: 'full' }]);
    const state = afterFirstRun();
    expect(state.phase).toBe('done');
    expect(state.pipeline.steps.map((s) => [s.id, s.status, s.rows])).toEqual([
      ['lock', 'done', 0],
      ['stage-events', 'done', 12],
      ['load-users', 'done', 3],
    ]);
  });

  it('a second run starts empty, and an event of run 1 arriving during run 2 is dropped', () => {
    const second = keys(afterFirstRun(), 'r');
    expect(second).toMatchObject({ phase: 'running', run: 2 });
    expect(second.pipeline.steps).toEqual([]);
    expect(effectsOf(second).at(-1)).toEqual({ type: 'start', run: 2, mode: 'full' });
    // Run 1's late progress and its end come in after run 2 started: neither shows.
    const late = fold(second, ...events(1, { type: 'step-progress', step: 'stage-events', rows: 99, at: 5 }), ...end(1, true));
    expect(late).toBe(second);
    const running = fold(late, ...begin(2), ...events(2, { type: 'step-start', step: 'lock', at: 6 }));
    expect(running.pipeline.steps.map((s) => s.status)).toEqual(['running', 'waiting', 'waiting']);
    expect(fold(running, ...done(1, 'lock'))).toBe(running);
  });

  it('Ctrl+C during run 2 cancels run 2, and ends in "cancelled" with the steps that really finished', () => {
    let state = fold(keys(afterFirstRun(), 'r'), ...begin(2), ...done(2, 'lock'), ...events(2, { type: 'step-start', step: 'stage-events', at: 4 }));
    state = keys(state, 'ctrl+c');
    expect(state.phase).toBe('cancelling');
    expect(effectsOf(state).at(-1)).toEqual({ type: 'cancel', run: 2 });
    // Ctrl+C again while it rolls back asks nothing more of the runner.
    expect(effectsOf(keys(state, 'ctrl+c'))).toEqual(effectsOf(state));
    state = fold(
      state,
      ...events(2, { type: 'step-error', step: 'stage-events', title: 'Cancelled', message: 'stopped by the user', at: 5 }),
      ...events(2, { type: 'step-skipped', step: 'load-users', reason: 'cancelled', at: 5 }),
      ...end(2, false, true),
    );
    expect(state.phase).toBe('ask-quit');
    expect(state.pipeline).toMatchObject({ finished: true, ok: false, cancelled: true });
    expect(state.pipeline.steps.map((s) => [s.id, s.status])).toEqual([
      ['lock', 'done'],
      ['stage-events', 'failed'],
      ['load-users', 'skipped'],
    ]);
  });

  it('the quit question: No by default, ←→ choose, enter answers, y quits, n stays', () => {
    const cancelled = fold(keys(fold(keys(initialEtlState, 'enter'), ...begin(1)), 'ctrl+c'), ...end(1, false, true));
    expect(cancelled).toMatchObject({ phase: 'ask-quit', quitYes: false });
    expect(keys(cancelled, 'enter').phase).toBe('failed');
    expect(keys(cancelled, 'n').phase).toBe('failed');
    const yes = keys(cancelled, 'right');
    expect(yes.quitYes).toBe(true);
    expect(effectsOf(keys(yes, 'enter')).at(-1)).toEqual({ type: 'quit' });
    expect(effectsOf(keys(cancelled, 'y')).at(-1)).toEqual({ type: 'quit' });
    expect(keys(yes, 'left').quitYes).toBe(false);
  });

  it('keys that do not apply do nothing: no start while running, no query after a failure', () => {
    const running = keys(initialEtlState, 'enter');
    expect(keys(running, 'enter', 'r', 'y')).toBe(running);
    const failed = fold(running, ...begin(1), ...end(1, false));
    expect(failed.phase).toBe('failed');
    expect(keys(failed, 'enter')).toBe(failed);
    expect(effectsOf(keys(afterFirstRun(), 'enter')).at(-1)).toEqual({ type: 'go-query' });
  });

  it('the footer is the keys that work in each phase, and the help adds what only it lists', () => {
    const running = fold(keys(initialEtlState, 'enter'), ...begin(1));
    expect(footer(initialEtlState)).toEqual(['enter start', 'i incremental']);
    expect(footer(running)).toEqual(['ctrl+c cancel the step']);
    expect(footer(keys(running, 'ctrl+c'))).toEqual([]);
    expect(footer(afterFirstRun())).toEqual(['enter query', 'r run again', 'i incremental']);
    expect(footer(keys(afterFirstRun(), 'i'))).toEqual(['enter query', 'r run again', 'i full load']);
    expect(footer(fold(running, ...end(1, false)))).toEqual(['r run again', 'i incremental']);
    const asking = fold(keys(running, 'ctrl+c'), ...end(1, false, true));
    expect(footer(asking)).toEqual(['y quit', 'n stay']);
    expect(helpKeys(ETL_KEYS, asking).map((k) => `${k.keys}: ${k.help}`)).toEqual([
      'y: quit Sparkify',
      'n: stay on this screen (r runs the ETL again)',
      'enter: the highlighted answer',
      '←→: choose No or Quit',
      'ctrl+c: quit Sparkify',
    ]);
  });

  it('opens in the configured mode asking what is new; i switches the mode the next run starts in', () => {
    const opened = etlStateFor('incremental');
    expect(opened.mode).toBe('incremental');
    expect(effectsOf(opened)).toEqual([{ type: 'survey', ask: 1 }]);
    expect(opened.survey).toEqual({ status: 'looking', ask: 1 });
    const full = keys(opened, 'i');
    expect(full.mode).toBe('full');
    expect(effectsOf(keys(full, 'enter')).at(-1)).toEqual({ type: 'start', run: 1, mode: 'full' });
    const incremental = keys(keys(full, 'i'), 'enter');
    expect(effectsOf(incremental).at(-1)).toEqual({ type: 'start', run: 1, mode: 'incremental' });
    // No switching while a run is under way.
    expect(keys(incremental, 'i')).toBe(incremental);
  });

  it('the answer to the survey lands only if it is the latest asked, and every finished run asks again', () => {
    const news = { newLogs: 2, newSongs: 0, lastRun: 4, problems: [] };
    const opened = etlStateFor('full');
    const known = fold(opened, { type: 'surveyed', ask: 1, news });
    expect(known.survey).toEqual({ status: 'known', ask: 1, news });
    // A run ends: the inputs are surveyed again (ask 2), and a late answer to ask 1 is dropped.
    const ran = fold(keys(known, 'enter'), ...begin(1), ...end(1, true));
    expect(effectsOf(ran).at(-1)).toEqual({ type: 'survey', ask: 2 });
    expect(fold(ran, { type: 'surveyed', ask: 1, news })).toBe(ran);
    const failed = fold(ran, { type: 'surveyed', ask: 2, message: 'no ledger' });
    expect(failed.survey).toEqual({ status: 'unknown', ask: 2, message: 'no ledger' });
  });
});
