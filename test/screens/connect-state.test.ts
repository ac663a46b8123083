import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../../src/etl/events.js';
import { CONNECT_KEYS, connectMenu, connectReducer, initialConnectState, type ConnectAction, type ConnectFacts, type ConnectState } from '../../src/screens/connect-state.js';
import { foldKeys, footerKeys, helpKeys } from '../../src/tui/key-table.js';
import { effectsOf } from '../../src/tui/use-screen-state.js';
import { presses, typed } from './keys.js';

const FACTS: ConnectFacts = { inputsReady: true, generating: false, profiles: 2, cluster: 'none' };
const keys = (state: ConnectState, ...names: string[]) => foldKeys(CONNECT_KEYS, connectReducer, state, presses(...names));
const footer = (state: ConnectState) => footerKeys(CONNECT_KEYS, state).map((k) => `${k.keys} ${k.label}`);
const fold = (state: ConnectState, ...actions: ConnectAction[]) => actions.reduce(connectReducer, state);
const events = (run: number, ok: boolean): ConnectAction[] =>
  (
    [
      { type: 'pipeline-start', steps: [{ id: 'open', title: 'Connect to postgres' }, { id: 'count', title: 'Count the rows of every table' }], at: 0 },
      { type: 'step-start', step: 'open', at: 0 },
      ok ? { type: 'step-done', step: 'open', rows: 0, seconds: 0.1, at: 0.1 } : { type: 'step-error', step: 'open', title: 'Login failed', message: 'no password', at: 0.1 },
      { type: 'pipeline-done', ok, cancelled: false, seconds: 0.1, counts: {}, at: 0.1 },
    ] satisfies PipelineEvent[]
  ).map((event) => ({ type: 'pipeline', run, event }));
const EMPTY = { staging_events: 0, staging_songs: 0, songplays: 0, users: 0, songs: 0, artists: 0, time: 0 };

/** Connected as run 1, with every table there and empty. */
function connected(facts = FACTS): ConnectState {
  const s = fold(initialConnectState(facts), { type: 'connect' });
  return fold(s, { type: 'counted', run: 1, counts: EMPTY }, ...events(1, true));
}

