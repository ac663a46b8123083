import { cpus, totalmem } from 'node:os';
import type { ChildResult, ChildStep } from './etl-child.js';
import type { S3SmallFilesResult } from './s3-child.js';
import type { StartupFigure } from './startup.js';
import { incrementalSection, type IncrementalFigures } from './incremental.js';

/** Objects under the classic song-data prefix (s3://udacity-dend/song_data), and a direct COPY's published time. */
export const CLASSIC_SONG_OBJECTS = 385_252;
export const DIRECT_COPY_MINUTES = 60;

export interface BenchRun {
  engine: 'embedded' | 'postgres';
  label: string;
  result: ChildResult;
}

export interface Timed {
  rows?: number;
  records?: number;
  seconds: number;
}

export interface SizeReport {
  size: string;
  songs: number;
  events: number;
  runs: BenchRun[];
  /** The incremental scenario, per engine. */
  incremental?: IncrementalFigures[];
  parseLogs: { records: number; seconds: number };
  parseSongs: { records: number; seconds: number };
  classicEmbedded?: { rows: number; seconds: number };
  classicPostgres?: { rows: number; seconds: number };
  csvRows?: number;
  psqlCopy?: { seconds: number };
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const s = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const ratio = (x: number): string => (x >= 100 ? `${n(x)}x` : `${x.toFixed(2)}x`);

function step(run: BenchRun, id: string): ChildStep | undefined {
  return run.result.steps.find((st) => st.id === id);
}

function runTable(run: BenchRun): string[] {
  if (!run.result.ok) return [`**${run.label}: failed** — ${run.result.error ?? 'no result'}`, ''];
  const lines = [`**${run.label}** — total ${s(run.result.totalSeconds)} s, peak RSS ${n(run.result.peakRssMb)} MB`, '', '| step | rows | seconds | rows/s | peak RSS (MB) |', '|---|---:|---:|---:|---:|'];
  for (const st of run.result.steps) {
    const rate = st.rows > 0 && st.seconds > 0 ? n(st.rows / st.seconds) : '';
    lines.push(`| ${st.id} | ${st.rows > 0 ? n(st.rows) : ''} | ${s(st.seconds)} | ${rate} | ${n(st.peakRssMb)} |`);
  }
  return [...lines, ''];
}

function ratios(r: SizeReport): string[] {
  const lines = ['| figure | value |', '|---|---:|'];
  lines.push(`| limit: JSON.parse of the logs alone | ${n(r.parseLogs.records / r.parseLogs.seconds)} records/s (${s(r.parseLogs.seconds)} s) |`);
  lines.push(`| limit: JSON.parse of the song files alone | ${n(r.parseSongs.records / r.parseSongs.seconds)} records/s (${s(r.parseSongs.seconds)} s) |`);
  if (r.psqlCopy && r.csvRows) lines.push(`| limit: psql \\copy of the events pre-written as CSV | ${n(r.csvRows / r.psqlCopy.seconds)} rows/s (${s(r.psqlCopy.seconds)} s) |`);
  for (const [label, c] of [['embedded', r.classicEmbedded], ['postgres', r.classicPostgres]] as const) {
    if (c) lines.push(`| classic: one INSERT per row, ${label} (${n(c.rows)}-row sample, extrapolated) | ${n(c.rows / c.seconds)} rows/s |`);
  }
  for (const run of r.runs) {
    const events = step(run, 'stage-events');
    if (!run.result.ok || !events || events.seconds <= 0) continue;
    const classic = ({ embedded: r.classicEmbedded, postgres: r.classicPostgres } as Record<string, typeof r.classicEmbedded>)[run.engine];
    const rate = events.rows / events.seconds;
    if (classic) lines.push(`| ${run.label}: stage-events vs classic INSERTs | **${ratio(rate / (classic.rows / classic.seconds))} faster** |`);
    // psql's \copy ran against the PostgreSQL server: the limit of that engine's run.
    const psqlCopy = ({ postgres: r.psqlCopy } as Record<string, typeof r.psqlCopy>)[run.engine];
    if (psqlCopy) {
      const limit = r.parseLogs.seconds + psqlCopy.seconds;
      lines.push(`| ${run.label}: stage-events time / (parse + \\copy) time | **${ratio(events.seconds / limit)}** (${s(events.seconds)} s vs ${s(limit)} s) |`);
    }
    const etl = run.result.steps.filter((st) => st.id !== 'connect').reduce((a, st) => a + st.seconds, 0);
    lines.push(`| ${run.label}: whole ETL without connect | ${s(etl)} s |`);
  }
  return [...lines, ''];
}

export function renderReport(input: { reports: SizeReport[]; startup: StartupFigure[]; pgVersion?: string; date: Date; s3?: S3SmallFilesResult }): string {
  const cpu = cpus();
  const out = [
    '# Benchmarks',
    '',
    `Measured ${input.date.toISOString()} by \`npm run bench\` on ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${n(totalmem() / 1024 ** 3)} GiB RAM,`,
    `Node ${process.version}${input.pgVersion ? `, PostgreSQL ${input.pgVersion}` : ''}. The machine is shared and noisy: read the ratios, which`,
    'compare figures taken in the same run, rather than the absolute times. Each ETL runs in its own process; peak RSS',
    "is that process's (for embedded it includes PGlite's WebAssembly heap in the worker thread).",
    '',
  ];
  for (const r of input.reports) {
    out.push(`## Size ${r.size}: ${n(r.songs)} song files, ${n(r.events)} events`, '');
    for (const run of r.runs) out.push(...runTable(run));
    out.push('### Against the baselines', '', ...ratios(r));
    out.push(...incrementalSection(r.size, r.incremental ?? []));
  }
  if (input.s3) out.push(...s3Section(input.s3));
  out.push('## Start-up', '', '| command | median | vs bare `node -e 0` |', '|---|---:|---:|');
  for (const f of input.startup) out.push(`| \`${f.command}\` | ${s(f.medianSeconds)} s | ${f.ratioToNode.toFixed(2)}x |`);
  out.push('');
  return out.join('\n');
}

/** The compaction of S3 input of many small objects, and what it means for the classic song-data prefix. */
export function s3Section(r: S3SmallFilesResult): string[] {
  const head = ['## S3 input of many small objects (Redshift engine)', ''];
  if (!r.ok) return [...head, `Not measured: ${r.error ?? 'the run failed'}.`, ''];
  // A run lists the prefix once (to decide, and to size the parts), then compacts it (which lists it again as it reads).
  const minutes = (CLASSIC_SONG_OBJECTS * (r.listSeconds + r.compactSeconds)) / r.objects / 60;
  return [
    ...head,
    `${n(r.objects)} song files of ${n(r.bytes / r.objects)} bytes on average in a local S3-compatible server (s3rver on loopback, one Node`,
    'process on the same cores as the reader). A Redshift run whose input prefix holds more than `[S3] COMPACT_OVER`',
    'objects lists them, reads them here (a bounded number ahead), writes gzip parts and a manifest and uploads them, so',
    'the cluster opens a few parts instead of every object.',
    '',
    '| phase | seconds | objects/s | peak RSS (MB) |',
    '|---|---:|---:|---:|',
    `| listing (the run's first look, which also sizes the parts) | ${s(r.listSeconds)} | ${n(r.objects / r.listSeconds)} | |`,
    `| compaction (list, read, gzip ${r.parts} part(s), upload) | ${s(r.compactSeconds)} | ${n(r.objectsPerSecond)} | ${n(r.peakRssMb)} |`,
    '',
    `At this rate (both rows) the ${n(CLASSIC_SONG_OBJECTS)} objects of \`s3://udacity-dend/song_data\` take about ${minutes.toFixed(0)} minutes to compact,`,
    `against about ${DIRECT_COPY_MINUTES} minutes that a direct COPY of that prefix takes on 4 × dc2.large in published write-ups`,
    `(${(DIRECT_COPY_MINUTES / minutes).toFixed(1)}x); the COPY of the parts then takes seconds. Against real S3 each GET waits tens of`,
    'milliseconds rather than the local server\'s disk; with 32 objects in flight that bounds the rate at roughly 1,000-1,600',
    'objects/s, and S3 lists 1,000 keys a request where the local server walks its folders; memory stays as above (bounded',
    'by the objects in flight and one part being written).',
    '',
  ];
}
