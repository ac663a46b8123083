import { ConfigError } from '../errors.js';
import { embedded } from './embedded/index.js';
import type { EngineModule } from './engine.js';
import { postgres } from './postgres/index.js';
import { redshift } from './redshift/index.js';

/** Every engine, by name; the first is the default. A new engine is one folder and one line here. */
export const ENGINE_MODULES = { embedded, postgres, redshift } as const satisfies Record<string, EngineModule>;

export type EngineName = keyof typeof ENGINE_MODULES;

export const ENGINE_NAMES = Object.keys(ENGINE_MODULES) as EngineName[];

export function isEngineName(name: string): name is EngineName {
  return Object.hasOwn(ENGINE_MODULES, name);
}

export function engineOf(name: string): EngineModule {
  if (!isEngineName(name)) throw new ConfigError(`[WAREHOUSE] ENGINE = ${name}: not an engine; use one of ${ENGINE_NAMES.join(', ')}`);
  return ENGINE_MODULES[name];
}

/** The engine a database URL selects by its scheme (postgres://...), if any. */
export function engineForUrl(url: string): EngineName | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  return ENGINE_NAMES.find((name) => scheme !== undefined && ENGINE_MODULES[name].urlSchemes.includes(scheme));
}
