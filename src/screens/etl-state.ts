import type { PipelineEvent } from '../etl/events.js';
import { initialPipelineState, pipelineReducer, type PipelineState } from '../etl/pipeline-state.js';
import type { KeyTable } from '../tui/key-table.js';
import { NO_EFFECTS, withEffect, type WithEffects } from '../tui/use-screen-state.js';

/** ask-quit: a cancelled run has ended and the screen asks whether to quit (No is the default). */
export type EtlPhase = 'ready' | 'running' | 'cancelling' | 'done' | 'failed' | 'ask-quit';

/** What the screen asks of the outside world; a run's effects carry its number. */
export type EtlEffect = { type: 'start'; run: number } | { type: 'cancel'; run: number } | { type: 'go-query' } | { type: 'quit' };

export type EtlAction =
  | { type: 'start' }
  /** An event of run number `run`: folded only while that run is the screen's current one. */
  | { type: 'pipeline'; run: number; event: PipelineEvent }
  | { type: 'cancel' }
  | { type: 'select'; yes: boolean }
  | { type: 'answer'; quit: boolean }
  | { type: 'go-query' }
  | { type: 'quit' };

export interface EtlState extends WithEffects<EtlEffect> {
  phase: EtlPhase;
  /** The current run's number: 0 before the first, bumped by every start. */
  run: number;
  /** This run's events folded, and nothing of an earlier run's. */
  pipeline: PipelineState;
  /** The highlighted answer of the quit question. */
  quitYes: boolean;
}

export const initialEtlState: EtlState = { ...NO_EFFECTS, phase: 'ready', run: 0, pipeline: initialPipelineState, quitYes: false };

/** A run is under way (its steps, or its rollback after a cancel). */
export const busy = (s: EtlState): boolean => s.phase === 'running' || s.phase === 'cancelling';

export function etlReducer(state: EtlState, action: EtlAction): EtlState {
  switch (action.type) {
    case 'start': {
      if (busy(state)) return state;
      const run = state.run + 1;
      return withEffect({ ...state, phase: 'running', run, pipeline: initialPipelineState, quitYes: false }, { type: 'start', run });
    }
    case 'pipeline': {
      // A late event of an earlier run (its last progress, its pipeline-done) must not land in this one.
      if (action.run !== state.run || !busy(state)) return state;
      const pipeline = pipelineReducer(state.pipeline, action.event);
      if (action.event.type !== 'pipeline-done') return { ...state, pipeline };
      const phase: EtlPhase = state.phase === 'cancelling' ? 'ask-quit' : pipeline.ok ? 'done' : 'failed';
      return { ...state, pipeline, phase, quitYes: false };
    }
    case 'cancel':
      return state.phase === 'running' ? withEffect({ ...state, phase: 'cancelling' }, { type: 'cancel', run: state.run }) : state;
    case 'select':
      return state.phase === 'ask-quit' ? { ...state, quitYes: action.yes } : state;
    case 'answer':
      if (state.phase !== 'ask-quit') return state;
      return action.quit ? withEffect(state, { type: 'quit' }) : { ...state, phase: state.pipeline.ok ? 'done' : 'failed' };
    case 'go-query':
      return state.phase === 'done' ? withEffect(state, { type: 'go-query' }) : state;
    case 'quit':
      return busy(state) ? state : withEffect(state, { type: 'quit' });
  }
}

const asking = (s: EtlState): boolean => s.phase === 'ask-quit';
const ended = (s: EtlState): boolean => s.phase === 'done' || s.phase === 'failed';

/** Every key of the ETL screen: the input handler, the footer and the help are read from these rows. */
export const ETL_KEYS: KeyTable<EtlState, EtlAction> = [
  { keys: ['enter'], label: 'start', help: 'run every step below', when: (s) => s.phase === 'ready', action: { type: 'start' } },
  {
    keys: ['ctrl+c'],
    label: 'cancel the step',
    help: 'cancel the running step (all or nothing: rolled back or completed), then choose whether to quit',
    when: (s) => s.phase === 'running',
    action: { type: 'cancel' },
  },
  { keys: ['enter'], label: 'query', help: 'go to the query screen', when: (s) => s.phase === 'done', action: { type: 'go-query' } },
  { keys: ['r'], label: 'run again', help: 'run the ETL again (it gives the same tables)', when: ended, action: { type: 'start' } },
  { keys: ['y'], label: 'quit', help: 'quit Sparkify', when: asking, action: { type: 'answer', quit: true } },
  { keys: ['n'], label: 'stay', help: 'stay on this screen (r runs the ETL again)', when: asking, action: { type: 'answer', quit: false } },
  { keys: ['enter'], hint: 'enter', help: 'the highlighted answer', when: asking, action: (s) => ({ type: 'answer', quit: s.quitYes }) },
  { keys: ['left'], hint: '←→', help: 'choose No or Quit', when: asking, action: { type: 'select', yes: false } },
  { keys: ['right', 'tab'], when: asking, action: { type: 'select', yes: true } },
  { keys: ['ctrl+c'], help: 'quit Sparkify', when: (s) => !busy(s), action: { type: 'quit' } },
];