describe('connect screen state', () => {
  it('connects as run 1 on show (never showing a menu that is about to go); only help, quit and c work until it ends', () => {
    const s = initialConnectState(FACTS);
    expect(effectsOf(s)).toEqual([{ type: 'connect', run: 1 }]);
    expect(s.connecting).toBe(true);
    expect(footer(s)).toEqual([]);
    expect(keys(s, 'down', 'enter', 'r', 'g')).toEqual(s);
    expect(effectsOf(keys(s, 'c')).at(-1)).toEqual({ type: 'go', route: 'cluster' });
    // A second connect while one runs is not started.
    expect(fold(s, { type: 'connect' }).run).toBe(1);
  });

  it('once connected offers the menu; enter opens the highlighted screen, the suggested one is marked', () => {
    const s = connected();
    expect(s.connecting).toBe(false);
    expect(footer(s)).toEqual(['↑↓ choose', 'enter open', 'g generate', 'p profiles', 'r reconnect']);
    expect(connectMenu(s).find((i) => i.id === 'etl')?.note).toContain('next step');
    expect(effectsOf(keys(s, 'down', 'enter')).at(-1)).toEqual({ type: 'go', route: 'etl' });
    // With a table missing, Query cannot open: ↓ ↓ passes over it.
    const missing = fold(s, { type: 'connect' }, { type: 'counted', run: 2, counts: { ...EMPTY, songplays: null } }, ...events(2, true));
    expect(connectMenu(missing).find((i) => i.id === 'query')?.disabled).toBe(true);
    expect(keys(missing, 'j', 'j').menu).toBe(3);
    expect(keys(s, 'j', 'j').menu).toBe(2);
  });

  it('drops the events and counts of an earlier connection (r pressed while they were late)', () => {
    let s = fold(connected(), { type: 'connect' });
    expect(s.run).toBe(2);
    s = fold(s, { type: 'counted', run: 1, counts: { ...EMPTY, songplays: 5 } }, ...events(1, true));
    expect(s.counts).toBeUndefined();
    expect(s.connecting).toBe(true);
    expect(s.pipeline.steps).toEqual([]);
    s = fold(s, { type: 'login-failed', run: 1, problem: 'wrong' });
    expect(s.mode).toBe('menu');
  });

  it('r asks to read dwh.cfg again; the screen starts afresh on the new settings', () => {
    expect(effectsOf(keys(connected(), 'r')).at(-1)).toEqual({ type: 'reload' });
  });

  it('a login refused for want of a password opens the masked prompt; q and ? are typed, enter keeps it and connects', () => {
    let s = fold(initialConnectState(FACTS), { type: 'connect' }, { type: 'login-failed', run: 1, problem: 'missing' }, ...events(1, false));
    expect(s).toMatchObject({ mode: 'password', login: 'missing', connecting: false });
    expect(footer(s)).toEqual(['enter connect', 'esc cancel']);
    s = foldKeys(CONNECT_KEYS, connectReducer, s, [...typed('q?x'), ...presses('backspace')]);
    expect(s.password.value).toBe('q?');
    expect(effectsOf(s)).toEqual([{ type: 'connect', run: 1 }]);
    s = keys(s, 'enter');
    // The password first, then the connection that uses it; the field is emptied at once.
    expect(effectsOf(s).slice(1)).toEqual([{ type: 'password', value: 'q?' }, { type: 'connect', run: 2 }]);
    expect(s).toMatchObject({ mode: 'menu', run: 2, login: undefined });
    expect(s.password.value).toBe('');
  });

  it('enter on an empty password does nothing; Esc goes to the menu, where l asks again', () => {
    let s = fold(initialConnectState(FACTS), { type: 'connect' }, { type: 'login-failed', run: 1, problem: 'wrong' }, ...events(1, false));
    expect(keys(s, 'enter')).toEqual(s);
    s = keys(s, 'escape');
    expect(s.mode).toBe('menu');
    expect(footer(s)).toContain('l log in');
    expect(helpKeys(CONNECT_KEYS, s).find((k) => k.keys === 'l')?.help).toContain('kept in memory');
    expect(keys(s, 'l').mode).toBe('password');
    // Without a refused login there is no l.
    expect(footer(connected())).not.toContain('l log in');
  });

  it('offers the sample first when there is no input; "no" writes nothing, a size is written and the menu shows', () => {
    const s = fold(initialConnectState({ ...FACTS, inputsReady: false }), ...events(1, true));
    expect(s.mode).toBe('generate');
    expect(effectsOf(keys(s, 'enter'))).toEqual([{ type: 'connect', run: 1 }]);
    expect(keys(s, 'enter').mode).toBe('menu');
    const written = keys(s, 'down', 'enter');
    expect(effectsOf(written).slice(1)).toEqual([{ type: 'generate', size: 'small' }]);
    expect(written.mode).toBe('menu');
    // While the sample is written the menu takes no key.
    const writing = fold(written, { type: 'facts', facts: { generating: true } });
    expect(footer(writing)).toEqual([]);
  });

  it('profiles: enter uses the chosen one, s saves under a typed name (q typed), d never deletes the one in use', () => {
    let s = keys(connected(), 'p');
    expect(footer(s)).toEqual(['enter use', 's save current as…', 'd delete']);
    expect(effectsOf(keys(s, 'd')).map((e) => e.type)).not.toContain('delete-profile');
    expect(effectsOf(keys(s, 'down', 'd')).at(-1)).toEqual({ type: 'delete-profile', index: 1 });
    expect(effectsOf(keys(s, 'down', 'enter')).at(-1)).toEqual({ type: 'use-profile', index: 1 });
    s = foldKeys(CONNECT_KEYS, connectReducer, keys(s, 's'), typed('  qa box '));
    expect(s.name.value).toBe('  qa box ');
    s = keys(s, 'enter');
    expect(effectsOf(s).at(-1)).toEqual({ type: 'save-profile', name: 'qa box' });
    expect(s.mode).toBe('profiles');
    expect(keys(s, 'q').mode).toBe('menu');
  });
});
