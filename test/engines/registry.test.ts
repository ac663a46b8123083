import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { SETTINGS } from '../../src/config/settings.js';
import { ENGINE_MODULES, ENGINE_NAMES, engineForUrl, engineOf } from '../../src/engines/registry.js';
import { describeTarget, dialectOf } from '../../src/warehouse/open.js';
import { ROOT } from '../helpers/paths.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('engines as modules', () => {
  it('each engine is one folder with a descriptor named as its registry key', () => {
    const folders = readdirSync(join(ROOT, 'src/engines')).filter((f) => statSync(join(ROOT, 'src/engines', f)).isDirectory());
    expect(folders.sort()).toEqual([...ENGINE_NAMES].sort());
    for (const name of ENGINE_NAMES) expect(ENGINE_MODULES[name].name).toBe(name);
  });

  it('the setting, the dialect lookup and the target descriptions come from the registry', () => {
    expect(SETTINGS['WAREHOUSE ENGINE'].choices).toEqual(ENGINE_NAMES);
    expect(SETTINGS['WAREHOUSE ENGINE'].default).toBe(ENGINE_NAMES[0]);
    for (const name of ENGINE_NAMES) {
      const config = loadConfig('none.cfg', { env: {}, overrides: { engine: name, dataDir: '/tmp/x-db' } });
      expect(dialectOf(name)).toBe(ENGINE_MODULES[name].dialect);
      expect(describeTarget(config)).toBe(ENGINE_MODULES[name].describeTarget(config));
    }
    expect(describeTarget(loadConfig('none.cfg', { env: {}, overrides: { engine: 'redshift' } }))).toBe('redshift ?:5439/?');
  });

  it('a URL selects the engine of its scheme, and a URL of no engine is refused', () => {
    expect(engineForUrl('postgres://u@h/db')).toBe('postgres');
    expect(engineForUrl('postgresql://u@h/db')).toBe('postgres');
    expect(engineForUrl('mysql://u@h/db')).toBeUndefined();
    expect(() => loadConfig('none.cfg', { env: {}, overrides: { url: 'mysql://u:secret@h/db' } })).toThrow('--url = "mysql://u@h/db" is not a database URL (postgres://user@host:port/database)');
    expect(() => engineOf('oracle')).toThrow('not an engine; use one of embedded, postgres, redshift');
  });

  it('no code outside src/engines/ asks which engine it has', () => {
    const names = ENGINE_NAMES.join('|');
    const asks = new RegExp(`[=!]==?\\s*['"\`](${names})['"\`]|['"\`](${names})['"\`]\\s*[=!]==?|case\\s+['"\`](${names})['"\`]|instanceof\\s+\\w*(Embedded|Postgres|Redshift)Warehouse|\\bisRedshift\\(`);
    const offenders = sourceFiles(join(ROOT, 'src'))
      .filter((path) => !relative(ROOT, path).startsWith('src/engines/'))
      .flatMap((path) =>
        readFileSync(path, 'utf8')
          .split('\n')
          .map((line, i) => (asks.test(line) ? `${relative(ROOT, path)}:${i + 1}: ${line.trim()}` : ''))
          .filter(Boolean),
      );
    expect(offenders).toEqual([]);
  });
});
