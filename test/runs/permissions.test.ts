import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { embeddedDataDir } from '../helpers/engines.js';
import { BIN, tempDir } from '../helpers/paths.js';
import { writeFixture } from '../tui/helpers/fixture.js';

// As root, permissions do not bite: these cases run the real CLI as the unprivileged user "nobody" on folders
// this test makes and owns. Where the machine does not run tests as root, they are skipped.
const NOBODY = 65534;
const probe = process.getuid?.() === 0 ? spawnSync(process.execPath, [BIN, '--help'], { uid: NOBODY, gid: NOBODY, encoding: 'utf8' }) : undefined;
const canRun = probe?.status === 0;
const why = process.getuid?.() !== 0 ? 'needs root to run the CLI as another user' : 'the user nobody cannot run the CLI here';

const t = tempDir('sparkify-perms-');
const cleanups: (() => void)[] = [t.cleanup];
afterAll(() => {
  for (const c of cleanups) c();
});

function chownTree(path: string): void {
  chownSync(path, NOBODY, NOBODY);
  for (const e of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    if (e.isDirectory()) chownTree(p);
    else chownSync(p, NOBODY, NOBODY);
  }
}

/** A folder of nobody's with the fixture's input and a copy of the empty embedded database. */
function workspace(name: string) {
  const dir = join(t.dir, name);
  mkdirSync(dir, { recursive: true });
  const input = writeFixture(dir);
  const db = embeddedDataDir();
  cleanups.push(db.cleanup);
  const dataDir = join(dir, 'db');
  if (existsSync(db.dir)) cpSync(db.dir, dataDir, { recursive: true });
  chmodSync(t.dir, 0o755);
  chownTree(dir);
  return { dir, dataDir, ...input };
}

function asNobody(cwd: string, args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    uid: NOBODY,
    gid: NOBODY,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: cwd, NO_COLOR: '1', SPARKIFY_CACHE_DIR: 'off' },
    timeout: 120_000,
  });
  const all = `${run.stdout}${run.stderr}`;
  expect(all).not.toMatch(/Unexpected error|\[object Object\]|\n\s+at /);
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const etl = (w: ReturnType<typeof workspace>, extra: string[] = []) => [
  'etl', '--yes', '--engine', 'embedded', '--data-dir', w.dataDir, '--song-data', w.songData, '--log-data', w.logData, '--log-jsonpath', w.logJsonPath, ...extra,
];

describe.skipIf(!canRun)(`files and folders the user may not read or write (${canRun ? 'as nobody' : why})`, () => {
  it('an unreadable input folder, or a folder inside it, is one line naming it (exit 2)', () => {
    const w = workspace('folder');
    chmodSync(w.logData, 0o000);
    let run = asNobody(w.dir, etl(w));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--log-data = ${w.logData}: the folder cannot be read: permission denied (EACCES)`);
    chmodSync(w.logData, 0o755);
    const inner = join(w.logData, 'locked');
    mkdirSync(inner);
    writeFileSync(join(inner, 'x.json'), '{}\n');
    chownTree(inner);
    chmodSync(inner, 0o000);
    run = asNobody(w.dir, etl(w));
    // Found by the input check or by the reader (whichever meets it first, in the folder's order): exit 2 either way.
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${inner} cannot be read: permission denied (EACCES)`);
  });

  it('an unreadable file stops the load naming it, or is one rejected record under --max-errors', () => {
    const w = workspace('file');
    const file = join(w.logData, '2018-11-02-events.json');
    cpSync(join(w.logData, '2018-11-01-events.json'), file);
    chownSync(file, NOBODY, NOBODY);
    chmodSync(file, 0o000);
    let run = asNobody(w.dir, etl(w));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Bad input record: \S+\.json:1: the file cannot be read from here on: permission denied/);
    run = asNobody(w.dir, etl(w, ['--max-errors', '1']));
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/rejected: \S+\.json:1: the file cannot be read from here on: permission denied/);
  });

  it('a DATA_DIR or an --out file where the user may not write is one line', () => {
    const w = workspace('write');
    const locked = join(w.dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    let run = asNobody(w.dir, ['status', '--engine', 'embedded', '--data-dir', join(locked, 'db')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`sparkify: Cannot create the embedded database: ${join(locked, 'db')}: permission denied (EACCES)\n`);
    expect(asNobody(w.dir, etl(w)).code).toBe(0);
    run = asNobody(w.dir, ['query', 'top-songs', '--engine', 'embedded', '--data-dir', w.dataDir, '--format', 'csv', '--out', join(locked, 'top.csv')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`sparkify: Cannot write: --out ${join(locked, 'top.csv')}: permission denied (EACCES); the previous file, if any, was kept\n`);
  });
});
