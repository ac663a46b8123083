import type { DwhConfig } from '../config/dwh-cfg.js';
import { engineOf } from '../engines/registry.js';
import type { Dialect } from '../sql/dialect.js';
import type { OpenInfo, OpenOptions, Warehouse } from './warehouse.js';

/**
 * Opens the configured engine (src/engines/). Drivers are imported on demand, so a command pays only for its own.
 * The embedded engine is one process's at a time: `options.holder` names this one to the others.
 */
export async function openWarehouse(config: DwhConfig, options: OpenOptions = {}): Promise<{ warehouse: Warehouse; info: OpenInfo }> {
  return engineOf(config.engine).open(config, options);
}

/** The SQL dialect of an engine. */
export function dialectOf(engine: DwhConfig['engine']): Dialect {
  return engineOf(engine).dialect;
}

/** Where the engine connects, for people (no secrets), without connecting; `?` for what is not set yet. */
export function describeTarget(config: DwhConfig): string {
  return engineOf(config.engine).describeTarget(config);
}
