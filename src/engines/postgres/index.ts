import { postgresServerDialect } from '../../sql/dialect.js';
import type { EngineModule } from '../engine.js';
import { describeServer, PG_DEFAULTS, pgSettings } from './pg-settings.js';

/** Any PostgreSQL server, through node-postgres. */
export const postgres: EngineModule = {
  name: 'postgres',
  summary: 'a PostgreSQL server ([CLUSTER] or --url), input streamed into COPY ... FROM STDIN',
  // Readers may be on other connections: the star tables are cleared with DELETE, so they keep reading.
  dialect: postgresServerDialect,
  can: { localDatabase: false, readsS3Itself: false, manageCluster: false },
  urlSchemes: ['postgres', 'postgresql'],
  async open(config) {
    const { PostgresWarehouse } = await import('./postgres.js');
    return PostgresWarehouse.open({ settings: pgSettings(config, PG_DEFAULTS.postgres) });
  },
  describeTarget: (config) => describeServer('postgres', config, PG_DEFAULTS.postgres),
  connectTitle: 'Connect to postgres',
  willCreate: () => false,
};
