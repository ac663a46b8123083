import { render } from 'ink-testing-library';
import { vi } from 'vitest';
import { App } from '../../../src/app.js';
import type { DwhConfig } from '../../../src/config/dwh-cfg.js';
import type { Route } from '../../../src/tui/navigation.js';
import { TuiStore, type Profile } from '../../../src/tui/store.js';
import { PLAIN_THEME, type Theme } from '../../../src/tui/theme.js';
import { Workspace } from '../../../src/tui/workspace.js';
import { tempDir } from '../../helpers/paths.js';

export const KEY = {
  enter: '\r',
  escape: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  left: '\u001B[D',
  right: '\u001B[C',
  pageDown: '\u001B[6~',
  pageUp: '\u001B[5~',
  tab: '\t',
  backspace: '\u007F',
  ctrlC: '\u0003',
} as const;

export interface Harness {
  workspace: Workspace;
  store: TuiStore;
  frame(): string;
  /** Types keys one at a time, letting the app handle each. */
  press(...keys: string[]): Promise<void>;
  /** Waits until the last frame contains every text (or matches every pattern). */
  see(...texts: (string | RegExp)[]): Promise<string>;
  /** Waits for the connect screen to have opened the database and counted the tables. */
  connected(): Promise<string>;
  resize(columns: number, rows: number): void;
  /** Waits until the app has quit (ink let go of the keyboard). */
  exited(): Promise<void>;
  frames: string[];
  /** When each of `frames` was written (Date.now()). */
  frameTimes: number[];
  close(): Promise<void>;
}

/**
 * The whole app on an in-memory terminal (80x24 unless told), with its own store folder and a workspace
 * on the given config: the screens' tests drive it with keys and read its frames.
 */
export async function renderApp(
  config: DwhConfig,
  options: { route?: Route; columns?: number; rows?: number; theme?: Theme; storeDir?: string; profile?: Profile } = {},
): Promise<Harness> {
  const storeTemp = options.storeDir ? undefined : tempDir('sparkify-tui-store-');
  const store = new TuiStore({ cwd: options.storeDir ?? storeTemp!.dir });
  // A profile that names its dwh.cfg is read from the file, again on every `r`, as the app does.
  const fromFile = options.profile?.config !== undefined;
  const workspace = fromFile ? Workspace.fromProfile(options.profile!) : new Workspace(config, options.profile ?? { name: 'default' });
  let current = workspace;
  let loads = 0;
  const load = (): Workspace => (fromFile && loads++ > 0 ? Workspace.fromProfile(options.profile!) : workspace);
  const instance = render(<App load={load} store={store} theme={options.theme ?? PLAIN_THEME} route={options.route} onWorkspace={(w) => (current = w)} />);
  const frameTimes = instance.frames.map(() => Date.now());
  const write = instance.stdout.write.bind(instance.stdout);
  instance.stdout.write = (frame: string) => {
    frameTimes.push(Date.now());
    write(frame);
  };
  const size = { columns: options.columns ?? 80, rows: options.rows ?? 24 };
  Object.defineProperty(instance.stdout, 'columns', { get: () => size.columns, configurable: true });
  Object.defineProperty(instance.stdout, 'rows', { get: () => size.rows, configurable: true });
  instance.stdout.emit('resize');
  await tick(50);
  const frame = (): string => instance.lastFrame() ?? '';
  const see = async (...texts: (string | RegExp)[]): Promise<string> => {
    await vi.waitFor(
      () => {
        const f = frame();
        for (const text of texts) {
          if (typeof text === 'string' ? !f.includes(text) : !text.test(f)) throw new Error(`not in the frame: ${String(text)}\n---\n${f}`);
        }
      },
      { timeout: 30_000, interval: 20 },
    );
    return frame();
  };
  return {
    workspace,
    store,
    frame,
    frames: instance.frames,
    frameTimes,
    async press(...keys) {
      for (const key of keys) {
        instance.stdin.write(key);
        await tick(30);
      }
    },
    see,
    connected: () => see('✓ Count the rows of every table', 'What next?'),
    async exited() {
      await vi.waitFor(
        () => {
          if (instance.stdin.listenerCount('readable') > 0) throw new Error('the app still reads the keyboard');
        },
        { timeout: 30_000, interval: 20 },
      );
    },
    resize(columns, rows) {
      size.columns = columns;
      size.rows = rows;
      instance.stdout.emit('resize');
    },
    async close() {
      instance.unmount();
      await current.close();
      storeTemp?.cleanup();
    },
  };
}

export function tick(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The last frame's lines (debug frames hold the static output above the live region). */
export function lines(frame: string): string[] {
  return frame.split('\n');
}
