import type { PipelineEvent } from '../etl/events.js';
import { initialPipelineState, pipelineReducer, type PipelineState } from '../etl/pipeline-state.js';
import type { KeyTable } from '../tui/key-table.js';
import { NO_EFFECTS, withEffect, type WithEffects } from '../tui/use-screen-state.js';

/** ask-quit: a cancelled run has ended and the screen asks whether to quit (No is the default). */
export type EtlPhase = 'ready' | 'running' | 'cancelling' | 'done' | 'failed' | 'ask-quit';

export type EtlMode = 'full' | 'incremental';

/** What an incremental run would load, as the screen says it before a run (see etl/input-survey.ts). */
export interface InputsNews {
  newLogs: number;
  newSongs: number;
  /** The newest published run ("since run N"). */
  lastRun?: number;
  /** An incremental run would be a full load: why. */
  fullBecause?: string;
  /** Loaded files that changed or are gone (an incremental run would stop on them). */
  problems: string[];
}

/** The survey of the inputs: asked (number `ask`), known, or not to be had (the message). */
export type SurveyView = { status: 'looking'; ask: number } | { status: 'known'; ask: number; news: InputsNews } | { status: 'unknown'; ask: number; message: string };

/** What the screen asks of the outside world; a run's effects carry its number. */
export type EtlEffect =
  | { type: 'start'; run: number; mode: EtlMode }
  | { type: 'cancel'; run: number }
  | { type: 'survey'; ask: number }
  | { type: 'go-query' }
  | { type: 'quit' };

export type EtlAction =
  | { type: 'start' }
  /** An event of run number `run`: folded only while that run is the screen's current one. */
  | { type: 'pipeline'; run: number; event: PipelineEvent }
  | { type: 'cancel' }
  | { type: 'select'; yes: boolean }
  | { type: 'answer'; quit: boolean }
  | { type: 'go-query' }
  | { type: 'quit' }
  /** Switch between a full and an incremental run (before a run, or after one). */
  | { type: 'toggle-mode' }
  /** The answer to survey number `ask` (a late one is dropped). */
  | { type: 'surveyed'; ask: number; news?: InputsNews; message?: string };

export interface EtlState extends WithEffects<EtlEffect> {
  phase: EtlPhase;
  /** The current run's number: 0 before the first, bumped by every start. */
  run: number;
  /** This run's events folded, and nothing of an earlier run's. */
  pipeline: PipelineState;
  /** The highlighted answer of the quit question. */
  quitYes: boolean;
  /** What the next run does: rebuild the star from every file, or merge in the new ones. */
  mode: EtlMode;
  /** The mode the current (or last) run was started in. */
  ranMode?: EtlMode;
  /** What is new in the inputs since the last run; undefined until asked. */
  survey?: SurveyView;
}

export const initialEtlState: EtlState = { ...NO_EFFECTS, phase: 'ready', run: 0, pipeline: initialPipelineState, quitYes: false, mode: 'full' };

/** The screen as it opens: in the configured mode ([ETL] MODE), asking what is new in the inputs. */
export function etlStateFor(mode: EtlMode): EtlState {
  return survey({ ...initialEtlState, mode });
}

function survey(state: EtlState): EtlState {
  const ask = (state.survey?.ask ?? 0) + 1;
  return withEffect({ ...state, survey: { status: 'looking', ask } }, { type: 'survey', ask });
}

/** A run is under way (its steps, or its rollback after a cancel). */
export const busy = (s: EtlState): boolean => s.phase === 'running' || s.phase === 'cancelling';

export function etlReducer(state: EtlState, action: EtlAction): EtlState {
  switch (action.type) {
    case 'start': {
      if (busy(state)) return state;
      const run = state.run + 1;
      return withEffect({ ...state, phase: 'running', run, pipeline: initialPipelineState, quitYes: false, ranMode: state.mode }, { type: 'start', run, mode: state.mode });
    }
    case 'pipeline': {
      // A late event of an earlier run (its last progress, its pipeline-done) must not land in this one.
      if (action.run !== state.run || !busy(state)) return state;
      const pipeline = pipelineReducer(state.pipeline, action.event);
      if (action.event.type !== 'pipeline-done') return { ...state, pipeline };
      const phase: EtlPhase = state.phase === 'cancelling' ? 'ask-quit' : pipeline.ok ? 'done' : 'failed';
      // What is new changes with every run that loaded: asked again.
      return survey({ ...state, pipeline, phase, quitYes: false });
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
    case 'toggle-mode':
      return busy(state) || asking(state) ? state : { ...state, mode: state.mode === 'full' ? 'incremental' : 'full' };
    case 'surveyed': {
      if (state.survey?.ask !== action.ask) return state;
      const view: SurveyView = action.news ? { status: 'known', ask: action.ask, news: action.news } : { status: 'unknown', ask: action.ask, message: action.message ?? 'unknown' };
      return { ...state, survey: view };
    }
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
  { keys: ['r'], label: 'run again', help: 'run the ETL again (a full load gives the same tables; an incremental one adds what is new)', when: ended, action: { type: 'start' } },
  {
    keys: ['i'],
    label: 'incremental',
    help: 'the next run loads only the files no run has loaded, merged into the star tables',
    when: (s) => s.mode === 'full' && (s.phase === 'ready' || ended(s)),
    action: { type: 'toggle-mode' },
  },
  {
    keys: ['i'],
    label: 'full load',
    help: 'the next run reads every file and rebuilds the star tables',
    when: (s) => s.mode === 'incremental' && (s.phase === 'ready' || ended(s)),
    action: { type: 'toggle-mode' },
  },
  { keys: ['y'], label: 'quit', help: 'quit Sparkify', when: asking, action: { type: 'answer', quit: true } },
  { keys: ['n'], label: 'stay', help: 'stay on this screen (r runs the ETL again)', when: asking, action: { type: 'answer', quit: false } },
  { keys: ['enter'], hint: 'enter', help: 'the highlighted answer', when: asking, action: (s) => ({ type: 'answer', quit: s.quitYes }) },
  { keys: ['left'], hint: '←→', help: 'choose No or Quit', when: asking, action: { type: 'select', yes: false } },
  { keys: ['right', 'tab'], when: asking, action: { type: 'select', yes: true } },
  { keys: ['ctrl+c'], help: 'quit Sparkify', when: (s) => !busy(s), action: { type: 'quit' } },
];
