import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { postgresDialect } from '../../sql/dialect.js';
import type { EngineModule } from '../engine.js';

/** PGlite: PostgreSQL compiled to WebAssembly, in this process, its files in DATA_DIR. */
export const embedded: EngineModule = {
  name: 'embedded',
  summary: 'PGlite (PostgreSQL in WebAssembly), in-process, files in [EMBEDDED] DATA_DIR; no server',
  // One connection per folder and no other reader: the star tables are cleared with TRUNCATE.
  dialect: postgresDialect,
  can: { localDatabase: true, readsS3Itself: false, manageCluster: false },
  urlSchemes: [],
  async open(config, options) {
    const { EmbeddedWarehouse } = await import('./embedded.js');
    return EmbeddedWarehouse.open({ dataDir: config.dataDir, holder: options.holder, wait: options.wait, onWait: options.onWait });
  },
  describeTarget: (config) => `PGlite database in ${config.dataDir}`,
  connectTitle: 'Open the embedded database',
  willCreate: (config) => !existsSync(join(config.dataDir, 'PG_VERSION')),
};
