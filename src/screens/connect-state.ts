import type { KeyTable, Press } from '../tui/key-table.js';
import { moveSelection, type SelectItem } from '../components/select-list.js';
import type { PipelineEvent } from '../etl/events.js';
import { initialPipelineState, pipelineReducer, type PipelineState } from '../etl/pipeline-state.js';
import type { LastRunView } from '../etl/run-status.js';
import { SAMPLE_SIZES } from '../tui/inputs.js';
import { editText, textState, type TextState } from '../tui/text-edit.js';
import { NO_EFFECTS, withEffect, type WithEffects } from '../tui/use-screen-state.js';
import { menuItems, suggestedAction, type Action as MenuAction, type Mode } from './connect-menu.js';

/** What the other parts of the screen know (the input folders, the sample being written, the profiles, dwh.cfg). */
export interface ConnectFacts {
  inputsReady: boolean;
  generating: boolean;
  /** Profiles in the list: the current one first, then the saved ones. */
  profiles: number;
  cluster: 'configured' | 'serverless' | 'incomplete' | 'none';
}

/** Why the last connection was refused at login: no password was given, or the one given was wrong. */
export type LoginProblem = 'missing' | 'wrong';

export type ConnectEffect =
  /** Open the connection and count the tables, as run `run`. */
  | { type: 'connect'; run: number }
  /** Read dwh.cfg again and reconnect (a new workspace: the screen starts afresh on it). */
  | { type: 'reload' }
  /** Keep this password for the target, in memory only (the connect queued after it uses it). */
  | { type: 'password'; value: string }
  | { type: 'go'; route: 'create-tables' | 'etl' | 'query' | 'notebook' | 'cluster' }
  | { type: 'generate'; size: (typeof SAMPLE_SIZES)[number]['id'] }
  | { type: 'use-profile'; index: number }
  | { type: 'save-profile'; name: string }
  | { type: 'delete-profile'; index: number };

export type ConnectAction =
  | { type: 'facts'; facts: Partial<ConnectFacts> }
  | { type: 'connect' }
  | { type: 'reload' }
  /** An event of connection run `run`: folded only while that run is the current one. */
  | { type: 'pipeline'; run: number; event: PipelineEvent }
  | { type: 'counted'; run: number; counts: Record<string, number | null>; lastRun?: LastRunView }
  | { type: 'login-failed'; run: number; problem: LoginProblem }
  | { type: 'move'; by: 1 | -1 }
  | { type: 'enter' }
  | { type: 'mode'; mode: Mode }
  | { type: 'delete-profile' }
  | { type: 'go-cluster' }
  | { type: 'edit'; press: Press };

export interface ConnectState extends WithEffects<ConnectEffect> {
  mode: Mode;
  /** The highlighted row of the menu, of the sample sizes, of the profiles. */
  menu: number;
  size: number;
  profile: number;
  /** The name a profile is saved under, being typed. */
  name: TextState;
  /** The password being typed (shown masked; kept only in memory). */
  password: TextState;
  run: number;
  pipeline: PipelineState;
  connecting: boolean;
  /** Rows per table once counted (null: the table is missing); undefined until connected. */
  counts?: Record<string, number | null>;
  lastRun?: LastRunView;
  /** Set when the last connection failed at login for want of the right password: the screen offers to give it. */
  login?: LoginProblem;
  facts: ConnectFacts;
}

/** The screen as it first shows: connecting (run 1), so no key meets a menu that is about to go. */
export function initialConnectState(facts: ConnectFacts): ConnectState {
  return connect({
    ...NO_EFFECTS,
    mode: facts.inputsReady ? 'menu' : 'generate',
    menu: 0,
    size: 0,
    profile: 0,
    name: textState(''),
    password: textState(''),
    run: 0,
    pipeline: initialPipelineState,
    connecting: false,
    facts,
  });
}

/** The sample offer: "no" first, then each size. */
export const SIZE_CHOICES = ['no', ...SAMPLE_SIZES.map((s) => s.id)] as const;

