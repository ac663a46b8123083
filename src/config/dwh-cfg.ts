import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { parseIni, type IniEntry, type IniSections } from './ini-file.js';

export const ENGINES = ['embedded', 'postgres', 'redshift'] as const;
export type EngineName = (typeof ENGINES)[number];
export type SslMode = 'verify' | 'require' | 'disable';

/** Everything the product reads from dwh.cfg, after flags and environment variables are applied. */
export interface DwhConfig {
  /** The file read (absolute), whether or not it exists. */
  path: string;
  exists: boolean;
  /** [WAREHOUSE] ENGINE; default `embedded`. */
  engine: EngineName;
  /** [EMBEDDED] DATA_DIR: where PGlite keeps its files; default `.sparkify/pglite` next to the file. */
  dataDir: string;
  /** [CLUSTER]: the server for the postgres and redshift engines. */
  cluster: {
    host?: string;
    dbName?: string;
    dbUser?: string;
    /** From DB_PASSWORD, or SPARKIFY_DB_PASSWORD which wins. Never printed. */
    dbPassword?: string;
    dbPort?: number;
    /** [CLUSTER] SSL: verify (default for redshift), require (encrypt, no verification), disable (default for postgres). */
    ssl?: SslMode;
    /** `--url` or SPARKIFY_DATABASE_URL: a postgres:// URL that replaces the fields above. */
    url?: string;
  };
  /** [IAM_ROLE] ARN: the role Redshift assumes to read S3. */
  iamRoleArn?: string;
  /** [S3]: where the input is (local paths or s3:// URLs) and how to reach S3. */
  s3: {
    songData: string;
    logData: string;
    /** A path to a jsonpaths file, `auto` or `auto ignorecase`. */
    logJsonPath: string;
    region?: string;
    endpoint?: string;
    forcePathStyle: boolean;
  };
  /** [ETL] MAX_ERRORS: how many bad records a staging load may reject before it fails; default 0. */
  maxErrors: number;
  /** The parsed file, for modules that own a section of their own ([DWH]). */
  sections: IniSections;
  /** What the settings decided that the user should hear of (said on stderr by the CLI). */
  notes: string[];
  /** Where each input path came from, for messages: `--song-data`, `dwh.cfg:12: [S3] SONG_DATA`, or the default. */
  origins: Record<'songData' | 'logData' | 'logJsonPath' | 'dataDir', string>;
}

/** Values from command-line flags; each replaces the file's setting. */
export interface ConfigOverrides {
  engine?: string;
  songData?: string;
  logData?: string;
  logJsonPath?: string;
  maxErrors?: string | number;
  dataDir?: string;
  url?: string;
}

/**
 * Reads and validates a dwh.cfg. A missing file is an error only when the caller named it (`required`);
 * otherwise the defaults apply. Every failure is a one-line ConfigError naming file, section, key and value
 * (secrets masked).
 */
