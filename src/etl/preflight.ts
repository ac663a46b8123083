/**
 * The ETL's inputs, checked before anything is opened or touched: each input path exists and holds JSON files,
 * and the jsonpaths file parses and matches the staging columns. A failure is a ConfigError (exit 2) that names
 * the setting and where it came from, so a typo never costs the tables a thing.
 */
import type { CheckLine } from './events.js';
import { engineOf } from '../engines/registry.js';
import { opendirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DwhConfig } from '../config/dwh-cfg.js';
import { ConfigError, errorText, systemReason } from '../errors.js';
import { isS3Url, readText } from '../sources/open.js';
import { isJsonFile } from '../sources/source.js';
import { STAGING_EVENTS } from '../sql/tables.js';
import { compileMapping, mappingFromOption, parseJsonPaths } from './json-mapping.js';

/** Checks every input of an ETL run, one line each (the ETL's first step and `sparkify doctor` list them). */
export async function inputChecks(config: DwhConfig): Promise<CheckLine[]> {
  const found: CheckLine[] = [];
  for (const [key, location] of [
    ['songData', config.s3.songData],
    ['logData', config.s3.logData],
  ] as const) {
    found.push({ text: await checkLocation(config, location, config.origins[key]) });
  }
  const option = config.s3.logJsonPath;
  if (!mappingFromOption(option)) {
    let text: string;
    try {
      text = await readText(option, config, config.origins.logJsonPath);
    } catch (error) {
      throw asConfigError(error, config.origins.logJsonPath, option);
    }
    try {
      const mapping = parseJsonPaths(text, option);
      compileMapping(mapping, STAGING_EVENTS.columns, STAGING_EVENTS.name);
      found.push({ text: `${option}: ${STAGING_EVENTS.columns.length} jsonpaths, one per column of ${STAGING_EVENTS.name}` });
    } catch (error) {
      throw asConfigError(error, config.origins.logJsonPath, option);
    }
  }
  // The engine's own checks (Redshift: what COPY's text would hold), before any statement is sent.
  found.push(...((await engineOf(config.engine).checkSettings?.(config)) ?? []));
  return found;
}

async function checkLocation(config: DwhConfig, location: string, origin: string): Promise<string> {
  if (isS3Url(location)) {
    // Where the warehouse reads S3 itself (Redshift: the cluster's role), this machine's credentials may not: its
    // COPY checks it there.
    if (engineOf(config.engine).can.readsS3Itself) return `${location} (read by the cluster)`;
    const { firstJsonKey } = await import('../sources/s3.js');
    const key = await firstJsonKey(location, config).catch((error: unknown) => {
      throw asConfigError(error, origin, location);
    });
    if (!key) throw new ConfigError(`${origin} = ${location}: no .json, .jsonl or .ndjson objects under this prefix`);
    return location;
  }
  let stat;
  try {
    stat = statSync(location);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`${origin} = ${location}: ${code === 'ENOENT' ? 'the path does not exist' : `cannot be read: ${systemReason(error)}`}`);
  }
  if (stat.isFile()) {
    if (!isJsonFile(location)) throw new ConfigError(`${origin} = ${location}: not a .json, .jsonl or .ndjson file`);
    return location;
  }
  let found: boolean;
  try {
    found = hasJsonFile(location);
  } catch (error) {
    const folder = (error as { folder?: string }).folder ?? location;
    throw new ConfigError(`${origin} = ${location}: ${folder === location ? 'the folder' : `the folder ${folder}`} cannot be read: ${systemReason(error)}`, { cause: error });
  }
  if (!found) throw new ConfigError(`${origin} = ${location}: the folder holds no .json, .jsonl or .ndjson files`);
  return location;
}

/**
 * Walks the folder until it finds one input file (a song folder holds a hundred thousand: stop at the first),
 * following symbolic links as the reader does, each real folder once. A folder it cannot open is thrown (with
 * `folder` set), as the reader would fail on it; a link that loops or leads nowhere is passed over, as the reader does.
 */
function hasJsonFile(folder: string, seen = new Set<string>()): boolean {
  let dir;
  try {
    const real = realpathSync(folder);
    if (seen.has(real)) return false;
    seen.add(real);
    dir = opendirSync(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ELOOP') return false;
    throw Object.assign(error as Error, { folder });
  }
  try {
    for (let entry = dir.readSync(); entry; entry = dir.readSync()) {
      const path = join(folder, entry.name);
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && statSync(path, { throwIfNoEntry: false })?.isDirectory() === true);
      if (isDir) {
        if (hasJsonFile(path, seen)) return true;
      } else if ((entry.isFile() || entry.isSymbolicLink()) && isJsonFile(entry.name)) return true;
    }
    return false;
  } finally {
    dir.closeSync();
  }
}

/** The setting first, then what went wrong (which names the location, or is given it). */
function asConfigError(error: unknown, origin: string, location: string): ConfigError {
  const message = errorText(error);
  if (error instanceof ConfigError && message.includes(origin)) return error;
  return new ConfigError(message.includes(location) ? `${origin}: ${message}` : `${origin} = ${location}: ${message}`, { cause: error });
}
