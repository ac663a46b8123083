import type { Key } from 'ink';

/**
 * Ctrl+C as ink reports it. The shared key handler takes Ctrl+C before a screen's handler sees it (see
 * use-screen-keys.ts), so a screen whose key table has a Ctrl+C row looks it up with this press itself. The
 * flags left out read as false, which is what ink reports for them.
 */
export const CTRL_C: { input: string; key: Key } = { input: 'c', key: { ctrl: true } as Key };
