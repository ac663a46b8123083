import { engineOf } from '../engines/registry.js';
import type { KeyHint } from '../components/key-footer.js';
import type { SelectItem } from '../components/select-list.js';
import type { DwhConfig } from '../config/dwh-cfg.js';
import { ALL_TABLES } from '../sql/tables.js';

/** What the lower half of the connect screen shows: the menu, the sample offer, the profiles, a name prompt. */
export type Mode = 'menu' | 'generate' | 'profiles' | 'save-profile';

export type Action = 'create-tables' | 'etl' | 'query' | 'generate' | 'profiles' | 'cluster';

/** The connect screen's menu: what can be done now, and why not when it cannot. */
export function menuItems(state: {
  connected: boolean;
  counts?: Record<string, number | null>;
  inputsReady: boolean;
  saved: number;
  /**
   * The Redshift cluster: offered when the engine is redshift or dwh.cfg has a [DWH] section (`incomplete`: it
   * has no CLUSTER_IDENTIFIER); `none` leaves it out of the menu (c still opens it, to say what to add).
   */
  cluster: 'configured' | 'serverless' | 'incomplete' | 'none';
  /** The step the state suggests: marked "next step" (the highlight stays where it is). */
  suggestion?: Action;
}): (SelectItem & { id: Action })[] {
  const { connected, counts, inputsReady } = state;
  const tablesExist = counts !== undefined && Object.values(counts).every((n) => n !== null);
  const offline = connected ? undefined : 'not connected';
  const items: (SelectItem & { id: Action })[] = [
    { id: 'create-tables', label: 'Create tables', note: offline ?? `drop and create the ${ALL_TABLES.length} tables`, disabled: !connected },
    {
      id: 'etl',
      label: 'Run the ETL',
      note: offline ?? (inputsReady ? 'load the input into the star schema' : 'no input yet: g generates a sample'),
      disabled: !connected || !inputsReady,
    },
    {
      id: 'query',
      label: 'Query',
      note: offline ?? (tablesExist ? 'insights, charts, SQL, CSV export' : 'create the tables and run the ETL first'),
      disabled: !connected || !tablesExist,
    },
    { id: 'generate', label: 'Generate a sample', note: 'write song and event files to load' },
    { id: 'profiles', label: 'Profiles', note: state.saved > 0 ? `${state.saved} saved` : 'save these settings under a name' },
    ...(state.cluster === 'none' ? [] : [{ id: 'cluster' as const, label: 'Cluster', note: CLUSTER_NOTES[state.cluster] }]),
  ];
  return items.map((item) => (item.id === state.suggestion && !item.disabled ? { ...item, note: `${item.note ?? ''} · next step` } : item));
}

const CLUSTER_NOTES = {
  configured: 'Redshift: state, cost, pause, resume, create, delete',
  serverless: 'Redshift Serverless: workgroup state, cost, create, delete',
  incomplete: 'Redshift: needs [DWH] CLUSTER_IDENTIFIER in dwh.cfg',
} as const;

/** Whether dwh.cfg names a cluster to manage, for the menu (see menuItems). */
export function clusterMenuState(config: Pick<DwhConfig, 'engine' | 'settings'>): 'configured' | 'serverless' | 'incomplete' | 'none' {
  if (config.settings.text('DWH CLUSTER_IDENTIFIER') !== undefined) return 'configured';
  if (config.settings.text('DWH WORKGROUP') !== undefined) return 'serverless';
  return config.settings.hasSection('DWH') || engineOf(config.engine).can.manageCluster ? 'incomplete' : 'none';
}

/** What a person most likely wants next, given the tables and the input. */
export function suggestedAction(counts: Record<string, number | null>, inputsReady: boolean): Action {
  if (Object.values(counts).some((n) => n === null)) return 'create-tables';
  if (!counts.songplays) return inputsReady ? 'etl' : 'generate';
  return 'query';
}

/** The footer of the connect screen in each mode. */
export function connectKeys(mode: Mode): KeyHint[] {
  switch (mode) {
    case 'menu':
      return [
        { keys: '↑↓', label: 'choose', help: 'move in the list' },
        { keys: 'enter', label: 'open', help: 'open the chosen screen' },
        { keys: 'g', label: 'generate', help: 'generate a sample dataset where dwh.cfg expects the input' },
        { keys: 'p', label: 'profiles', help: 'switch to, save or delete a profile' },
        { keys: 'r', label: 'reconnect', help: 'connect again and recount the tables' },
      ];
    case 'generate':
      return [
        { keys: '↑↓', label: 'size' },
        { keys: 'enter', label: 'choose', help: 'no (the first answer) writes nothing; ↓ picks a size to write (small: under a second, large: a few seconds)' },
      ];
    case 'profiles':
      return [
        { keys: 'enter', label: 'use', help: 'connect with the chosen profile' },
        { keys: 's', label: 'save current as…', help: 'save the current settings under a name (never a password)' },
        { keys: 'd', label: 'delete' },
      ];
    case 'save-profile':
      return [
        { keys: 'enter', label: 'save' },
        { keys: 'esc', label: 'cancel' },
      ];
  }
}

/** q / Esc: quits from the menu, returns to it from elsewhere; a name being typed takes q as a letter. */
export function backHint(mode: Mode): KeyHint | null {
  if (mode === 'save-profile') return null;
  return mode === 'menu' ? { keys: 'q', label: 'quit', help: 'q or Esc: quit' } : { keys: 'q', label: 'menu', help: 'q or Esc: back to the menu' };
}