export function loadConfig(
  file = 'dwh.cfg',
  options: { required?: boolean; overrides?: ConfigOverrides; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): DwhConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const path = resolve(cwd, file);
  const exists = existsSync(path);
  if (!exists && options.required) throw new ConfigError(`config file ${file} not found`);
  let sections: IniSections = new Map();
  if (exists) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`, { cause: error });
    }
    sections = parseIni(text, file);
  }
  const base = dirname(path);
  const o = options.overrides ?? {};
  const get = (section: string, key: string): IniEntry | undefined => sections.get(section)?.get(key);
  const value = (section: string, key: string): string | undefined => nonEmpty(get(section, key)?.value);
  const where = (section: string, key: string): string => {
    const entry = get(section, key);
    return entry ? `${file}:${entry.line}: [${section}] ${key}` : `[${section}] ${key}`;
  };
  const localPath = (p: string): string => (isUrl(p) || isAbsolute(p) ? p : resolve(base, p));
  const flagPath = (p: string): string => (isUrl(p) || isAbsolute(p) ? p : resolve(cwd, p));

  // A URL (--url, SPARKIFY_DATABASE_URL) names a server: it selects the postgres engine unless --engine says
  // otherwise, over the file's ENGINE as any flag overrides the file (the run says so, see `notes`).
  const url = nonEmpty(o.url) ?? nonEmpty(env.SPARKIFY_DATABASE_URL);
  const notes: string[] = [];
  const fileEngine = value('WAREHOUSE', 'ENGINE');
  let engineText = o.engine ?? fileEngine ?? 'embedded';
  if (url && o.engine === undefined && engineText.toLowerCase() === 'embedded') {
    engineText = 'postgres';
    notes.push(`using the postgres engine: ${nonEmpty(o.url) ? '--url' : 'SPARKIFY_DATABASE_URL'} names a server${fileEngine ? ` (over ${where('WAREHOUSE', 'ENGINE')} = ${fileEngine})` : ''}; --engine embedded keeps the embedded database`);
  }
  const engine = engineText.toLowerCase() as EngineName;
  if (!ENGINES.includes(engine)) {
    const origin = o.engine !== undefined ? '--engine' : where('WAREHOUSE', 'ENGINE');
    throw new ConfigError(`${origin} = "${engineText}" is not an engine; use one of ${ENGINES.join(', ')}`);
  }

  const portText = value('CLUSTER', 'DB_PORT');
  let dbPort: number | undefined;
  if (portText !== undefined) {
    dbPort = decimal(portText);
    if (dbPort < 1 || dbPort > 65535) {
      throw new ConfigError(`${where('CLUSTER', 'DB_PORT')} = "${portText}" is not a port number (1-65535)`);
    }
  }
  const sslText = value('CLUSTER', 'SSL')?.toLowerCase();
  if (sslText !== undefined && !['verify', 'require', 'disable'].includes(sslText)) {
    throw new ConfigError(`${where('CLUSTER', 'SSL')} = "${sslText}" is not an SSL mode; use verify, require or disable`);
  }

  const maxText = o.maxErrors !== undefined ? String(o.maxErrors) : (value('ETL', 'MAX_ERRORS') ?? '0');
  const maxErrors = decimal(maxText);
  // Redshift's MAXERROR allows at most 100,000.
  if (maxErrors < 0 || maxErrors > 100_000) {
    const origin = o.maxErrors !== undefined ? '--max-errors' : where('ETL', 'MAX_ERRORS');
    throw new ConfigError(`${origin} = "${maxText}" is not a whole number of records (0 to 100000)`);
  }

  const pathStyle = value('S3', 'FORCE_PATH_STYLE')?.toLowerCase();
  if (pathStyle !== undefined && !['true', 'false', 'yes', 'no', '1', '0'].includes(pathStyle)) {
    throw new ConfigError(`${where('S3', 'FORCE_PATH_STYLE')} = "${pathStyle}" is not true or false`);
  }
  const logJsonPath = o.logJsonPath ?? value('S3', 'LOG_JSONPATH') ?? 'auto';
  const isAuto = /^auto( ignorecase)?$/i.test(logJsonPath.trim());

  const origin = (flag: string | undefined, name: string, section: string, key: string): string =>
    flag !== undefined && flag !== '' ? name : get(section, key) ? where(section, key) : `[${section}] ${key} (default)`;
  return {
    path,
    exists,
    engine,
    origins: {
      songData: origin(o.songData, '--song-data', 'S3', 'SONG_DATA'),
      logData: origin(o.logData, '--log-data', 'S3', 'LOG_DATA'),
      logJsonPath: origin(o.logJsonPath, '--log-jsonpath', 'S3', 'LOG_JSONPATH'),
      dataDir: origin(o.dataDir, '--data-dir', 'EMBEDDED', 'DATA_DIR'),
    },
    dataDir: o.dataDir ? flagPath(o.dataDir) : localPath(value('EMBEDDED', 'DATA_DIR') ?? '.sparkify/pglite'),
    cluster: {
      host: value('CLUSTER', 'HOST'),
      dbName: value('CLUSTER', 'DB_NAME'),
      dbUser: value('CLUSTER', 'DB_USER'),
      dbPassword: nonEmpty(env.SPARKIFY_DB_PASSWORD) ?? value('CLUSTER', 'DB_PASSWORD'),
      dbPort,
      ssl: sslText as SslMode | undefined,
      url,
    },
    iamRoleArn: value('IAM_ROLE', 'ARN'),
    s3: {
      songData: o.songData ? flagPath(o.songData) : localPath(value('S3', 'SONG_DATA') ?? 'data/song_data'),
      logData: o.logData ? flagPath(o.logData) : localPath(value('S3', 'LOG_DATA') ?? 'data/log_data'),
      logJsonPath: isAuto
        ? logJsonPath.trim().toLowerCase()
        : o.logJsonPath
          ? flagPath(logJsonPath)
          : localPath(logJsonPath),
      region: value('S3', 'REGION') ?? value('DWH', 'REGION'),
      endpoint: value('S3', 'ENDPOINT'),
      forcePathStyle: pathStyle !== undefined && ['true', 'yes', '1'].includes(pathStyle),
    },
    maxErrors,
    sections,
    notes,
  };
}

/** A number as settings take it: decimal digits only (no sign, exponent, fraction, hex or blank); -1 otherwise. */
function decimal(text: string): number {
  return /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : -1;
}

export function isUrl(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}
