import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../../src/etl/events.js';
import { CREATE_TABLES_KEYS, createTablesReducer, initialCreateTablesState, type CreateTablesAction, type CreateTablesState } from '../../src/screens/create-tables-state.js';
import { foldKeys, footerKeys } from '../../src/tui/key-table.js';
import { effectsOf } from '../../src/tui/use-screen-state.js';
import { presses } from './keys.js';

const keys = (state: CreateTablesState, ...names: string[]) => foldKeys(CREATE_TABLES_KEYS, createTablesReducer, state, presses(...names));
const footer = (state: CreateTablesState) => footerKeys(CREATE_TABLES_KEYS, state).map((k) => `${k.keys} ${k.label}`);
const events = (run: number, ...list: PipelineEvent[]): CreateTablesAction[] => list.map((event) => ({ type: 'pipeline', run, event }));
const fold = (state: CreateTablesState, actions: CreateTablesAction[]) => actions.reduce(createTablesReducer, state);
const runOf = (run: number, ok: boolean) =>
  events(
    run,
    { type: 'pipeline-start', steps: [{ id: 'create-tables', title: 'Drop and create all tables' }], at: 0 },
    { type: 'step-start', step: 'create-tables', at: 0 },
    ok ? { type: 'step-done', step: 'create-tables', rows: 0, seconds: 1, at: 1 } : { type: 'step-error', step: 'create-tables', title: 'Server not running', message: 'refused', at: 1 },
    { type: 'pipeline-done', ok, cancelled: false, seconds: 1, counts: {}, at: 1 },
  );

describe('create tables screen state', () => {
  it('asks with No highlighted: enter goes back, n goes back, nothing is dropped', () => {
    expect(footer(initialCreateTablesState)).toEqual(['y drop and create', 'n cancel']);
    expect(effectsOf(keys(initialCreateTablesState, 'enter'))).toEqual([{ type: 'back' }]);
    expect(effectsOf(keys(initialCreateTablesState, 'n'))).toEqual([{ type: 'back' }]);
  });

  it('→ then enter, or y, starts run 1; its end counts the rows again and offers the ETL', () => {
    const started = keys(initialCreateTablesState, 'right', 'enter');
    expect(started).toMatchObject({ phase: 'running', run: 1 });
    expect(effectsOf(started)).toEqual([{ type: 'start', run: 1 }]);
    expect(keys(initialCreateTablesState, 'y').run).toBe(1);
    expect(footer(started)).toEqual([]);
    const done = fold(started, runOf(1, true));
    expect(done.phase).toBe('done');
    expect(effectsOf(done).at(-1)).toEqual({ type: 'count' });
    expect(footer(done)).toEqual(['enter run the ETL']);
    expect(effectsOf(keys(done, 'enter')).at(-1)).toEqual({ type: 'go-etl' });
  });

  it('r after a failure starts run 2 empty, and the failed run 1 cannot reach it', () => {
    const failed = fold(keys(initialCreateTablesState, 'y'), runOf(1, false));
    expect(failed.phase).toBe('failed');
    expect(footer(failed)).toEqual(['r try again']);
    const again = keys(failed, 'r');
    expect(again).toMatchObject({ phase: 'running', run: 2 });
    expect(again.pipeline.steps).toEqual([]);
    expect(fold(again, runOf(1, false))).toBe(again);
    expect(fold(again, runOf(2, true)).phase).toBe('done');
  });
});
