import { engineOf } from '../engines/registry.js';
import type { KeyHint } from '../components/key-footer.js';
import type { SelectItem } from '../components/select-list.js';
import type { DwhConfig } from '../config/dwh-cfg.js';
import { ALL_TABLES } from '../sql/tables.js';

/** What the lower half of the connect screen shows: the menu, the sample offer, the profiles, a name or password prompt. */
export type Mode = 'menu' | 'generate' | 'profiles' | 'save-profile' | 'password';

export type Action = 'create-tables' | 'etl' | 'query' | 'notebook' | 'generate' | 'profiles' | 'cluster';

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
    { id: 'notebook', label: 'Notebooks', note: offline ?? 'run the ```sql cells of Markdown notebooks', disabled: !connected },
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

/** q / Esc: quits from the menu, returns to it from elsewhere; a name or password being typed takes q as a letter. */
export function backHint(mode: Mode): KeyHint | null {
  if (mode === 'save-profile' || mode === 'password') return null;
  return mode === 'menu' ? { keys: 'q', label: 'quit', help: 'q or Esc: quit' } : { keys: 'q', label: 'menu', help: 'q or Esc: back to the menu' };
}
