/**
 * `npm run bench`: generates datasets, runs the full ETL on each engine in its own process, measures the
 * baselines on the same data in the same run, and writes BENCHMARKS.md. Figures are reported as ratios
 * against those baselines because the machines are shared and their absolute speed drifts.
 *
 * Options: --sizes S,L (default) | --xl (adds XL) | --pg-url URL (default SPARKIFY_BENCH_PG_URL or
 * SPARKIFY_TEST_PG_URL; without one, PostgreSQL is skipped) | --dir DIR (datasets; default .sparkify/bench)
 * | --out FILE (default BENCHMARKS.md) | --s3-objects N (small S3 objects to compact; default 100000, 0 skips).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDataset } from '../generate/generate.js';
import { loadConfig } from '../config/dwh-cfg.js';
import { openWarehouse } from '../warehouse/open.js';
import { classicInserts, parseOnly, psqlCopy, writeEventsCsv } from './baselines.js';
import type { ChildResult } from './etl-child.js';
import type { S3SmallFilesResult } from './s3-child.js';
import { renderReport, type BenchRun, type SizeReport } from './report.js';
import { measureStartup } from './startup.js';
import { benchIncremental } from './incremental.js';

export const SIZES: Record<string, { songs: number; events: number }> = {
  S: { songs: 15_000, events: 8_000 },
  L: { songs: 100_000, events: 1_000_000 },
  XL: { songs: 100_000, events: 10_000_000 },
};

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const CHILD = join(ROOT, 'dist', 'bench', 'etl-child.js');

interface Dataset {
  out: string;
  songData: string;
  logData: string;
  logJsonPath: string;
}

/** Datasets are kept between runs (keyed by size and seed): generating L takes longer than loading it. */
async function ensureDataset(dir: string, size: string): Promise<Dataset> {
  const spec = SIZES[size]!;
  const out = join(dir, `${size}-${spec.songs}-${spec.events}-seed7`);
  const d: Dataset = { out, songData: join(out, 'song_data'), logData: join(out, 'log_data'), logJsonPath: join(out, 'log_json_path.json') };
  const marker = join(d.out, '.complete');
  if (!existsSync(marker)) {
    rmSync(d.out, { recursive: true, force: true });
    const started = performance.now();
    process.stderr.write(`generating ${size} (${SIZES[size]!.songs} songs, ${SIZES[size]!.events} events)...\n`);
    await generateDataset({ out: d.out, ...SIZES[size]!, seed: 7 });
    writeFileSync(marker, `${((performance.now() - started) / 1000).toFixed(1)}\n`);
  }
  return d;
}

