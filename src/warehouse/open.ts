import type { DwhConfig } from '../config/dwh-cfg.js';
import type { Dialect } from '../sql/dialect.js';
import { postgresDialect, postgresServerDialect } from '../sql/dialect.js';
import { redshiftDialect } from '../sql/redshift-dialect.js';
import { ConfigError } from '../errors.js';
import { describePg, PG_DEFAULTS, pgSettings } from './pg-settings.js';
import type { OpenInfo, OpenOptions, Warehouse } from './warehouse.js';

/**
 * Opens the configured engine. Engine modules are imported on demand, so a command pays only for its own. The
 * embedded engine is one process's at a time: `options.holder` names this one to the others.
 */
export async function openWarehouse(config: DwhConfig, options: OpenOptions = {}): Promise<{ warehouse: Warehouse; info: OpenInfo }> {
  switch (config.engine) {
    case 'embedded': {
      const { EmbeddedWarehouse } = await import('./embedded.js');
      return EmbeddedWarehouse.open({ dataDir: config.dataDir, holder: options.holder, wait: options.wait, onWait: options.onWait });
    }
    case 'postgres': {
      const { PostgresWarehouse } = await import('./postgres.js');
      return PostgresWarehouse.open({ settings: pgSettings(config, PG_DEFAULTS.postgres) });
    }
    case 'redshift': {
      const { RedshiftWarehouse } = await import('./redshift.js');
      return RedshiftWarehouse.open(config);
    }
    default:
      throw new ConfigError(`[WAREHOUSE] ENGINE = ${config.engine}: this engine is not available yet`);
  }
}

/** The SQL dialect of an engine. */
export function dialectOf(engine: DwhConfig['engine']): Dialect {
  switch (engine) {
    case 'redshift':
      return redshiftDialect;
    case 'postgres':
      return postgresServerDialect;
    default:
      return postgresDialect;
  }
}

/** Where the engine connects, for people (no secrets), without connecting; `?` for what is not set yet. */
export function describeTarget(config: DwhConfig): string {
  if (config.engine === 'embedded') return `PGlite database in ${config.dataDir}`;
  if (config.cluster.url) {
    try {
      const url = new URL(config.cluster.url);
      url.password = '';
      return `${config.engine} ${url.toString()}`;
    } catch {
      return `${config.engine} (URL from --url)`;
    }
  }
  const defaults = PG_DEFAULTS[config.engine];
  try {
    return `${config.engine} ${describePg(pgSettings(config, defaults))}`;
  } catch {
    const c = config.cluster;
    return `${config.engine} ${describePg({ host: c.host ?? '?', port: c.dbPort ?? defaults.port, database: c.dbName ?? '?', user: c.dbUser, ssl: defaults.ssl })}`;
  }
}
