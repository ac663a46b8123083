import { execFileSync, spawn } from 'node:child_process';
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, statfsSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli-in-process.js';
import { writeFixture } from '../helpers/fixture.js';
import { BIN, tempDir } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const t = tempDir('sparkify-out-');
const db = ['--engine', 'embedded', '--data-dir', join(t.dir, 'db')];
const out = join(t.dir, 'out');
const root = process.platform === 'linux' && process.getuid?.() === 0;

/** A device node of the test's own (never the system's /dev), where the machine lets us make one. */
function device(name: string, major: number, minor: number): string | undefined {
  if (!root) return undefined;
  const path = join(out, name);
  try {
    execFileSync('mknod', [path, 'c', String(major), String(minor)], { stdio: 'ignore' });
    return path;
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  mkdirSync(out);
  const f = writeFixture(t.dir);
  const etl = await cli(['etl', '--yes', ...db, '--song-data', f.songData, '--log-data', f.logData, '--log-jsonpath', f.logJsonPath]);
  expect(etl.code).toBe(0);
});
afterAll(() => t.cleanup());

/** Nothing but the named files in the output folder: no temporary file left behind. */
const leftovers = (): string[] => readdirSync(out).filter((n) => n.endsWith('.tmp') || n.endsWith('.partial'));

describe('--out', () => {
  it('replaces a regular file whole, keeping its mode, for every format and the report', async () => {
    for (const [name, args] of [
      ['songs.csv', ['query', 'top-songs', '--format', 'csv']],
      ['songs.txt', ['query', 'top-songs', '--format', 'table']],
      ['report.md', ['report']],
    ] as const) {
      const file = join(out, name);
      writeFileSync(file, 'old contents\n', { mode: 0o640 });
      const run = await cli([...args, ...db, '--out', file]);
      expect(run.code).toBe(0);
      expect(readFileSync(file, 'utf8')).not.toContain('old contents');
      expect(readFileSync(file, 'utf8').length).toBeGreaterThan(20);
      expect(statSync(file).mode & 0o777).toBe(0o640);
    }
    expect(leftovers()).toEqual([]);
  });

  it('through a symbolic link replaces the target and keeps the link', async () => {
    const target = join(out, 'real.csv');
    writeFileSync(target, 'old\n');
    const link = join(out, 'link.csv');
    symlinkSync(target, link);
    const run = await cli(['query', 'top-songs', '--format', 'csv', ...db, '--out', link]);
    expect(run.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, 'utf8')).toMatch(/^rank,song,/);
    expect(leftovers()).toEqual([]);
  });

  it('writes into a FIFO as it is, never replacing it with a file', async () => {
    const fifo = join(out, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // A reader on the other end, as a shell's `<(...)` would be.
    const reader = spawn('cat', [fifo]);
    const readerDone = new Promise((r) => reader.on('close', r));
    let read = '';
    reader.stdout.on('data', (c: Buffer) => (read += c.toString()));
    // As a separate process, as a shell would run it (the FIFO's two ends are opened by two processes).
    const run = await runCli(['query', 'top-songs', '--format', 'csv', ...db, '--out', fifo]);
    if (run.code !== 0) reader.kill();
    await readerDone;
    expect(run.stderr).toBe(`wrote 4 row(s) to ${fifo}\n`);
    expect(run.code).toBe(0);
    expect(read).toMatch(/^rank,song,/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it.skipIf(!root)('writes into a device as it is, and a full one fails with one line, leaving nothing behind (needs root for mknod)', async () => {
    const nul = device('null', 1, 3);
    const full = device('full', 1, 7);
    if (!nul || !full) return;
    const ok = await cli(['query', 'top-songs', '--format', 'csv', ...db, '--out', nul]);
    expect(ok.code).toBe(0);
    expect(lstatSync(nul).isCharacterDevice()).toBe(true);
    for (const args of [['query', 'top-songs', '--format', 'csv'], ['report']]) {
      const failed = await cli([...args, ...db, '--out', full]);
      expect(failed.code).toBe(1);
      expect(failed.stderr.trim().split('\n').filter((l) => !l.startsWith('✓'))).toEqual([`sparkify: Disk full: --out ${full}: no space left on the device`]);
      expect(lstatSync(full).isCharacterDevice()).toBe(true);
    }
    expect(leftovers()).toEqual([]);
  });

  it.skipIf(!root)('stdout on a full device fails with one line and exit 1, not a stack trace (needs root for mknod)', async () => {
    const full = device('full2', 1, 7);
    if (!full) return;
    for (const args of [['sql', 'SELECT * FROM songplays', '--format', 'csv'], ['etl', '--yes', '--json']]) {
      const fd = openSync(full, 'w');
      const inputs = args[0] === 'etl' ? ['--song-data', join(t.dir, 'song_data'), '--log-data', join(t.dir, 'log_data'), '--log-jsonpath', join(t.dir, 'log_json_path.json')] : [];
      const { code, err } = await new Promise<{ code: number; err: string }>((resolve) => {
        let err = '';
        const child = spawn(process.execPath, [BIN, ...args, ...db, ...inputs], { stdio: ['ignore', fd, 'pipe'] });
        child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
        child.on('close', (c) => resolve({ code: c ?? -1, err }));
      });
      closeSync(fd);
      expect(err).toMatch(/^sparkify: Disk full: no space left on the device; the output on stdout is incomplete\n$/m);
      expect(err).not.toMatch(/\n\s+at /);
      expect(code).toBe(1);
    }
  });
});

describe('--out on a full disk', () => {
  const mount = join(t.dir, 'small');
  let unmount: (() => void) | undefined;
  beforeAll(() => {
    if (!root) return;
    mkdirSync(mount);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount], { stdio: 'ignore' });
      unmount = () => execFileSync('umount', ['-l', mount], { stdio: 'ignore' });
    } catch {
      unmount = undefined;
    }
  });
  afterAll(() => unmount?.());

  it('keeps the previous file whole when the new one does not fit (needs root to mount a tmpfs)', async () => {
    if (!unmount) return;
    const file = join(mount, 'report.md');
    writeFileSync(file, 'the previous report\n');
    const { bavail, bsize } = statfsSync(mount);
    writeFileSync(join(mount, 'filler'), Buffer.alloc(Math.max(0, bavail * bsize - 4096)));
    const report = await cli(['report', ...db, '--out', file]);
    expect(report.code).toBe(1);
    expect(report.stderr).toMatch(new RegExp(`^sparkify: Disk full: --out ${file}: no space left on the device; the previous file, if any, was kept$`, 'm'));
    expect(readFileSync(file, 'utf8')).toBe('the previous report\n');
    expect(readdirSync(mount).sort()).toEqual(['filler', 'report.md']);
  });
});
