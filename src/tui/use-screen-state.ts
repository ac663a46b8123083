import type { Key } from 'ink';
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { keyAction, type KeyTable } from './key-table.js';
import { useScreenKeys, type ScreenKeyOptions } from './use-screen-keys.js';

/**
 * What a screen's reducer asks the outside world to do (run a query, write a file, call AWS, change screen):
 * effects are data in the state, numbered, so the reducer stays pure and a test can read what was asked.
 */
export interface WithEffects<E> {
  effects: readonly { seq: number; effect: E }[];
  seq: number;
}

export const NO_EFFECTS = { effects: [], seq: 0 } as const;

/** The state with `effect` queued after the ones before it. */
export function withEffect<S extends WithEffects<unknown>>(state: S, effect: S['effects'][number]['effect']): S {
  const seq = state.seq + 1;
  return { ...state, seq, effects: [...state.effects, { seq, effect }] };
}

/** The effects a state asks for, oldest first (for tests). */
export function effectsOf<E>(state: WithEffects<E>): E[] {
  return state.effects.map((e) => e.effect);
}

interface Taken {
  type: '$effects-taken';
  upTo: number;
}

/**
 * A screen's state as a pure reducer. Every queued effect is run once, in order, after the render that queued
 * it; `run` gets `dispatch`, so what the effect finds comes back as an action (tagged by the reducer's own run
 * or query number, so a late answer to an old request is dropped by the reducer, not shown).
 */
export function useScreenState<S extends WithEffects<E>, A, E>(
  reduce: (state: S, action: A) => S,
  init: () => S,
  run: (effect: E, dispatch: (action: A) => void, state: S) => void,
): [S, (action: A) => void] {
  const [state, dispatchAny] = useReducer((s: S, a: A | Taken): S => {
    if ((a as Taken).type === '$effects-taken') {
      const upTo = (a as Taken).upTo;
      return { ...s, effects: s.effects.filter((e) => e.seq > upTo) };
    }
    return reduce(s, a as A);
  }, undefined, init);
  const dispatch = useCallback((action: A) => dispatchAny(action), []);
  const ran = useRef(0);
  const runner = useRef(run);
  runner.current = run;
  useEffect(() => {
    const fresh = state.effects.filter((e) => e.seq > ran.current);
    if (fresh.length === 0) return;
    ran.current = fresh[fresh.length - 1]!.seq;
    for (const { effect } of fresh) runner.current(effect, dispatch, state);
    dispatchAny({ type: '$effects-taken', upTo: ran.current });
  }, [state, dispatch]);
  return [state, dispatch];
}

/**
 * The screen's key table as its input handler: a key the table has an action for is dispatched (and used);
 * any other key falls through to the keys every screen shares (`?`, q / Esc back).
 */
export function useKeyTable<S, A>(table: KeyTable<S, A>, state: S, dispatch: (action: A) => void, options: ScreenKeyOptions = {}): void {
  useScreenKeys((input: string, key: Key) => {
    const action = keyAction(table, state, input, key);
    if (action === undefined) return false;
    dispatch(action);
    return true;
  }, options);
}
