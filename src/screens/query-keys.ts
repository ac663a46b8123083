import { confirmKey } from '../components/confirm-prompt.js';
import type { KeyBinding, KeyTable } from '../tui/key-table.js';
import { chartable, type Pane, type QueryAction, type QueryState } from './query-state.js';
import { VIEWER_KEYS } from './result-view.js';

type Binding = KeyBinding<QueryState, QueryAction>;

const idle = (...panes: Pane[]) => (s: QueryState): boolean => !s.running && panes.includes(s.pane);
const hasResult = (s: QueryState): boolean => s.result !== undefined;

/** A key about the result shown, bound in one pane: it applies while nothing runs and `applies` holds. */
const resultKey =
  (key: string, label: string, help: string, applies: (s: QueryState) => boolean, action: QueryAction) =>
  (pane: Pane): Binding => ({ keys: [key], label, help, when: (s) => idle(pane)(s) && applies(s), action });

const exportKey = resultKey('e', 'export', 'export the whole result to a CSV file (asks for the path)', hasResult, { type: 'start-export' });
const chartKey = resultKey('c', 'chart', 'show the result as a bar chart, or as a table again', chartable, { type: 'chart' });

/** The viewer's own keys, in the result pane; a chart scrolls by lines and has no columns or records. */
const viewerKeys: Binding[] = VIEWER_KEYS.map((k) => ({
  ...k,
  // Paging is in the help: the footer keeps room for the keys only this screen has.
  label: k.action.type === 'scroll' && k.action.page ? undefined : k.label,
  when: (s: QueryState) => idle('result')(s) && (!s.chart || k.action.type === 'scroll' || k.action.type === 'scroll-to'),
  action: { type: 'view', action: k.action } as QueryAction,
}));

/**
 * Every key of the query screen, by pane: the input handler, the footer and the `?` help all read this
 * table. While a query runs only Esc (cancel) works; ctrl+c cancels it and quits (see the screen).
 */
