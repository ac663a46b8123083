import { Box, render, Static, useApp, useInput } from 'ink';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { GlobalOptions } from './cli/context.js';
import { describeError } from './errors.js';
import { ClusterScreen } from './screens/cluster-screen.js';
import { ConfigErrorScreen } from './screens/config-error-screen.js';
import { ConnectScreen } from './screens/connect-screen.js';
import { CreateTablesScreen } from './screens/create-tables-screen.js';
import { EtlScreen } from './screens/etl-screen.js';
import { NotebookScreen } from './screens/notebook-screen.js';
import { QueryScreen } from './screens/query-screen.js';
import { useKeyRouter } from './tui/key-router.js';
import { usePrintedLines } from './tui/printed-lines.js';
import { AppContext, type AppContextValue, type Route } from './tui/navigation.js';
import { renderProbe, renderProbeFile } from './tui/render-probe.js';
import { TuiStore, type Profile } from './tui/store.js';
import { COLOR_THEME, colorEnabled, PLAIN_THEME, ThemeContext, type Theme } from './tui/theme.js';
import { Workspace } from './tui/workspace.js';

export interface AppProps {
  /** Builds the first workspace (reads dwh.cfg); called again by `r` after a configuration error. */
  load: () => Workspace;
  store: TuiStore;
  theme?: Theme;
  route?: Route;
  /** Told about each workspace the app switches to, so the caller can close the last one on exit. */
  onWorkspace?: (workspace: Workspace) => void;
}

type Problem = { title: string; message: string };

const SCREENS: Record<Route, () => React.JSX.Element> = {
  connect: ConnectScreen,
  'create-tables': CreateTablesScreen,
  etl: EtlScreen,
  query: QueryScreen,
  notebook: NotebookScreen,
  cluster: ClusterScreen,
};

/** Routing between the screens; everything a screen shares with the others goes through AppContext. */
export function App({ load, store, theme = COLOR_THEME, route: firstRoute = 'connect', onWorkspace }: AppProps) {
  const { exit } = useApp();
  const keys = useKeyRouter();
  useInput(keys.onKey);
  const printed = usePrintedLines();
  const first = useRef<Workspace | undefined>(undefined);
  /** Reads dwh.cfg (of `profile`, else of the first workspace) into a workspace; a problem to show if it cannot. */
  const attempt = useCallback(
    (profile?: Profile): Workspace | Problem => {
      try {
        const w = profile && profile !== first.current?.profile ? Workspace.fromProfile(profile) : load();
        first.current ??= w;
        onWorkspace?.(w);
        return w;
      } catch (error) {
        return describeError(error);
      }
    },
    [load, onWorkspace],
  );
  const [workspace, setWorkspace] = useState<Workspace | Problem>(() => attempt());
  // The last workspace that loaded: `r` on a configuration error reads its profile's dwh.cfg again.
  const lastGood = useRef(workspace instanceof Workspace ? workspace : undefined);
  if (workspace instanceof Workspace) lastGood.current = workspace;
  const [route, setRoute] = useState<Route>(firstRoute);
  const [helpOpen, setHelpOpen] = useState(false);
  // Bumped when the profile changes, so every screen starts afresh on the new workspace.
  const [generation, setGeneration] = useState(0);
  const current = useRef(workspace);
  current.current = workspace;

  const go = useCallback((next: Route) => {
    setHelpOpen(false);
    setRoute(next);
  }, []);
  const quit = useCallback(() => exit(), [exit]);
  const back = useCallback(() => (route === 'connect' ? exit() : go('connect')), [route, exit, go]);
  const switchWorkspace = useCallback(
    async (next: Workspace | Problem) => {
      const old = current.current;
      if (old instanceof Workspace && old !== next) await old.close().catch(() => undefined);
      if (next instanceof Workspace) onWorkspace?.(next);
      setWorkspace(next);
      setGeneration((g) => g + 1);
      go('connect');
    },
    [go, onWorkspace],
  );
  /**
   * `r` on the connect screen: dwh.cfg is read again and the connection opened anew, keeping a password typed
   * for the same target (it lives in memory until the app quits).
   */
  const reload = useCallback(async () => {
    const old = lastGood.current;
    if (old) await old.close().catch(() => undefined);
    const next = attempt(old?.profile);
    if (next instanceof Workspace && old && next !== old) {
      const password = old.typedPassword;
      if (password !== undefined && next.target === old.target) next.usePassword(password);
      if (old.inputOverrides) next.useInputs(old.inputOverrides);
    }
    await switchWorkspace(next);
  }, [attempt, switchWorkspace]);
  const context = useMemo<AppContextValue | null>(
    () =>
      workspace instanceof Workspace
        ? { route, go, back, quit, helpOpen, setHelpOpen, workspace, switchWorkspace, reload, store, print: printed.print, attachKeys: keys.attach }
        : null,
    [route, go, back, quit, helpOpen, workspace, switchWorkspace, reload, store, printed.print, keys.attach],
  );

  const Screen = SCREENS[route];
  return (
    <ThemeContext.Provider value={theme}>
      <Static items={printed.lines}>{(line) => <Box key={line.id}>{line.node}</Box>}</Static>
      {context ? (
        <AppContext.Provider value={context}>
          <Screen key={`${route}-${generation}`} />
        </AppContext.Provider>
      ) : (
        <ConfigErrorScreen error={workspace as Problem} onRetry={() => setWorkspace(attempt(lastGood.current?.profile))} onQuit={quit} />
      )}
    </ThemeContext.Provider>
  );
}

/** Renders the TUI until the user quits; resolves with the exit code. */
export async function runApp(globals: GlobalOptions): Promise<number> {
  const profile: Profile = { name: 'default', config: globals.config, engine: globals.engine, dataDir: globals.dataDir, url: globals.url };
  let last: Workspace | undefined;
  const probe = renderProbe;
  const instance = render(
    <App
      load={() => Workspace.fromProfile(profile)}
      store={new TuiStore()}
      theme={colorEnabled(globals) ? COLOR_THEME : PLAIN_THEME}
      onWorkspace={(w) => (last = w)}
    />,
    { exitOnCtrlC: false, onRender: probe ? () => probe.frame() : undefined },
  );
  try {
    await instance.waitUntilExit();
  } finally {
    // Also after a crash: an open embedded database keeps its worker, and the process, alive.
    await last?.close().catch(() => undefined);
    if (probe && renderProbeFile) probe.write(renderProbeFile);
  }
  return 0;
}
