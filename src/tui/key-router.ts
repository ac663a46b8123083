import type { Key } from 'ink';
import { useCallback, useRef } from 'react';

export type KeyHandler = (input: string, key: Key) => void;

export interface KeyRouter {
  /** The one handler given to ink's useInput, for the whole life of the app. */
  onKey: KeyHandler;
  /** Makes `handler` receive the keys until the returned function detaches it. */
  attach(handler: KeyHandler): () => void;
}

/**
 * Routes keys to the screen on show. ink subscribes each useInput in a passive effect, which can run a
 * moment after the new screen is drawn: a key typed in that moment (tmux send-keys, a fast typist) would
 * reach the screen that just left, or nobody. One subscription for the app, retargeted synchronously when a
 * screen commits (a layout effect), closes that gap.
 */
export function useKeyRouter(): KeyRouter {
  const target = useRef<KeyHandler | null>(null);
  const onKey = useCallback<KeyHandler>((input, key) => target.current?.(input, key), []);
  const attach = useCallback((handler: KeyHandler) => {
    target.current = handler;
    return () => {
      if (target.current === handler) target.current = null;
    };
  }, []);
  return { onKey, attach };
}
