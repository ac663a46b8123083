import { createContext, useContext } from 'react';
import type { AttachOptions, KeyHandler } from './key-router.js';
import type { PrintedLine } from './printed-lines.js';
import type { TuiStore } from './store.js';
import type { Workspace } from './workspace.js';

export type Route = 'connect' | 'create-tables' | 'etl' | 'query' | 'notebook' | 'cluster';

/** What every screen can reach: where to go, the shared connection and what the app remembers. */
export interface AppContextValue {
  route: Route;
  go(route: Route): void;
  /** q / Esc: back to the connect screen; from there, quit. */
  back(): void;
  quit(): void;
  helpOpen: boolean;
  setHelpOpen(open: boolean): void;
  workspace: Workspace;
  /** Replaces the workspace (another profile); the old connection is closed first. */
  switchWorkspace(next: Workspace): Promise<void>;
  /** Reads dwh.cfg again into a new workspace and starts on the connect screen (a bad setting shows as such). */
  reload(): Promise<void>;
  store: TuiStore;
  /** Writes a line above the live screen, once per id (see printed-lines.ts). */
  print(line: PrintedLine): void;
  /** Sends the keys to a screen's handler until the returned function is called (see key-router.ts). */
  attachKeys(handler: KeyHandler, options?: AttachOptions): () => void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useAppContext(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('screens render inside <AppContext.Provider>');
  return value;
}
