/**
 * The incremental scenario: a warehouse holding all but the last day of a dataset's logs gets that day (about a
 * thirtieth of the events) through an incremental run, and the same engine then reloads everything with a full
 * load; the incremental run's time is reported against the full load's, both measured in this run. The input
 * folder links to the dataset's files (nothing is copied): song_data as a whole, the log files one by one.
 */
import { mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildResult } from './etl-child.js';

export interface IncrementalFigures {
  engine: 'embedded' | 'postgres';
  newEvents: number;
  /** The run that loaded all but the last day (setting up the warehouse). */
  setup: ChildResult;
  incremental: ChildResult;
  full: ChildResult;
}

export interface IncrementalInput {
  songData: string;
  logData: string;
  logJsonPath: string;
}

type Run = (spec: Record<string, string | undefined>) => ChildResult;

/**
 * @param settle runs before each timed run: the previous load's writes are flushed first (the OS's dirty pages, the
 *   server's checkpoint), so that a run does not pay for the one before it.
 */
export function benchIncremental(engine: 'embedded' | 'postgres', target: Record<string, string>, d: IncrementalInput, work: string, run: Run, settle: () => void): IncrementalFigures {
  rmSync(work, { recursive: true, force: true });
  const logs = join(work, 'log_data');
  mkdirSync(logs, { recursive: true });
  symlinkSync(d.songData, join(work, 'song_data'));
  const days = readdirSync(join(d.logData, '2018', '11')).sort();
  const link = (name: string): void => symlinkSync(join(d.logData, '2018', '11', name), join(logs, name));
  for (const day of days.slice(0, -1)) link(day);
  const spec = { engine, ...target, songData: join(work, 'song_data'), logData: logs, logJsonPath: d.logJsonPath };
  const setup = run({ ...spec, mode: 'full' });
  link(days.at(-1)!);
  settle();
  const incremental = run({ ...spec, mode: 'incremental' });
  settle();
  const full = run({ ...spec, mode: 'full' });
  rmSync(work, { recursive: true, force: true });
  const staged = incremental.steps.find((s) => s.id === 'stage-events')?.rows ?? 0;
  return { engine, newEvents: staged, setup, incremental, full };
}

const s = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const n = (x: number): string => Math.round(x).toLocaleString('en-US');

/** The report's section: one row per engine, and the incremental run's steps. */
export function incrementalSection(size: string, figures: readonly IncrementalFigures[]): string[] {
  if (figures.length === 0) return [];
  const out = [
    `### Incremental: one new day of logs into a warehouse holding size ${size}`,
    '',
    'The warehouse holds every day but the last (a full load); the last day arrives and `etl --incremental` stages',
    'only that file and merges it into the star; then `etl --full-refresh` reloads everything, on the same engine.',
    '',
    '| engine | new events | incremental run | full load | incremental / full |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const f of figures) {
    if (!f.setup.ok || !f.incremental.ok || !f.full.ok) {
      out.push(`| ${f.engine} | failed: ${f.setup.error ?? f.incremental.error ?? f.full.error ?? 'no result'} | | | |`);
      continue;
    }
    out.push(`| ${f.engine} | ${n(f.newEvents)} | ${s(f.incremental.totalSeconds)} s | ${s(f.full.totalSeconds)} s | **${((100 * f.incremental.totalSeconds) / f.full.totalSeconds).toFixed(1)}%** |`);
  }
  out.push('');
  for (const f of figures.filter((x) => x.incremental.ok)) {
    out.push(`The incremental run's steps (${f.engine}): ${f.incremental.steps.map((st) => `${st.id} ${s(st.seconds)} s`).join(', ')}.`, '');
  }
  return out;
}
