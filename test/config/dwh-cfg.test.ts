import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { holdsCredentials, maskSqlSecrets, urlWithoutPassword } from '../../src/config/secret-text.js';
import { PG_DEFAULTS, pgSettings } from '../../src/engines/postgres/pg-settings.js';
import { parseIni } from '../../src/config/ini-file.js';
import { ConfigError } from '../../src/errors.js';
import { tempDir } from '../helpers/paths.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function cfg(text: string): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const file = join(t.dir, 'dwh.cfg');
  writeFileSync(file, text);
  return file;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

// The layout of the classic Python project's file, quotes included.
const CLASSIC = `[CLUSTER]
HOST=dwhcluster.abc123.us-west-2.redshift.amazonaws.com
DB_NAME=dwh
DB_USER=dwhuser
DB_PASSWORD=Passw0rd#with;chars
DB_PORT=5439

[IAM_ROLE]
ARN='arn:aws:iam::123456789012:role/dwhRole'

[S3]
LOG_DATA='s3://udacity-dend/log_data'
LOG_JSONPATH='s3://udacity-dend/log_json_path.json'
SONG_DATA='s3://udacity-dend/song_data'
`;

describe('dwh.cfg', () => {
  it('reads the classic file: quotes removed, # and ; kept inside values', () => {
    const config = loadConfig(cfg(CLASSIC), { env: {} });
    expect(config.engine).toBe('embedded');
    expect(config.cluster).toMatchObject({
      host: 'dwhcluster.abc123.us-west-2.redshift.amazonaws.com',
      dbName: 'dwh',
      dbUser: 'dwhuser',
      dbPassword: 'Passw0rd#with;chars',
      dbPort: 5439,
    });
    expect(config.iamRoleArn).toBe('arn:aws:iam::123456789012:role/dwhRole');
    expect(config.s3.logData).toBe('s3://udacity-dend/log_data');
    expect(config.s3.logJsonPath).toBe('s3://udacity-dend/log_json_path.json');
    expect(config.s3.songData).toBe('s3://udacity-dend/song_data');
  });

  it('takes configparser syntax: ":" delimiters, lower-case keys, comments, continuation lines', () => {
    const sections = parseIni('# top\n[s3]\nlog_data : a\n; note\nsong_data = b\n  c\n', 'x.cfg');
    expect(sections.get('S3')?.get('LOG_DATA')).toEqual({ value: 'a', line: 3 });
    expect(sections.get('S3')?.get('SONG_DATA')?.value).toBe('b\nc');
  });

  it('resolves relative local paths against the file, flags against the working folder', () => {
    const file = cfg('[S3]\nSONG_DATA = in/songs\nLOG_JSONPATH = auto ignorecase\n');
    const config = loadConfig(file, { env: {}, overrides: { logData: 'logs' }, cwd: '/work' });
    expect(config.s3.songData).toBe(join(file, '..', 'in', 'songs'));
    expect(config.s3.logData).toBe('/work/logs');
    expect(config.s3.logJsonPath).toBe('auto ignorecase');
  });

  it('lets the environment supply the password, and flags override the file', () => {
    const config = loadConfig(cfg(CLASSIC), { env: { SPARKIFY_DB_PASSWORD: 'from-env' }, overrides: { engine: 'postgres', maxErrors: '5' } });
    expect(config.cluster.dbPassword).toBe('from-env');
    expect(config.engine).toBe('postgres');
    expect(config.maxErrors).toBe(5);
  });

  it('names file, line, section, key and value of a bad setting in one line', () => {
    const file = cfg('[WAREHOUSE]\nENGINE = oracle\n');
    const error = errorOf(() => loadConfig(file, { env: {} }));
    expect(error.message).toBe(`${file}:2: [WAREHOUSE] ENGINE = "oracle" is not an engine; use one of embedded, postgres, redshift`);
    expect(error.exitCode).toBe(2);
    expect(errorOf(() => loadConfig(cfg('[CLUSTER]\nDB_PORT = 54x\n'), { env: {} })).message).toMatch(/:2: \[CLUSTER\] DB_PORT = "54x" is not a port/);
    expect(errorOf(() => loadConfig(cfg('[ETL]\nMAX_ERRORS = -1\n'), { env: {} })).message).toMatch(/\[ETL\] MAX_ERRORS = "-1"/);
    expect(errorOf(() => loadConfig(cfg(''), { env: {}, overrides: { maxErrors: 'many' } })).message).toMatch(/^--max-errors = "many"/);
  });

  it('takes numbers as decimal integers in range only', () => {
    for (const port of ['0x1538', '5432.0', '5e3', '+5432', '0', '65536']) {
      const file = cfg(`[CLUSTER]\nDB_PORT = ${port}\n`);
      expect(errorOf(() => loadConfig(file, { env: {} })).message).toBe(`${file}:2: [CLUSTER] DB_PORT = "${port}" is not a port number (1-65535)`);
    }
    for (const n of ['', '0x10', '1e1', '-1', '1.5', '100000']) {
      expect(errorOf(() => loadConfig(cfg(''), { env: {}, overrides: { maxErrors: n } })).message).toBe(`--max-errors = "${n}" is not a whole number of records (0 to 99999)`);
    }
    expect(loadConfig(cfg('[ETL]\nMAX_ERRORS = 99999\n[CLUSTER]\nDB_PORT = 5439\n'), { env: {} })).toMatchObject({ maxErrors: 99999, cluster: { dbPort: 5439 } });
  });

  it('refuses a section or a key given twice, as configparser does', () => {
    const file = cfg('[S3]\nLOG_DATA = a\n[CLUSTER]\nHOST = h\n[s3]\nSONG_DATA = b\n');
    expect(errorOf(() => loadConfig(file, { env: {} })).message).toBe(`${file}:5: section [S3] is already defined at line 1; merge the two`);
    const keys = cfg('[S3]\nLOG_DATA = a\nlog_data = b\n');
    expect(errorOf(() => loadConfig(keys, { env: {} })).message).toBe(`${keys}:3: LOG_DATA is already set at line 2 of this section; keep one`);
  });

  it('lets a URL select the postgres engine unless --engine says otherwise, and says so', () => {
    const file = cfg('[WAREHOUSE]\nENGINE = embedded\n');
    const byFlag = loadConfig(file, { env: {}, overrides: { url: 'postgres://u@h/db' } });
    expect(byFlag.engine).toBe('postgres');
    expect(byFlag.notes).toEqual([`using the postgres engine: --url names a server (over ${file}:2: [WAREHOUSE] ENGINE = embedded); --engine embedded keeps the embedded database`]);
    const byEnv = loadConfig(cfg(''), { env: { SPARKIFY_DATABASE_URL: 'postgres://u@h/db' } });
    expect(byEnv.engine).toBe('postgres');
    expect(byEnv.notes).toEqual(['using the postgres engine: SPARKIFY_DATABASE_URL names a server; --engine embedded keeps the embedded database']);
    expect(loadConfig(file, { env: {}, overrides: { url: 'postgres://u@h/db', engine: 'embedded' } })).toMatchObject({ engine: 'embedded', notes: [] });
    expect(loadConfig(cfg('[WAREHOUSE]\nENGINE = redshift\n'), { env: { SPARKIFY_DATABASE_URL: 'postgres://u@h/db' } })).toMatchObject({ engine: 'redshift', notes: [] });
  });

  it('never echoes a malformed line that may hold a password', () => {
    const error = errorOf(() => loadConfig(cfg('[CLUSTER]\nDB_PASSWORD hunter22\n'), { env: {} }));
    expect(error.message).toMatch(/:2: expected "KEY = value"/);
    expect(error.message).not.toContain('hunter22');
    expect(errorOf(() => loadConfig(cfg('HOST = x\n'), { env: {} })).message).toMatch(/:1: setting "HOST" comes before any \[SECTION\]/);
  });

  it('fails on a named file that does not exist, and uses defaults for a missing default file', () => {
    expect(errorOf(() => loadConfig('/nonexistent/dwh.cfg', { required: true })).message).toBe('config file /nonexistent/dwh.cfg not found');
    const config = loadConfig('/nonexistent/dwh.cfg', { env: {} });
    expect(config.exists).toBe(false);
    expect(config.dataDir).toBe('/nonexistent/.sparkify/pglite');
    expect(config.s3.logJsonPath).toBe('auto');
  });

  it('never echoes a password written on the line after its key', () => {
    const file = cfg('[CLUSTER]\nDB_PASSWORD =\nHunter2Qz9\n');
    const error = errorOf(() => loadConfig(file, { env: {} }));
    expect(error.message).toBe(
      `${file}:3: expected "KEY = value" or "[SECTION]" (the line is not shown: it may hold a secret); a value goes on the same line as its key, after the =`,
    );
    expect(errorOf(() => loadConfig(cfg('[S3]\nLOG_DATA = x\nnot a setting\n'), { env: {} })).message).not.toContain('not a setting');
  });
});