function runChild(spec: Record<string, string | undefined>): ChildResult {
  const result = spawnSync(process.execPath, [CHILD, JSON.stringify(spec)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as ChildResult;
  } catch {
    return { ok: false, error: `child failed: ${result.stderr.trim().slice(0, 300)}`, steps: [], totalSeconds: 0, peakRssMb: 0 };
  }
}

async function benchSize(size: string, dir: string, pgUrl: string | undefined): Promise<SizeReport> {
  const { out: _out, ...d } = await ensureDataset(dir, size);
  const runs: BenchRun[] = [];
  const dbDir = join(dir, `pglite-${size}`);
  rmSync(dbDir, { recursive: true, force: true });
  process.stderr.write(`${size}: embedded, new database...\n`);
  runs.push({ engine: 'embedded', label: 'embedded (new database)', result: runChild({ engine: 'embedded', dataDir: dbDir, ...d }) });
  process.stderr.write(`${size}: embedded, existing database...\n`);
  runs.push({ engine: 'embedded', label: 'embedded (existing database)', result: runChild({ engine: 'embedded', dataDir: dbDir, ...d }) });
  if (pgUrl) {
    process.stderr.write(`${size}: postgres...\n`);
    runs.push({ engine: 'postgres', label: 'postgres', result: runChild({ engine: 'postgres', url: pgUrl, ...d }) });
  }

  process.stderr.write(`${size}: incremental, embedded...\n`);
  const settle = (): void => {
    spawnSync('sync');
    if (pgUrl) spawnSync('psql', [pgUrl, '-qc', 'CHECKPOINT'], { stdio: 'ignore' });
  };
  const incremental = [benchIncremental('embedded', { dataDir: join(dir, `pglite-${size}-incremental`) }, d, join(dir, `${size}-incremental-input`), runChild, settle)];
  rmSync(join(dir, `pglite-${size}-incremental`), { recursive: true, force: true });
  if (pgUrl) {
    process.stderr.write(`${size}: incremental, postgres...\n`);
    incremental.push(benchIncremental('postgres', { url: pgUrl }, d, join(dir, `${size}-incremental-input`), runChild, settle));
  }

  process.stderr.write(`${size}: baselines...\n`);
  const report: SizeReport = { size, ...SIZES[size]!, runs, incremental, parseLogs: parseOnly([d.logData]), parseSongs: parseOnly([d.songData]) };
  const sample = 2000;
  const embeddedConfig = loadConfig('none.cfg', { env: {}, overrides: { engine: 'embedded', dataDir: dbDir } });
  const embedded = (await openWarehouse(embeddedConfig)).warehouse;
  try {
    report.classicEmbedded = await classicInserts(embedded, d.logData, d.logJsonPath, sample);
  } finally {
    await embedded.close();
  }
  rmSync(dbDir, { recursive: true, force: true });
  if (pgUrl) {
    const pg = (await openWarehouse(loadConfig('none.cfg', { env: {}, overrides: { engine: 'postgres', url: pgUrl } }))).warehouse;
    try {
      report.classicPostgres = await classicInserts(pg, d.logData, d.logJsonPath, sample);
    } finally {
      await pg.close();
    }
    const csv = join(dir, `${size}-events.csv`);
    report.csvRows = writeEventsCsv(d.logData, d.logJsonPath, csv);
    report.psqlCopy = psqlCopy(pgUrl, csv);
    rmSync(csv, { force: true });
  }
  return report;
}

/** The S3 small-objects scenario in its own process (see s3-child.ts); its objects are kept in `dir` between runs. */
function benchS3SmallFiles(objects: number, dir: string): S3SmallFilesResult {
  process.stderr.write(`S3: ${objects} small objects (the first run uploads them)...\n`);
  const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'bench', 's3-child.js'), JSON.stringify({ objects, dir })], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  try {
    return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as S3SmallFilesResult;
  } catch {
    return { ok: false, error: `child failed: ${result.stderr.trim().slice(0, 300)}`, objects: 0, bytes: 0, listSeconds: 0, compactSeconds: 0, objectsPerSecond: 0, parts: 0, peakRssMb: 0 };
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: 'S,L' },
      xl: { type: 'boolean', default: false },
      'pg-url': { type: 'string' },
      dir: { type: 'string', default: join(ROOT, '.sparkify', 'bench') },
      out: { type: 'string', default: join(ROOT, 'BENCHMARKS.md') },
      's3-objects': { type: 'string', default: '100000' },
    },
  });
  const sizes = values.sizes.split(',').map((s) => s.trim().toUpperCase());
  if (values.xl) sizes.push('XL');
  for (const s of sizes) if (!SIZES[s]) throw new Error(`unknown size ${s}: use ${Object.keys(SIZES).join(', ')}`);
  const pgUrl = values['pg-url'] ?? process.env.SPARKIFY_BENCH_PG_URL ?? process.env.SPARKIFY_TEST_PG_URL;
  mkdirSync(values.dir, { recursive: true });
  const reports: SizeReport[] = [];
  for (const size of sizes) reports.push(await benchSize(size, values.dir, pgUrl));
  const startup = measureStartup(ROOT, join(values.dir, 'pglite-startup'));
  const pgVersion = pgUrl ? execFileSync('psql', [pgUrl, '-tAc', 'SHOW server_version'], { encoding: 'utf8' }).trim() : undefined;
  const objects = Number(values['s3-objects']);
  const s3 = objects > 0 ? benchS3SmallFiles(objects, values.dir) : undefined;
  const markdown = renderReport({ reports, startup, pgVersion, date: new Date(), s3 });
  writeFileSync(values.out, markdown);
  process.stdout.write(markdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
