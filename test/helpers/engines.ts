import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { loadConfig, type ConfigOverrides, type DwhConfig } from '../../src/config/dwh-cfg.js';
import { openWarehouse } from '../../src/warehouse/open.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { tempDir } from './paths.js';

/** An engine the database tests run against: every test file loops over the available ones. */
export interface EngineUnderTest {
  name: 'embedded' | 'postgres';
  /** A config for this engine with a fresh, empty database, plus the given overrides. */
  config(overrides?: ConfigOverrides): DwhConfig;
  /** CLI flags selecting the same database (for subprocess tests). */
  flags(config: DwhConfig): string[];
  cleanup(): Promise<void>;
}

/** A fresh embedded database folder: a copy of the run's template (creating one costs seconds). */
export function embeddedDataDir(): { dir: string; cleanup: () => void } {
  const t = tempDir('sparkify-db-');
  const dataDir = join(t.dir, 'pglite');
  const template = inject('pgliteTemplate');
  if (template) cpSync(template, dataDir, { recursive: true });
  return { dir: dataDir, cleanup: t.cleanup };
}

function embedded(): EngineUnderTest {
  const dirs: (() => void)[] = [];
  return {
    name: 'embedded',
    config(overrides = {}) {
      const d = embeddedDataDir();
      dirs.push(d.cleanup);
      return loadConfig('no-such-dwh.cfg', { overrides: { engine: 'embedded', dataDir: d.dir, ...overrides }, env: {} });
    },
    flags: (config) => ['--engine', 'embedded', '--data-dir', config.dataDir],
    async cleanup() {
      for (const c of dirs.splice(0)) c();
    },
  };
}

/** The engines available here: embedded always; postgres is added where a server is configured. */
export function enginesUnderTest(): EngineUnderTest[] {
  return [embedded()];
}

export async function openFor(config: DwhConfig): Promise<Warehouse> {
  return (await openWarehouse(config)).warehouse;
}