describe('secrets in text about to be shown or kept', () => {
  it('removes a URL password whatever it holds, also where the URL does not parse', () => {
    expect(urlWithoutPassword('postgres://u:s3cr%40t@h:5432/db')).toBe('postgres://u@h:5432/db');
    expect(urlWithoutPassword('postgres://u:Hunter2/Qz9@h/db')).toBe('postgres://u@h/db');
    expect(urlWithoutPassword('postgres://u:p@ss#w:rd@h/db?sslmode=require')).toBe('postgres://u@h/db?sslmode=require');
    expect(urlWithoutPassword('postgres://u@h/db')).toBe('postgres://u@h/db');
    expect(urlWithoutPassword('postgres://h/db')).toBe('postgres://h/db');
    const config = loadConfig(cfg(''), { env: {}, overrides: { engine: 'postgres', url: 'postgres://u:Hunter2/Qz9@h/db' } });
    const error = errorOf(() => pgSettings(config, PG_DEFAULTS.postgres));
    expect(error.message).toBe(
      '--url: "postgres://u@h/db" is not a URL like postgres://user:password@host:5432/database (characters such as # / @ : in the password must be percent-encoded, # as %23)',
    );
  });

  it('masks the literal a credential keyword holds, and nothing else: a password that is an ordinary word stays hidden', () => {
    expect(maskSqlSecrets("ALTER ROLE etl PASSWORD 'staging'")).toBe("ALTER ROLE etl PASSWORD '****'");
    expect(maskSqlSecrets("DELETE FROM staging_events; ALTER USER etl WITH ENCRYPTED PASSWORD 'it''s'")).toBe("DELETE FROM staging_events; ALTER USER etl WITH ENCRYPTED PASSWORD '****'");
    expect(maskSqlSecrets("COPY t FROM 's3://b/k' CREDENTIALS 'aws_access_key_id=AKIA;aws_secret_access_key=x' FORMAT AS JSON 'auto'")).toBe(
      "COPY t FROM 's3://b/k' CREDENTIALS '****' FORMAT AS JSON 'auto'",
    );
    expect(maskSqlSecrets("UNLOAD ('select 1') TO 's3://b/p' ACCESS_KEY_ID 'AKIA' SECRET_ACCESS_KEY 'xyz' SESSION_TOKEN 'tok'")).toBe(
      "UNLOAD ('select 1') TO 's3://b/p' ACCESS_KEY_ID '****' SECRET_ACCESS_KEY '****' SESSION_TOKEN '****'",
    );
    expect(maskSqlSecrets("SELECT password FROM accounts WHERE password = 'x'")).toBe("SELECT password FROM accounts WHERE password = 'x'");
    expect(holdsCredentials("alter role etl password 'x'")).toBe(true);
    expect(holdsCredentials('SELECT 1')).toBe(false);
  });
});
