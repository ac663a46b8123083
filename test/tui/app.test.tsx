import { render } from 'ink-testing-library';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/app.js';
import { ConfigError } from '../../src/errors.js';
import { TuiStore } from '../../src/tui/store.js';
import { PLAIN_THEME } from '../../src/tui/theme.js';
import { Workspace } from '../../src/tui/workspace.js';
import { enginesUnderTest } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';
import { KEY, tick } from './helpers/harness.js';

const engine = enginesUnderTest()[0]!;
const store = tempDir('sparkify-tui-app-');
afterAll(async () => {
  await engine.cleanup();
  store.cleanup();
});

describe('the app', () => {
  it('shows a bad dwh.cfg as title and message, and reads it again on r', async () => {
    let attempts = 0;
    const workspace = new Workspace(engine.config(), { name: 'default' });
    const load = (): Workspace => {
      attempts++;
      if (attempts === 1) throw new ConfigError('dwh.cfg:9: [CLUSTER] DB_PORT = "54x" is not a port number (1-65535)');
      return workspace;
    };
    const app = render(<App load={load} store={new TuiStore({ cwd: store.dir })} theme={PLAIN_THEME} />);
    await tick(100);
    const frame = app.lastFrame() ?? '';
    expect(frame).toContain('✗ Configuration error');
    expect(frame).toContain('dwh.cfg:9: [CLUSTER] DB_PORT = "54x" is not a port number (1-65535)');
    expect(frame).toContain('r read dwh.cfg again  q quit');
    expect(frame).not.toMatch(/\n\s+at /);
    app.stdin.write('r');
    await vi.waitFor(() => expect(app.lastFrame()).toContain('✓ Count the rows of every table'), { timeout: 30_000 });
    expect(app.lastFrame()).toContain('Sparkify DWH › Connect');
    app.unmount();
    await workspace.close();
  });

  it('quits from the connect screen menu with q', async () => {
    const workspace = new Workspace(engine.config(), { name: 'default' });
    const app = render(<App load={() => workspace} store={new TuiStore({ cwd: store.dir })} theme={PLAIN_THEME} />);
    // No input here: the sample offer shows first; q leaves it for the menu, where q quits.
    await vi.waitFor(() => expect(app.lastFrame()).toContain('✓ Count the rows of every table'), { timeout: 30_000 });
    expect(app.lastFrame()).toContain('q menu');
    app.stdin.write('q');
    await vi.waitFor(() => expect(app.lastFrame()).toContain('What next?'));
    app.stdin.write('q');
    await tick(100);
    const frames = app.frames.length;
    app.stdin.write(KEY.down);
    await tick(200);
    // Unmounted: nothing renders any more.
    expect(app.frames.length).toBe(frames);
    await workspace.close();
  });
});
