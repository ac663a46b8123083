import { readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { setIniValues } from '../config/ini-file.js';
import { ConfigError } from '../errors.js';

/**
 * Writes the cluster's endpoint into the file's [CLUSTER] section (HOST and DB_PORT), so the redshift engine
 * connects there next. The file is replaced atomically (a crash leaves the old or the new file, never half of
 * one) and keeps its permissions.
 */
export function writeEndpoint(path: string, endpoint: { host: string; port: number }): void {
  writeConfigValues(path, 'CLUSTER', { HOST: endpoint.host, DB_PORT: String(endpoint.port) }, 'the cluster endpoint');
}

/** Writes settings into one section of dwh.cfg in place (other lines and comments kept), atomically, mode kept. */
export function writeConfigValues(link: string, section: string, values: Readonly<Record<string, string>>, what: string): void {
  // A dwh.cfg that is a symbolic link keeps its link: the file it points to is the one replaced.
  let path = link;
  try {
    path = realpathSync(link);
  } catch {
    // not there yet: written where named
  }
  let text = '';
  let mode: number | undefined;
  try {
    text = readFileSync(path, 'utf8');
    mode = statSync(path).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError(`cannot read ${path} to write ${what}: ${(error as Error).message}`, { cause: error });
    }
  }
  const updated = setIniValues(text, section, values);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, updated, { mode: mode ?? 0o644 });
    renameSync(temp, path);
  } catch (error) {
    throw new ConfigError(`cannot write ${what} into ${path}: ${(error as Error).message}`, { cause: error });
  }
}
