import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeEndpoint } from '../../src/cluster/endpoint-file.js';
import { setIniValues } from '../../src/config/ini-file.js';
import { loadConfig } from '../../src/config/dwh-cfg.js';
import { tempDir } from '../helpers/paths.js';

describe('writing the endpoint back into dwh.cfg', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());

  it('replaces existing values in place and keeps comments, spacing and other sections', () => {
    const text = [
      '# Sparkify settings',
      '[CLUSTER]',
      '# The endpoint: written by `sparkify cluster create`.',
      'HOST =',
      'db_name = sparkify',
      'DB_PORT: 5432',
      '',
      '[S3]',
      'HOST = not-this-one',
      '',
    ].join('\n');
    expect(setIniValues(text, 'CLUSTER', { HOST: 'dwh.c1.us-west-2.redshift.amazonaws.com', DB_PORT: '5439' })).toBe(
      [
        '# Sparkify settings',
        '[CLUSTER]',
        '# The endpoint: written by `sparkify cluster create`.',
        'HOST = dwh.c1.us-west-2.redshift.amazonaws.com',
        'db_name = sparkify',
        'DB_PORT: 5439',
        '',
        '[S3]',
        'HOST = not-this-one',
        '',
      ].join('\n'),
    );
  });

  it('adds missing keys after the section’s last setting, and a missing section at the end', () => {
    const text = '[CLUSTER]\r\nDB_NAME = sparkify\r\n  continued\r\n\r\n# next\r\n[S3]\r\nLOG_DATA = x\r\n';
    expect(setIniValues(text, 'cluster', { HOST: 'h', DB_PORT: '5439' })).toBe(
      '[CLUSTER]\r\nDB_NAME = sparkify\r\n  continued\r\nHOST = h\r\nDB_PORT = 5439\r\n\r\n# next\r\n[S3]\r\nLOG_DATA = x\r\n',
    );
    expect(setIniValues('[S3]\nLOG_DATA = x\n', 'CLUSTER', { HOST: 'h' })).toBe('[S3]\nLOG_DATA = x\n\n[CLUSTER]\nHOST = h\n');
    expect(setIniValues('', 'CLUSTER', { HOST: 'h' })).toBe('[CLUSTER]\nHOST = h\n');
    // A replaced value's continuation lines go with it.
    expect(setIniValues('[CLUSTER]\nHOST = a\n  b\nDB_NAME = d\n', 'CLUSTER', { HOST: 'h' })).toBe('[CLUSTER]\nHOST = h\nDB_NAME = d\n');
  });

  it('writes the file so that the config reads the new endpoint, keeping its permissions', () => {
    const file = join(t.dir, 'dwh.cfg');
    writeFileSync(file, '[WAREHOUSE]\nENGINE = redshift\n\n[CLUSTER]\n# where\nHOST =\nDB_PASSWORD = Secret#1\nDB_PORT = 5432\n');
    chmodSync(file, 0o600);
    writeEndpoint(file, { host: 'dwh.c1.us-west-2.redshift.amazonaws.com', port: 5439 });
    expect(readFileSync(file, 'utf8')).toBe('[WAREHOUSE]\nENGINE = redshift\n\n[CLUSTER]\n# where\nHOST = dwh.c1.us-west-2.redshift.amazonaws.com\nDB_PASSWORD = Secret#1\nDB_PORT = 5439\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const config = loadConfig(file, { required: true, env: {} });
    expect(config.cluster).toMatchObject({ host: 'dwh.c1.us-west-2.redshift.amazonaws.com', dbPort: 5439, dbPassword: 'Secret#1' });
  });

  it('keeps the previous dwh.cfg whole, and leaves nothing beside it, when the new one does not fit', (ctx) => {
    const mount = join(t.dir, 'full');
    mkdirSync(mount);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount], { stdio: 'ignore' });
    } catch {
      ctx.skip('mounting a small tmpfs needs root');
    }
    try {
      const file = join(mount, 'dwh.cfg');
      const before = '[WAREHOUSE]\nENGINE = redshift\n\n[CLUSTER]\nHOST =\n';
      writeFileSync(file, before);
      const { bavail, bsize } = statfsSync(mount);
      writeFileSync(join(mount, 'filler'), Buffer.alloc(Math.max(0, bavail * bsize)));
      expect(() => writeEndpoint(file, { host: 'x'.repeat(8192), port: 5439 })).toThrow(/^cannot write the cluster endpoint into .*dwh\.cfg: /);
      expect(readFileSync(file, 'utf8')).toBe(before);
      expect(readdirSync(mount).sort()).toEqual(['dwh.cfg', 'filler']);
    } finally {
      execFileSync('umount', ['-l', mount], { stdio: 'ignore' });
    }
  });
});
