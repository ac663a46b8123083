import type { Key } from 'ink';
import { useCallback, useLayoutEffect, useRef, useState } from 'react';

export type KeyHandler = (input: string, key: Key) => void;

export interface AttachOptions {
  /**
   * Whether the screen has a text field with the keyboard now. Letters that arrive in one chunk ("jj", or a
   * paste) reach a text field as one string; anywhere else they are commands, one key each.
   */
  typing?: () => boolean;
}

export interface KeyRouter {
  /** The one handler given to ink's useInput, for the whole life of the app. */
  onKey: KeyHandler;
  /** Makes `handler` receive the keys until the returned function detaches it. */
  attach(handler: KeyHandler, options?: AttachOptions): () => void;
}

interface Target {
  handler: KeyHandler;
  typing?: () => boolean;
}

/**
 * Routes keys to the screen on show, one key per React commit.
 *
 * Keys often arrive together: `tmux send-keys Down Down Enter`, a fast typist, a terminal under load. ink
 * splits such a chunk into several input events and emits them in one go, and with React 19 a state update
 * made by a key handler is only rendered in a later task. So every key of a burst met the state from before
 * the burst: ↓ ↓ Enter moved the highlight twice, then ran the insight highlighted before (and a key after
 * one that changed screens went to the screen that was leaving). Here a key is handled only once React has
 * committed what the key before it did: the router counts the keys it delivered in state, that update
 * commits together with the key's own updates, and the next key follows in a task of its own after that commit.
 *
 * ink subscribes each useInput in a passive effect, which can run a moment after the new screen is drawn:
 * one subscription for the app, retargeted synchronously when a screen commits (a layout effect), closes the
 * gap in which a key would reach the screen that just left, or nobody.
 */
export function useKeyRouter(): KeyRouter {
  const target = useRef<Target | null>(null);
  const queue = useRef<[string, Key][]>([]);
  // A key was delivered and React has not committed its effects yet.
  const pending = useRef(false);
  const [delivered, setDelivered] = useState(0);

  const deliverNext = useCallback(() => {
    const next = queue.current.shift();
    if (!next) {
      pending.current = false;
      return;
    }
    const [input, key] = next;
    const current = target.current;
    if (current && isTextRun(input, key) && (!current.typing?.() || hasErase(input) || /^[\r\t]+$/.test(input))) {
      // Letters typed together are commands one by one, each after the one before has taken effect; and
      // backspaces that arrive together (key repeat) reach ink as one unnamed string: each is one erase.
      queue.current.unshift(...[...input].map(singleKey));
      deliverNext();
      return;
    }
    if (current && isTextRun(input, key) && /[\r\t]$/.test(input)) {
      // Text and the Enter (or Tab) typed right after it, into an open field: the text, then the key. A line
      // break inside the run is part of a paste and stays text (the field makes it a space).
      queue.current.unshift([input.slice(0, -1), { ...key, return: false, tab: false }], singleKey(input.slice(-1)));
      deliverNext();
      return;
    }
    pending.current = true;
    try {
      current?.handler(input, key);
    } finally {
      setDelivered((n) => n + 1);
    }
  }, []);

  const onKey = useCallback<KeyHandler>(
    (input, key) => {
      queue.current.push([input, key]);
      if (!pending.current) deliverNext();
    },
    [deliverNext],
  );

  useLayoutEffect(() => {
    if (delivered === 0) return undefined;
    // In a task of its own: handled here, inside React's commit, the next key would be a nested update.
    const next = setImmediate(deliverNext);
    return () => clearImmediate(next);
  }, [delivered, deliverNext]);

  const attach = useCallback((handler: KeyHandler, options: AttachOptions = {}) => {
    const entry: Target = { handler, typing: options.typing };
    target.current = entry;
    return () => {
      if (target.current === entry) target.current = null;
    };
  }, []);
  return { onKey, attach };
}

/** A key event with no flag set: what ink reports for a plain character. */
export const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/**
 * Several characters in one input event: ink reports letters that arrive in one chunk (and the Enter or Tab
 * typed right after them) as a single string, the way it reports a paste.
 */
function isTextRun(input: string, key: Key): boolean {
  if (key.ctrl || key.meta || key.escape || key.backspace || key.delete) return false;
  const chars = [...input];
  return chars.length > 1 && chars.every((c) => c === '\r' || c === '\t' || ERASE.has(c) || c >= ' ');
}

// What terminals send for the backspace key: DEL (most) or BS.
const ERASE = new Set(['\u007f', '\b']);

function hasErase(input: string): boolean {
  return [...input].some((c) => ERASE.has(c));
}

/** One character of a text run as ink would report it on its own. */
function singleKey(char: string): [string, Key] {
  if (char === '\r') return ['', { ...NO_KEY, return: true }];
  if (char === '\t') return ['', { ...NO_KEY, tab: true }];
  if (ERASE.has(char)) return ['', { ...NO_KEY, backspace: true }];
  return [char, { ...NO_KEY, shift: /[A-Z]/.test(char) }];
}