/** The menu as the state has it: what can be done now, and the step the tables suggest. */
export function connectMenu(s: ConnectState): (SelectItem & { id: MenuAction })[] {
  const suggestion = s.counts ? suggestedAction(s.counts, s.facts.inputsReady) : undefined;
  return menuItems({ connected: s.counts !== undefined, counts: s.counts, inputsReady: s.facts.inputsReady, saved: s.facts.profiles - 1, cluster: s.facts.cluster, suggestion });
}

function connect(s: ConnectState): ConnectState {
  const run = s.run + 1;
  return withEffect({ ...s, run, pipeline: initialPipelineState, connecting: true, counts: undefined, lastRun: undefined, login: undefined, menu: 0 }, { type: 'connect', run });
}

/** How many rows the list of the mode has, for moving through it. */
function list(s: ConnectState): readonly SelectItem[] {
  if (s.mode === 'generate') return SIZE_CHOICES.map((id) => ({ id, label: id }));
  if (s.mode === 'profiles') return Array.from({ length: s.facts.profiles }, (_, i) => ({ id: String(i), label: String(i) }));
  return connectMenu(s);
}

function enter(s: ConnectState): ConnectState {
  switch (s.mode) {
    case 'menu': {
      const item = connectMenu(s)[s.menu];
      if (!item || item.disabled) return s;
      if (item.id === 'generate' || item.id === 'profiles') return { ...s, mode: item.id };
      return withEffect(s, { type: 'go', route: item.id });
    }
    case 'generate': {
      const size = SIZE_CHOICES[s.size];
      const back = { ...s, mode: 'menu' as const };
      return size && size !== 'no' ? withEffect(back, { type: 'generate', size }) : back;
    }
    case 'profiles':
      return withEffect(s, { type: 'use-profile', index: s.profile });
    case 'save-profile': {
      const name = s.name.value.trim();
      const back = { ...s, mode: 'profiles' as const };
      return name ? withEffect(back, { type: 'save-profile', name }) : back;
    }
    case 'password': {
      if (s.password.value === '') return s;
      return connect(withEffect({ ...s, mode: 'menu', password: textState('') }, { type: 'password', value: s.password.value }));
    }
  }
}

export function connectReducer(s: ConnectState, action: ConnectAction): ConnectState {
  switch (action.type) {
    case 'facts':
      return { ...s, facts: { ...s.facts, ...action.facts } };
    case 'connect':
      return s.connecting ? s : connect(s);
    case 'reload':
      return s.connecting ? s : withEffect(s, { type: 'reload' });
    case 'pipeline': {
      if (action.run !== s.run) return s;
      const pipeline = pipelineReducer(s.pipeline, action.event);
      return action.event.type === 'pipeline-done' ? { ...s, pipeline, connecting: false } : { ...s, pipeline };
    }
    case 'counted':
      return action.run === s.run ? { ...s, counts: action.counts, lastRun: action.lastRun } : s;
    case 'login-failed':
      // A target that refused the login: the prompt opens at once, as psql asks for a password.
      return action.run === s.run ? { ...s, login: action.problem, mode: 'password', password: textState('') } : s;
    case 'move': {
      const key = s.mode === 'generate' ? 'size' : s.mode === 'profiles' ? 'profile' : 'menu';
      return { ...s, [key]: moveSelection(list(s), s[key], action.by) };
    }
    case 'enter':
      return enter(s);
    case 'mode': {
      const next = { ...s, mode: action.mode };
      if (action.mode === 'save-profile') return { ...next, name: textState('') };
      if (action.mode === 'password') return { ...next, password: textState('') };
      return next;
    }
    case 'go-cluster':
      return withEffect(s, { type: 'go', route: 'cluster' });
    case 'delete-profile':
      // The current profile (the first) is the one in use: it is not deleted.
      return s.profile === 0 ? s : withEffect({ ...s, profile: 0 }, { type: 'delete-profile', index: s.profile });
    case 'edit': {
      const field = s.mode === 'password' ? 'password' : 'name';
      const edited = editText(s[field], action.press.input, action.press.key);
      return edited ? { ...s, [field]: edited } : s;
    }
  }
}

