import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { parseIniFile, type IniFile } from './ini-file.js';
import { resolveSettings, type SettingId, type Settings } from './settings.js';
import { isUrl } from './shapes.js';
import { urlWithoutPassword } from './secret-text.js';
import { engineForUrl, engineOf, type EngineName } from '../engines/registry.js';

export type { EngineName };
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
  /** Where the user's saved queries are ([QUERIES] DIR; see queries/user-queries.ts). */
  queriesDir: string;
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
    /** [S3] STAGING_PREFIX without a trailing slash: where the redshift engine uploads local input. */
    stagingPrefix?: string;
    /** Regions of input buckets outside the cluster's region, found by the redshift engine's input check. */
    bucketRegions?: Record<string, string>;
  };
  /** [ETL] MAX_ERRORS: how many bad records a staging load may reject before it fails; default 0. */
  maxErrors: number;
  /** [ETL] MODE: `full` (default) reads every input file; `incremental` only the files no run has loaded. */
  etlMode: 'full' | 'incremental';
  /** Every setting with its effective value and origin, for the views of other areas ([DWH]) and `sparkify config`. */
  settings: Settings;
  /** What the settings decided that the user should hear of (said on stderr by the CLI). */
  notes: string[];
  /** Unknown sections and keys, one line each naming file:line (said on stderr by the CLI). */
  warnings: string[];
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
  /** --incremental (`incremental`) or --full-refresh (`full`). */
  etlMode?: 'full' | 'incremental';
  dataDir?: string;
  url?: string;
}

/**
 * Reads and validates a dwh.cfg through the settings table (config/settings.ts). A missing file is an error only
 * when the caller named it (`required`); otherwise the defaults apply. Every failure is a one-line ConfigError
 * naming file, line, section, key and value (secrets never shown). Unknown sections and keys are warnings
 * (`warnings`), errors when `strict` (default: when the CI environment variable is set).
 */
export function loadConfig(
  file = 'dwh.cfg',
  options: { required?: boolean; overrides?: ConfigOverrides; env?: NodeJS.ProcessEnv; cwd?: string; strict?: boolean } = {},
): DwhConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const path = resolve(cwd, file);
  const exists = existsSync(path);
  if (!exists && options.required) throw new ConfigError(`config file ${file} not found`);
  let parsed: IniFile = { sections: new Map(), headers: new Map() };
  if (exists) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`, { cause: error });
    }
    parsed = parseIniFile(text, file);
  }
  const o = options.overrides ?? {};
  let settings = resolveSettings(parsed, {
    file,
    env,
    strict: options.strict ?? isCi(env),
    flags: {
      '--engine': o.engine,
      '--data-dir': o.dataDir,
      '--url': o.url,
      '--song-data': o.songData,
      '--log-data': o.logData,
      '--log-jsonpath': o.logJsonPath,
      '--max-errors': o.maxErrors === undefined ? undefined : String(o.maxErrors),
      '--incremental': o.etlMode,
    },
  });

  // A URL (--url, SPARKIFY_DATABASE_URL) names a server: it selects the engine of its scheme (postgres://) when
  // the engine chosen has a local database and was not given as --engine, over the file's ENGINE as any flag
  // overrides the file (the run says so, see `notes`).
  const notes: string[] = [];
  const url = settings.get('CLUSTER URL');
  const engineSetting = settings.get('WAREHOUSE ENGINE');
  const urlEngine = url.text ? engineForUrl(url.text) : undefined;
  if (url.text && !urlEngine && engineOf(String(engineSetting.value)).can.localDatabase) {
    throw new ConfigError(`${settings.where('CLUSTER URL')} = "${urlWithoutPassword(url.text)}" is not a database URL (postgres://user@host:port/database)`);
  }
  if (urlEngine && engineSetting.origin.kind !== 'flag' && engineOf(String(engineSetting.value)).can.localDatabase) {
    const fromFile = engineSetting.origin.kind === 'file' ? ` (over ${settings.where('WAREHOUSE ENGINE')} = ${engineSetting.text})` : '';
    notes.push(`using the ${urlEngine} engine: ${settings.where('CLUSTER URL')} names a server${fromFile}; --engine ${engineSetting.value} keeps the ${engineSetting.value} database`);
    settings = settings.with('WAREHOUSE ENGINE', urlEngine, url.origin);
  }

  const base = dirname(path);
  // Paths written in the file (or defaults) are relative to the file; paths given as flags to the working folder.
  const pathOf = (id: SettingId): string => {
    const setting = settings.get(id);
    const text = setting.text ?? '';
    if (isUrl(text) || isAbsolute(text)) return text;
    return resolve(setting.origin.kind === 'flag' ? cwd : base, text);
  };
  const logJsonPath = settings.text('S3 LOG_JSONPATH') ?? 'auto';
  const isAuto = /^auto( ignorecase)?$/i.test(logJsonPath);
  return {
    path,
    exists,
    engine: settings.text('WAREHOUSE ENGINE') as EngineName,
    origins: {
      songData: settings.where('S3 SONG_DATA'),
      logData: settings.where('S3 LOG_DATA'),
      logJsonPath: settings.where('S3 LOG_JSONPATH'),
      dataDir: settings.where('EMBEDDED DATA_DIR'),
    },
    dataDir: pathOf('EMBEDDED DATA_DIR'),
    queriesDir: pathOf('QUERIES DIR'),
    cluster: {
      host: settings.text('CLUSTER HOST'),
      dbName: settings.text('CLUSTER DB_NAME'),
      dbUser: settings.text('CLUSTER DB_USER'),
      dbPassword: settings.text('CLUSTER DB_PASSWORD'),
      dbPort: settings.number('CLUSTER DB_PORT'),
      ssl: settings.text('CLUSTER SSL')?.toLowerCase() as SslMode | undefined,
      url: url.text,
    },
    iamRoleArn: settings.text('IAM_ROLE ARN'),
    s3: {
      songData: pathOf('S3 SONG_DATA'),
      logData: pathOf('S3 LOG_DATA'),
      logJsonPath: isAuto ? logJsonPath.toLowerCase() : pathOf('S3 LOG_JSONPATH'),
      region: settings.text('S3 REGION'),
      endpoint: settings.text('S3 ENDPOINT'),
      forcePathStyle: settings.flag('S3 FORCE_PATH_STYLE'),
      stagingPrefix: settings.text('S3 STAGING_PREFIX')?.replace(/\/+$/, ''),
    },
    maxErrors: settings.number('ETL MAX_ERRORS') ?? 0,
    etlMode: settings.text('ETL MODE') === 'incremental' ? 'incremental' : 'full',
    settings,
    notes,
    warnings: [...settings.warnings],
  };
}

/** CI systems set CI (to true, 1 or a name); `CI=false` and `CI=0` say it is not one. */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

export { isUrl };
