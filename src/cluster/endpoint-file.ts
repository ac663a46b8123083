import { readFileSync, realpathSync } from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
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

/**
 * Writes settings into one section of dwh.cfg in place (other lines and comments kept). write-file-atomic writes a
 * temporary file beside it, flushes it to disk and renames it over the old one, keeping the mode and owner: a crash
 * or a full disk leaves the old file or the new one, and no temporary file.
 */
export function writeConfigValues(link: string, section: string, values: Readonly<Record<string, string>>, what: string): void {
  // A dwh.cfg that is a symbolic link keeps its link: the file it points to is the one replaced.
  let path = link;
  try {
    path = realpathSync(link);
  } catch {
    // not there yet: written where named
  }
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError(`cannot read ${path} to write ${what}: ${(error as Error).message}`, { cause: error });
    }
  }
  try {
    writeFileAtomic.sync(path, setIniValues(text, section, values));
  } catch (error) {
    throw new ConfigError(`cannot write ${what} into ${path}: ${(error as Error).message}`, { cause: error });
  }
}
