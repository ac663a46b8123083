import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../../src/etl/events.js';
import { initialPipelineState, pipelineReducer, REJECTIONS_KEPT, rowsPerSecond } from '../../src/etl/pipeline-state.js';

const fold = (events: PipelineEvent[]) => events.reduce(pipelineReducer, initialPipelineState);
const start: PipelineEvent = { type: 'pipeline-start', steps: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }], at: 0 };

describe('pipeline reducer', () => {
  it('starts every step waiting', () => {
    expect(fold([start]).steps.map((s) => [s.id, s.status])).toEqual([
      ['a', 'waiting'],
      ['b', 'waiting'],
    ]);
  });

  it('follows a step through progress to done, with elapsed time and rows/s', () => {
    const state = fold([
      start,
      { type: 'step-start', step: 'a', at: 1000 },
      { type: 'step-progress', step: 'a', rows: 500, files: 2, at: 1500 },
    ]);
    expect(state.steps[0]).toMatchObject({ status: 'running', rows: 500, files: 2, seconds: 0.5 });
    expect(rowsPerSecond(state.steps[0]!)).toBe(1000);
    const done = pipelineReducer(state, { type: 'step-done', step: 'a', rows: 800, seconds: 2, detail: 'x', at: 3000 });
    expect(done.steps[0]).toMatchObject({ status: 'done', rows: 800, seconds: 2, detail: 'x' });
    expect(done.steps[1]!.status).toBe('waiting');
  });

  it('records a failure, skips the rest and keeps the first rejected records', () => {
    const rejects: PipelineEvent[] = Array.from({ length: REJECTIONS_KEPT + 5 }, (_, i) => ({
      type: 'record-rejected',
      step: 'a',
      file: 'f.json',
      line: i + 1,
      reason: 'bad',
      at: 1100,
    }));
    const state = fold([
      start,
      { type: 'step-start', step: 'a', at: 1000 },
      ...rejects,
      { type: 'step-error', step: 'a', title: 'Bad input records', message: 'f.json:1: bad', at: 2000 },
      { type: 'step-skipped', step: 'b', reason: 'an earlier step failed', at: 2000 },
      { type: 'pipeline-done', ok: false, cancelled: false, seconds: 2, counts: { t: 1 }, at: 2000 },
    ]);
    expect(state.steps[0]).toMatchObject({ status: 'failed', rejected: REJECTIONS_KEPT + 5, seconds: 1, error: { title: 'Bad input records', message: 'f.json:1: bad' } });
    expect(state.steps[1]).toMatchObject({ status: 'skipped', reason: 'an earlier step failed' });
    expect(state.rejectedCount).toBe(REJECTIONS_KEPT + 5);
    expect(state.rejections).toHaveLength(REJECTIONS_KEPT);
    expect(state.rejections[0]).toBe('f.json:1: bad');
    expect(state).toMatchObject({ finished: true, ok: false, counts: { t: 1 } });
  });
});
