import type { KeyHint } from '../components/key-footer.js';

export type Pane = 'list' | 'result' | 'params' | 'sql' | 'confirm-sql' | 'export' | 'history';

/** The footer of the query screen for each pane: the keys that do something there, most useful first. */
export function queryKeys(pane: Pane, state: { hasResult: boolean; chartable: boolean }): KeyHint[] {
  const chart: KeyHint[] = state.chartable ? [{ keys: 'c', label: 'chart', help: 'show the result as a bar chart, or as a table again' }] : [];
  const exportKey: KeyHint = { keys: 'e', label: 'export', help: 'export the whole result to a CSV file (asks for the path)' };
  switch (pane) {
    case 'list':
      return [
        { keys: '↑↓', label: 'choose', help: 'choose an insight' },
        { keys: 'enter', label: 'run', help: 'run the chosen insight with its parameters' },
        { keys: 'p', label: 'params', help: 'edit the parameters of the chosen insight, then run it' },
        ...(state.hasResult ? [exportKey] : []),
        { keys: 's', label: 'SQL', help: 'type and run any SQL statement (asks first when it would change data)' },
        { keys: 'h', label: 'history', help: 'run a past query again' },
        ...(state.hasResult ? [{ keys: 'tab', label: 'result', help: 'tab or →: scroll the result' }] : []),
      ];
    case 'result':
      return [
        { keys: '↑↓', label: 'scroll', help: '↑↓ scroll one row, pgup/pgdn a page, home/end to the ends' },
        { keys: 'pgup/pgdn', label: 'page' },
        ...chart,
        exportKey,
        { keys: 'tab', label: 'insights', help: 'tab or ←: back to the list of insights' },
      ];
    case 'params':
      return [
        { keys: 'tab/↓', label: 'next', help: 'tab or ↓: next parameter, shift+tab or ↑: previous' },
        { keys: 'enter', label: 'run', help: 'run with these values' },
        { keys: 'esc', label: 'cancel' },
      ];
    case 'sql':
      return [
        { keys: 'enter', label: 'run', help: 'run the statement (asks first when it would change data)' },
        { keys: 'esc', label: 'cancel' },
      ];
    case 'confirm-sql':
      return [
        { keys: 'y', label: 'run it', help: 'run the statement that changes data' },
        { keys: 'n', label: 'edit', help: 'go back to the statement without running it' },
      ];
    case 'export':
      return [
        { keys: 'enter', label: 'write', help: 'write the CSV file to this path (relative to the current folder)' },
        { keys: 'esc', label: 'cancel' },
      ];
    case 'history':
      return [
        { keys: '↑↓', label: 'choose' },
        { keys: 'enter', label: 'run again', help: 'run the chosen query again' },
        { keys: 'esc', label: 'back' },
      ];
  }
}

/** Panes with a text field: q and ? are typed, and the footer's back hint is their own Esc. */
export function typingPane(pane: Pane): boolean {
  return pane === 'params' || pane === 'sql' || pane === 'export';
}
