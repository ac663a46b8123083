import { describe, expect, it } from 'vitest';
import { pipelinePrinter } from '../../src/cli/pipeline-printer.js';
import type { PipelineEvent } from '../../src/etl/events.js';
import { initialPipelineState, pipelineReducer } from '../../src/etl/pipeline-state.js';
import { bar, etaSeconds, inputFacts, inputRate, inputShare, stepsDone } from '../../src/etl/run-progress.js';

const START: PipelineEvent = {
  type: 'pipeline-start',
  steps: [
    { id: 'stage-events', title: 'Stage events', readsInput: true },
    { id: 'load-users', title: 'Build users' },
  ],
  at: 0,
};
const fold = (events: PipelineEvent[]) => events.reduce(pipelineReducer, initialPipelineState);

describe('run progress', () => {
  it('folds the totals of a load and keeps them when a later report leaves them out', () => {
    const state = fold([
      START,
      { type: 'step-start', step: 'stage-events', at: 1000 },
      { type: 'step-progress', step: 'stage-events', rows: 0, files: 0, bytes: 0, filesTotal: 4, bytesTotal: 8e6, at: 1100 },
      { type: 'step-progress', step: 'stage-events', rows: 500, files: 1, bytes: 2e6, at: 5000 },
    ]);
    const step = state.steps[0]!;
    expect(step).toMatchObject({ readsInput: true, files: 1, filesTotal: 4, bytes: 2e6, bytesTotal: 8e6, seconds: 4 });
    expect(inputShare(step)).toBe(0.25);
    // A quarter read in 4 s: three quarters left, 12 s.
    expect(etaSeconds(step)).toBe(12);
    expect(inputFacts(step)).toEqual(['files 1/4', '2.0/8.0 MB']);
    expect(state.startedAt).toBe(0);
  });

  it('shares by files when the bytes cannot be compared, and guesses no ETA from the first instants', () => {
    expect(inputShare({ files: 3, filesTotal: 12, bytes: 5e6 })).toBe(0.25);
    expect(inputFacts({ files: 3, filesTotal: 12, bytes: 5e6 })).toEqual(['files 3/12', '5.0 MB read']);
    expect(etaSeconds({ files: 3, filesTotal: 12, seconds: 0.5 })).toBeUndefined();
    expect(etaSeconds({ files: 0, filesTotal: 12, seconds: 30 })).toBeUndefined();
    expect(inputShare({ files: 2 })).toBeUndefined();
  });

  it('gives rows per second only for a step that reads input, and counts done steps only', () => {
    expect(inputRate({ readsInput: true, rows: 1000, seconds: 2 })).toBe(500);
    expect(inputRate({ rows: 3481, seconds: 1 })).toBeUndefined();
    const state = fold([START, { type: 'step-error', step: 'stage-events', title: 'x', message: 'y', at: 1 }, { type: 'step-skipped', step: 'load-users', reason: 'r', at: 1 }]);
    expect(stepsDone(state)).toEqual({ done: 0, total: 2 });
    expect(bar(3 / 8, 8)).toBe('███░░░░░');
    expect(bar(2, 4)).toBe('████');
  });

  it('the headless printer shows files x/N while loading and no rate on a SQL step', () => {
    const out: string[] = [];
    const err: string[] = [];
    const { emit } = pipelinePrinter({ out: (t) => out.push(t), err: (t) => err.push(t), color: false, interactive: true, columns: 80 }, false);
    emit(START);
    emit({ type: 'step-start', step: 'stage-events', at: 0 });
    emit({ type: 'step-progress', step: 'stage-events', rows: 10, files: 1, filesTotal: 3, at: 500 });
    expect(err.at(-1)).toContain('stage-events  10 rows  files 1/3  0.5 s');
    emit({ type: 'step-done', step: 'stage-events', rows: 20, seconds: 2, at: 2000 });
    emit({ type: 'step-start', step: 'load-users', at: 2000 });
    emit({ type: 'step-done', step: 'load-users', rows: 3481, seconds: 1, at: 3000 });
    expect(out[0]).toMatch(/stage-events\s+20 rows\s+2\.00 s\s+10 rows\/s\n$/);
    expect(out[1]).toMatch(/load-users\s+3,481 rows\s+1\.00 s\n$/);
  });
});
