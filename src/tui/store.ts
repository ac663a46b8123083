import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Conf from 'conf';
import { holdsCredentials, maskSqlSecrets, urlWithoutPassword } from '../config/secret-text.js';

/** A way to reach a warehouse, saved by name: the same choices as the global flags, never a password. */
export interface Profile {
  name: string;
  /** The dwh.cfg to read; default ./dwh.cfg. */
  config?: string;
  engine?: string;
  dataDir?: string;
  /** A postgres:// URL with its password removed. */
  url?: string;
}

/** One query run from the query screen. */
export interface HistoryEntry {
  at: string;
  kind: 'insight' | 'sql';
  /** The insight id, or the statement. */
  text: string;
  params?: Record<string, string>;
  rows?: number;
  seconds?: number;
}

interface StoreShape {
  profiles: Profile[];
  history: HistoryEntry[];
}

export const HISTORY_KEPT = 100;

/**
 * What the app remembers between runs, in the user's config folder (`cwd` moves it, for tests). The file is
 * created with mode 0600: it names hosts and users. Passwords are stripped before anything is saved.
 */
export class TuiStore {
  private readonly conf: Conf<StoreShape>;

  constructor(options: { cwd?: string } = {}) {
    this.conf = new Conf<StoreShape>({
      projectName: 'sparkify-dwh',
      configName: 'tui',
      cwd: options.cwd,
      configFileMode: 0o600,
      defaults: { profiles: [], history: [] },
    });
    // The folder holds only this file: the owner's only, like the file (a folder given as `cwd` is left as it is).
    const folder = dirname(this.conf.path);
    if (!options.cwd) {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      chmodSync(folder, 0o700);
    }
  }

  get path(): string {
    return this.conf.path;
  }

  profiles(): Profile[] {
    return this.conf.get('profiles');
  }

  saveProfile(profile: Profile): void {
    const clean: Profile = { ...profile, url: profile.url ? withoutPassword(profile.url) : undefined };
    const others = this.profiles().filter((p) => p.name !== profile.name);
    this.conf.set('profiles', [...others, dropUndefined(clean)]);
  }

  deleteProfile(name: string): void {
    this.conf.set('profiles', this.profiles().filter((p) => p.name !== name));
  }

  /** Newest first. */
  history(): HistoryEntry[] {
    return this.conf.get('history');
  }

  /** A statement that carries a credential (PASSWORD '...', CREDENTIALS '...') is kept with it masked. */
  addHistory(entry: HistoryEntry): void {
    if (entry.kind === 'sql' && holdsCredentials(entry.text)) entry = { ...entry, text: maskSqlSecrets(entry.text) };
    const same = (e: HistoryEntry): boolean => e.kind === entry.kind && e.text === entry.text && JSON.stringify(e.params) === JSON.stringify(entry.params);
    this.conf.set('history', [entry, ...this.history().filter((e) => !same(e))].slice(0, HISTORY_KEPT));
  }
}

export const withoutPassword = urlWithoutPassword;

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
