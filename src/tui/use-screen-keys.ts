import type { Key } from 'ink';
import { useCallback, useLayoutEffect, useRef } from 'react';
import { useAppContext } from './navigation.js';

export interface ScreenKeyOptions {
  /** A text field has the keyboard: q and ? are typed, not commands (Esc still reaches the handler). */
  typing?: boolean;
  /** q / Esc; default: back to the connect screen (quit from there). */
  onBack?: () => void;
  /** Ctrl+C; default: quit. The ETL screen cancels the running step instead. */
  onInterrupt?: () => void;
}

/**
 * A screen's keys plus the ones every screen shares: `?` help (any key closes it), q / Esc back, Ctrl+C.
 * The screen's handler sees a key first and returns true when it used it.
 */
export function useScreenKeys(handler: (input: string, key: Key) => boolean | void, options: ScreenKeyOptions = {}): void {
  const app = useAppContext();
  // The handler of the render on show: its closure has the state the user is looking at.
  const latest = useRef({ handler, options, app });
  latest.current = { handler, options, app };
  const onKey = useCallback((input: string, key: Key) => {
    const { handler, options, app } = latest.current;
    if (key.ctrl && input === 'c') {
      (options.onInterrupt ?? app.quit)();
      return;
    }
    if (app.helpOpen) {
      app.setHelpOpen(false);
      return;
    }
    if (handler(input, key) === true) return;
    if (options.typing) return;
    if (input === '?') app.setHelpOpen(true);
    else if (input === 'q' || key.escape) (options.onBack ?? app.back)();
  }, []);
  const { attachKeys } = app;
  useLayoutEffect(() => attachKeys(onKey, { typing: () => latest.current.options.typing === true }), [attachKeys, onKey]);
}
