import type { PipelineEvent } from '../etl/events.js';
import { initialPipelineState, pipelineReducer, type PipelineState } from '../etl/pipeline-state.js';
import type { KeyTable } from '../tui/key-table.js';
import { NO_EFFECTS, withEffect, type WithEffects } from '../tui/use-screen-state.js';

/** confirm: the question (No by default); running: the drop and create; done or failed: how it ended. */
export type CreateTablesPhase = 'confirm' | 'running' | 'done' | 'failed';

/** count: read the rows per table again (after a run, whether it worked or not). */
export type CreateTablesEffect = { type: 'start'; run: number } | { type: 'count' } | { type: 'back' } | { type: 'go-etl' };

export type CreateTablesAction =
  | { type: 'select'; yes: boolean }
  | { type: 'answer'; yes: boolean }
  | { type: 'start' }
  /** An event of run number `run`: folded only while that run is the current one. */
  | { type: 'pipeline'; run: number; event: PipelineEvent }
  | { type: 'go-etl' };

export interface CreateTablesState extends WithEffects<CreateTablesEffect> {
  phase: CreateTablesPhase;
  /** The highlighted answer of the question. */
  yes: boolean;
  run: number;
  pipeline: PipelineState;
}

export const initialCreateTablesState: CreateTablesState = { ...NO_EFFECTS, phase: 'confirm', yes: false, run: 0, pipeline: initialPipelineState };

export function createTablesReducer(state: CreateTablesState, action: CreateTablesAction): CreateTablesState {
  switch (action.type) {
    case 'select':
      return state.phase === 'confirm' ? { ...state, yes: action.yes } : state;
    case 'answer':
      if (state.phase !== 'confirm') return state;
      return action.yes ? createTablesReducer(state, { type: 'start' }) : withEffect(state, { type: 'back' });
    case 'start': {
      if (state.phase === 'running' || state.phase === 'done') return state;
      const run = state.run + 1;
      return withEffect({ ...state, phase: 'running', yes: false, run, pipeline: initialPipelineState }, { type: 'start', run });
    }
    case 'pipeline': {
      if (action.run !== state.run || state.phase !== 'running') return state;
      const pipeline = pipelineReducer(state.pipeline, action.event);
      if (action.event.type !== 'pipeline-done') return { ...state, pipeline };
      return withEffect({ ...state, pipeline, phase: pipeline.ok ? 'done' : 'failed' }, { type: 'count' });
    }
    case 'go-etl':
      return state.phase === 'done' ? withEffect(state, { type: 'go-etl' }) : state;
  }
}

const confirming = (s: CreateTablesState): boolean => s.phase === 'confirm';

/** Every key of the create-tables screen: the input handler, the footer and the help are read from these rows. */
export const CREATE_TABLES_KEYS: KeyTable<CreateTablesState, CreateTablesAction> = [
  { keys: ['y'], label: 'drop and create', help: 'y, or → then enter: drop and create every table', when: confirming, action: { type: 'answer', yes: true } },
  { keys: ['n'], label: 'cancel', help: 'n, or enter on No: change nothing and go back', when: confirming, action: { type: 'answer', yes: false } },
  { keys: ['enter'], help: 'the highlighted answer', when: confirming, action: (s) => ({ type: 'answer', yes: s.yes }) },
  { keys: ['left'], hint: '←→', help: 'choose No or Drop and create', when: confirming, action: { type: 'select', yes: false } },
  { keys: ['right', 'tab'], when: confirming, action: { type: 'select', yes: true } },
  { keys: ['enter'], label: 'run the ETL', help: 'go to the ETL screen', when: (s) => s.phase === 'done', action: { type: 'go-etl' } },
  { keys: ['r'], label: 'try again', when: (s) => s.phase === 'failed', action: { type: 'start' } },
];
