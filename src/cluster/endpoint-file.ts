import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { setIniValues } from '../config/ini-file.js';
import { ConfigError } from '../errors.js';

/**
 * Writes the cluster's endpoint into the file's [CLUSTER] section (HOST and DB_PORT), so the redshift engine
 * connects there next. The file is replaced atomically (a crash leaves the old or the new file, never half of
 * one) and keeps its permissions.
 */
export function writeEndpoint(path: string, endpoint: { host: string; port: number }): void {
  let text = '';
  let mode: number | undefined;
  try {
    text = readFileSync(path, 'utf8');
    mode = statSync(path).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError(`cannot read ${path} to write the cluster endpoint: ${(error as Error).message}`, { cause: error });
    }
  }
  const updated = setIniValues(text, 'CLUSTER', { HOST: endpoint.host, DB_PORT: String(endpoint.port) });
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, updated, { mode: mode ?? 0o644 });
    renameSync(temp, path);
  } catch (error) {
    throw new ConfigError(`cannot write the cluster endpoint into ${path}: ${(error as Error).message}`, { cause: error });
  }
}
