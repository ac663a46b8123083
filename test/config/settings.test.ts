import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clusterSettings } from '../../src/cluster/settings.js';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { settingsMarkdown } from '../../src/config/settings-doc.js';
import { SETTINGS } from '../../src/config/settings.js';
import { ConfigError } from '../../src/errors.js';
import { BIN, ROOT, tempDir } from '../helpers/paths.js';

const t = tempDir('sparkify-settings-');
afterAll(() => t.cleanup());
let n = 0;

function cfg(text: string): string {
  const file = join(t.dir, `c${++n}.cfg`);
  writeFileSync(file, text);
  return file;
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

/** The real CLI in a folder of its own, with exactly this environment (no CI unless given). */
function sparkify(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env },
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('unknown sections and keys', () => {
  it('are warnings naming file:line and the closest known name', () => {
    const file = cfg('[WAREHOSUE]\nENGINE = postgres\n[S3]\nLOG_DATTA = logs\n[DWH]\nDWH_NODE_TYPE = dc2.large\nZZZ = 1\n');
    const config = loadConfig(file, { env: {} });
    expect(config.engine).toBe('embedded');
    expect(config.warnings).toEqual([
      `${file}:1: unknown section [WAREHOSUE]: it is not read; did you mean [WAREHOUSE]?`,
      `${file}:4: unknown setting [S3] LOG_DATTA: it is not read; did you mean LOG_DATA?`,
      `${file}:6: unknown setting [DWH] DWH_NODE_TYPE: it is not read; did you mean NODE_TYPE?`,
      `${file}:7: unknown setting [DWH] ZZZ: it is not read`,
    ]);
    // The input path that is then used says it is the default, not a path the user wrote.
    expect(config.origins.logData).toBe('[S3] LOG_DATA (default)');
  });

  it('an [AWS] section (the classic notebook keeps access keys there) is never read, and its values never shown', () => {
    const file = cfg('[AWS]\nKEY = AKIAEXAMPLEKEY\nSECRET = wJalrXUtnFEMIexample\n');
    const config = loadConfig(file, { env: {} });
    expect(config.warnings).toEqual([`${file}:1: unknown section [AWS]: AWS credentials are never read from this file; they come from the AWS credential chain (AWS_PROFILE, the environment, SSO)`]);
    expect(JSON.stringify(config.warnings)).not.toMatch(/AKIA|wJalr/);
  });

  it('are errors with strict, and when CI is set (CI=false and CI=0 are not CI)', () => {
    const file = cfg('[WAREHOSUE]\nENGINE = postgres\n[ETL]\nMAX_ERORS = 5\n');
    const expected = `${file}:1: unknown section [WAREHOSUE]: it is not read; did you mean [WAREHOUSE]? (and 1 more); unknown settings are errors with --strict and when CI is set`;
    expect(errorOf(() => loadConfig(file, { env: {}, strict: true })).message).toBe(expected);
    expect(errorOf(() => loadConfig(file, { env: { CI: 'true' } })).message).toBe(expected);
    expect(errorOf(() => loadConfig(file, { env: { CI: 'github-actions' } })).message).toBe(expected);
    expect(loadConfig(file, { env: { CI: 'false' } }).warnings).toHaveLength(2);
    expect(loadConfig(file, { env: { CI: '0' } }).warnings).toHaveLength(2);
    expect(loadConfig(file, { env: { CI: 'true' }, strict: false }).warnings).toHaveLength(2);
  });

  it('the file this project ships has none', () => {
    expect(loadConfig(join(ROOT, 'dwh.cfg'), { env: {}, strict: true }).warnings).toEqual([]);
  });
});

describe('values and origins', () => {
  it('each setting knows where its value came from: flag, environment, file:line, a fallback, the default', () => {
    const file = cfg('[CLUSTER]\nDB_NAME = dev\nDB_PASSWORD = from-file\n[ETL]\nMAX_ERRORS = 3\n[S3]\nREGION = eu-west-1\n');
    const config = loadConfig(file, { env: { SPARKIFY_DB_PASSWORD: 'from-env' }, overrides: { maxErrors: '7' } });
    const s = config.settings;
    expect(s.get('ETL MAX_ERRORS')).toMatchObject({ text: '7', value: 7, origin: { kind: 'flag', name: '--max-errors' } });
    expect(config.maxErrors).toBe(7);
    expect(s.get('CLUSTER DB_PASSWORD')).toMatchObject({ text: 'from-env', origin: { kind: 'env', name: 'SPARKIFY_DB_PASSWORD' } });
    expect(s.get('CLUSTER DB_NAME').origin).toEqual({ kind: 'file', file, line: 2, section: 'CLUSTER', key: 'DB_NAME' });
    // [DWH] DB_NAME was not written: its fallback's value, with the fallback's line. [DWH] REGION does not fall back
    // to [S3] REGION: the bucket's region is not the cluster's.
    expect(s.get('DWH DB_NAME')).toMatchObject({ text: 'dev', origin: { kind: 'file', line: 2, section: 'CLUSTER', key: 'DB_NAME' } });
    expect(s.get('DWH REGION')).toMatchObject({ text: 'us-west-2', origin: { kind: 'default' } });
    expect(s.get('DWH PORT')).toMatchObject({ text: '5439', value: 5439, origin: { kind: 'default' } });
    expect(s.get('CLUSTER HOST').text).toBeUndefined();
    expect(s.get('CLUSTER HOST').origin).toEqual({ kind: 'unset' });
    expect(s.where('ETL MAX_ERRORS')).toBe('--max-errors');
    expect(s.where('DWH DB_NAME')).toBe(`${file}:2: [CLUSTER] DB_NAME`);
    expect(loadConfig(cfg(''), { env: { AWS_REGION: 'ap-south-1' } }).settings.get('DWH REGION')).toMatchObject({ text: 'ap-south-1', origin: { kind: 'env', name: 'AWS_REGION' } });
  });

  it('a fallback is held to the rules of the setting it was written under until a cluster command needs it', () => {
    // A PostgreSQL database name that Redshift would refuse: fine for the postgres engine...
    const file = cfg('[CLUSTER]\nDB_NAME = Sales-DB\n[DWH]\nCLUSTER_IDENTIFIER = dwh\n');
    const config = loadConfig(file, { env: {} });
    expect(config.cluster.dbName).toBe('Sales-DB');
    // ...and named, at its own line, when the cluster's view reads it.
    expect(errorOf(() => clusterSettings(config)).message).toBe(`${file}:2: [CLUSTER] DB_NAME = "Sales-DB" is not a Redshift database name (lowercase letters, digits, _ or $)`);
  });

  it('every value is checked when the file is read, wherever the setting belongs', () => {
    expect(errorOf(() => loadConfig(cfg('[DWH]\nPORT = 80\n'), { env: {} })).message).toMatch(/:2: \[DWH\] PORT = "80" is not a port Redshift accepts \(1150-65535\)$/);
    expect(errorOf(() => loadConfig(cfg('[DWH]\nNUM_NODES = 2.0\n'), { env: {} })).message).toMatch(/:2: \[DWH\] NUM_NODES = "2.0" is not a number of nodes \(1-128\)$/);
    expect(errorOf(() => loadConfig(cfg('[S3]\nFORCE_PATH_STYLE = maybe\n'), { env: {} })).message).toMatch(/:2: \[S3\] FORCE_PATH_STYLE = "maybe" is not true or false$/);
    expect(errorOf(() => loadConfig(cfg(''), { env: { AWS_REGION: 'mars' } })).message).toBe('AWS_REGION = "mars" is not an AWS region (e.g. us-west-2)');
    expect(loadConfig(cfg('[S3]\nFORCE_PATH_STYLE = On\n'), { env: {} }).s3.forcePathStyle).toBe(true);
  });

  it('a URL is read from the flag or the environment only, and its password never shown', () => {
    const file = cfg('[CLUSTER]\nURL = postgres://u:p@h/db\n');
    const config = loadConfig(file, { env: {} });
    expect(config.cluster.url).toBeUndefined();
    expect(config.warnings).toEqual([`${file}:2: [CLUSTER] URL is not read from this file (a password would be kept in it): give it as --url or SPARKIFY_DATABASE_URL`]);
    expect(config.warnings.join('')).not.toContain(':p@');
  });
});

describe('sparkify config', () => {
  it('prints every setting with its value and origin, secrets hidden', () => {
    const dir = join(t.dir, 'show');
    const file = join(dir, 'dwh.cfg');
    spawnSync('mkdir', ['-p', dir]);
    writeFileSync(file, '[CLUSTER]\nHOST = db.example.com\nDB_PASSWORD = staging\n[WAREHOSUE]\nENGINE = postgres\n');
    const run = sparkify(dir, ['config'], { SPARKIFY_DATABASE_URL: 'postgres://ann:Hunter2/Qz9@db.example.com/sparkify' });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('# dwh.cfg');
    const line = (name: string) => lines.find((l) => l.startsWith(`${name} `))?.replace(/ {2,}/g, ' | ');
    expect(line('[WAREHOUSE] ENGINE')).toBe('[WAREHOUSE] ENGINE | postgres | environment SPARKIFY_DATABASE_URL');
    expect(line('[CLUSTER] HOST')).toBe('[CLUSTER] HOST | db.example.com | dwh.cfg:2');
    expect(line('[CLUSTER] DB_PASSWORD')).toBe('[CLUSTER] DB_PASSWORD | (set, hidden) | dwh.cfg:3');
    expect(line('[CLUSTER] URL')).toBe('[CLUSTER] URL | postgres://ann@db.example.com/sparkify | environment SPARKIFY_DATABASE_URL');
    expect(line('[CLUSTER] DB_PORT')).toBe('[CLUSTER] DB_PORT | - | not set');
    expect(line('[ETL] MAX_ERRORS')).toBe('[ETL] MAX_ERRORS | 0 | default');
    expect(lines.filter((l) => l.startsWith('['))).toHaveLength(Object.keys(SETTINGS).length);
    expect(run.stderr).toBe(
      'warning: dwh.cfg:4: unknown section [WAREHOSUE]: it is not read; did you mean [WAREHOUSE]?\n' +
        'note: using the postgres engine: SPARKIFY_DATABASE_URL names a server; --engine embedded keeps the embedded database\n',
    );
    expect(run.stdout + run.stderr).not.toMatch(/Hunter2|Qz9|staging/);

    const json = sparkify(dir, ['config', '--json', '--max-errors', '4', '--log-jsonpath', 'auto'], {});
    const out = JSON.parse(json.stdout) as { engine: string; settings: { setting: string; value: string | null; origin: string; secret: boolean }[]; warnings: string[] };
    expect(out.engine).toBe('embedded');
    expect(out.settings.find((s) => s.setting === '[ETL] MAX_ERRORS')).toMatchObject({ value: '4', origin: '--max-errors', secret: false });
    expect(out.settings.find((s) => s.setting === '[S3] LOG_JSONPATH')).toMatchObject({ value: 'auto', origin: '--log-jsonpath' });
    expect(out.settings.find((s) => s.setting === '[CLUSTER] DB_PASSWORD')).toMatchObject({ value: '(set, hidden)', secret: true });
    expect(json.stdout).not.toContain('staging');

    const strict = sparkify(dir, ['config'], { CI: 'true' });
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/^sparkify: Configuration error: dwh.cfg:4: unknown section \[WAREHOSUE\].*errors with --strict and when CI is set\n$/);
    expect(sparkify(dir, ['config', '--strict'], {}).code).toBe(2);
  });

  it('the README holds the settings table as `sparkify config --doc` prints it', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- settings:start -->\n([\s\S]*?)\n<!-- settings:end -->/.exec(readme)?.[1];
    expect(block, 'README.md lacks the settings block: paste `sparkify config --doc` between <!-- settings:start --> and <!-- settings:end -->').toBe(settingsMarkdown());
    const doc = sparkify(t.dir, ['config', '--doc']);
    expect(doc.stdout).toBe(`${settingsMarkdown()}\n`);
  });
});

describe('one way to read settings', () => {
  it('no module outside src/config reads the parsed file by section', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && !relative(ROOT, path).startsWith('src/config/') && /\bsections\.(get|has)\(|parseIni/.test(readFileSync(path, 'utf8'))) {
          offenders.push(relative(ROOT, path));
        }
      }
    };
    walk(join(ROOT, 'src'));
    expect(offenders).toEqual([]);
  });
});