export const QUERY_KEYS: KeyTable<QueryState, QueryAction> = [
  { keys: ['escape'], label: 'cancel', help: 'cancel the running query (the server stops it)', when: (s) => s.running !== undefined, action: { type: 'cancel' } },
  // Anything else but `?` (help) while it runs: say how to stop it rather than leave the screen under it.
  { keys: ['text', 'enter', 'tab', 'up', 'down'], when: (s) => s.running !== undefined, action: (_s, press) => (press.input === '?' ? undefined : { type: 'busy' }) },

  { keys: ['up', 'k'], hint: '↑↓', label: 'choose', help: 'choose an insight', when: idle('list'), action: { type: 'select', by: -1 } },
  { keys: ['down', 'j'], when: idle('list'), action: { type: 'select', by: 1 } },
  { keys: ['enter'], label: 'run', help: 'run the chosen insight with its parameters', when: idle('list'), action: { type: 'run' } },
  { keys: ['p'], label: 'params', help: 'edit the parameters of the chosen insight, then run it', when: idle('list'), action: { type: 'open-params' } },
  exportKey('list'),
  chartKey('list'),
  { keys: ['s'], label: 'SQL', help: 'type and run any SQL statement (asks first when it would change data)', when: idle('list'), action: { type: 'pane', pane: 'sql' } },
  { keys: ['h'], label: 'history', help: 'run a past query again', when: idle('list'), action: { type: 'open-history' } },
  { keys: ['tab', 'right'], hint: 'tab', label: 'result', help: 'tab or →: to the result, to scroll it', when: (s) => idle('list')(s) && hasResult(s), action: { type: 'pane', pane: 'result' } },

  ...viewerKeys,
  chartKey('result'),
  exportKey('result'),
  { keys: ['tab', 'q', 'escape'], hint: 'tab', label: 'insights', help: 'tab, q or esc: back to the list of insights', when: idle('result'), action: { type: 'pane', pane: 'list' } },
  { keys: ['s'], help: 'type and run any SQL statement', when: idle('result'), action: { type: 'pane', pane: 'sql' } },
  {
    keys: ['w'],
    label: 'save',
    help: 'save the SELECT just run as a query of your own (asks its id and title; never overwrites a file)',
    when: (s) => idle('result')(s) && s.result?.kind === 'sql' && s.result.exportable === true,
    action: { type: 'start-save' },
  },

  { keys: ['tab', 'down'], hint: 'tab/↓', label: 'next', help: 'tab or ↓: next parameter, shift+tab or ↑: previous', when: idle('params'), action: { type: 'focus-param', by: 1 } },
  { keys: ['shift+tab', 'up'], when: idle('params'), action: { type: 'focus-param', by: -1 } },
  { keys: ['enter'], label: 'run', help: 'run with these values', when: idle('params'), action: { type: 'run' } },
  { keys: ['escape'], label: 'cancel', help: 'back to the list without running', when: idle('params'), action: { type: 'pane', pane: 'list' } },
  { keys: ['text'], when: idle('params'), action: (_s, press) => ({ type: 'edit-param', press }) },

  { keys: ['enter'], label: 'run', help: 'run the statement (asks first when it would change data)', when: idle('sql'), action: { type: 'submit-sql' } },
  { keys: ['escape'], label: 'cancel', help: 'close the SQL cell (the statement stays in it)', when: idle('sql'), action: (s) => ({ type: 'pane', pane: s.result ? 'result' : 'list' }) },
  { keys: ['text'], when: idle('sql'), action: (_s, press) => ({ type: 'edit-sql', press }) },

  { keys: ['y'], label: 'run it', help: 'run the statement that changes data', when: idle('confirm-sql'), action: { type: 'confirm', answer: 'yes' } },
  { keys: ['n', 'escape'], hint: 'n', label: 'edit', help: 'n or esc: do not run it', when: idle('confirm-sql'), action: { type: 'confirm', answer: 'no' } },
  {
    keys: ['enter', 'left', 'right', 'tab', 'Y', 'N'],
    when: idle('confirm-sql'),
    action: (s, press) => {
      const answer = confirmKey(press.input, press.key, s.confirm?.yes ?? false);
      return answer === undefined ? undefined : { type: 'confirm', answer };
    },
  },

  { keys: ['enter'], label: 'write', help: 'write the CSV file to this path (relative to the current folder)', when: idle('export'), action: { type: 'write-export' } },
  { keys: ['escape'], label: 'cancel', when: idle('export'), action: { type: 'pane', pane: 'result' } },
  { keys: ['text'], when: idle('export'), action: (_s, press) => ({ type: 'edit-export', press }) },

  { keys: ['enter'], label: 'next', help: 'the id (the file name), then the title shown in the list', when: idle('save'), action: { type: 'next-save' } },
  { keys: ['escape'], label: 'cancel', help: 'back to the result without saving', when: idle('save'), action: { type: 'pane', pane: 'result' } },
  { keys: ['text'], when: idle('save'), action: (_s, press) => ({ type: 'edit-save', press }) },

  { keys: ['up', 'k'], hint: '↑↓', label: 'choose', when: idle('history'), action: { type: 'choose-history', by: -1 } },
  { keys: ['down', 'j'], when: idle('history'), action: { type: 'choose-history', by: 1 } },
  { keys: ['enter'], label: 'run again', help: 'run the chosen query again (asks first when it would change data)', when: idle('history'), action: { type: 'rerun' } },
  { keys: ['escape', 'q'], hint: 'esc', label: 'back', when: idle('history'), action: { type: 'pane', pane: 'list' } },
];

/** Panes with a text field: q and ? are typed, and the footer's back hint is their own Esc. */
export function typingPane(pane: Pane): boolean {
  return pane === 'params' || pane === 'sql' || pane === 'export' || pane === 'save';
}