const busy = (s: ConnectState): boolean => s.connecting || s.facts.generating;
const inMode =
  (...modes: Mode[]) =>
  (s: ConnectState): boolean =>
    !busy(s) && modes.includes(s.mode);
const typing = (s: ConnectState): boolean => s.mode === 'save-profile' || s.mode === 'password';

/**
 * Every key of the connect screen: the input handler, the footer and the `?` help are read from these rows.
 * While it connects or writes a sample only help, quit and c (the cluster screen, which needs no connection: a
 * paused cluster is why connecting takes long) work.
 */
export const CONNECT_KEYS: KeyTable<ConnectState, ConnectAction> = [
  { keys: ['up', 'k'], hint: '↑↓', label: 'choose', help: 'move in the list', when: inMode('menu'), action: { type: 'move', by: -1 } },
  { keys: ['down', 'j'], when: inMode('menu'), action: { type: 'move', by: 1 } },
  { keys: ['enter'], label: 'open', help: 'open the chosen screen', when: inMode('menu'), action: { type: 'enter' } },
  { keys: ['g'], label: 'generate', help: 'generate a sample dataset where dwh.cfg expects the input', when: inMode('menu'), action: { type: 'mode', mode: 'generate' } },
  { keys: ['p'], label: 'profiles', help: 'switch to, save or delete a profile', when: inMode('menu'), action: { type: 'mode', mode: 'profiles' } },
  { keys: ['l'], label: 'log in', help: 'type the password for this target (kept in memory until the app quits)', when: (s) => inMode('menu')(s) && s.login !== undefined, action: { type: 'mode', mode: 'password' } },
  { keys: ['r'], label: 'reconnect', help: 'read dwh.cfg again, connect again and recount the tables', when: inMode('menu'), action: { type: 'reload' } },
  { keys: ['c'], help: 'open the Cluster screen (also while connecting)', when: (s) => s.mode === 'menu' && !s.facts.generating, action: { type: 'go-cluster' } },

  { keys: ['up', 'k'], hint: '↑↓', label: 'size', when: inMode('generate'), action: { type: 'move', by: -1 } },
  { keys: ['down', 'j'], when: inMode('generate'), action: { type: 'move', by: 1 } },
  {
    keys: ['enter'],
    label: 'choose',
    help: 'no (the first answer) writes nothing; ↓ picks a size to write (small: under a second, large: a few seconds)',
    when: inMode('generate'),
    action: { type: 'enter' },
  },

  { keys: ['up', 'k'], hint: '↑↓', help: 'move in the list', when: inMode('profiles'), action: { type: 'move', by: -1 } },
  { keys: ['down', 'j'], when: inMode('profiles'), action: { type: 'move', by: 1 } },
  { keys: ['enter'], label: 'use', help: 'connect with the chosen profile', when: inMode('profiles'), action: { type: 'enter' } },
  { keys: ['s'], label: 'save current as…', help: 'save the current settings under a name (never a password)', when: inMode('profiles'), action: { type: 'mode', mode: 'save-profile' } },
  { keys: ['d'], label: 'delete', help: 'delete the chosen saved profile (not the one in use)', when: inMode('profiles'), action: { type: 'delete-profile' } },
  { keys: ['escape', 'q'], when: inMode('generate', 'profiles'), action: { type: 'mode', mode: 'menu' } },

  { keys: ['enter'], label: 'save', when: (s) => s.mode === 'save-profile', action: { type: 'enter' } },
  { keys: ['enter'], label: 'connect', help: 'connect with this password', when: (s) => s.mode === 'password', action: { type: 'enter' } },
  { keys: ['escape'], label: 'cancel', when: (s) => s.mode === 'save-profile', action: { type: 'mode', mode: 'profiles' } },
  { keys: ['escape'], label: 'cancel', help: 'back to the menu without connecting (l asks again)', when: (s) => s.mode === 'password', action: { type: 'mode', mode: 'menu' } },
  { keys: ['text'], when: typing, action: (_s, press) => ({ type: 'edit', press }) },
];

/** A text field has the keyboard: q and ? are typed. */
export const isTyping = typing;
