/**
 * The two reference points every benchmark figure is compared with, measured on the same data in the same run:
 * (a) the classic approach, one parameterized INSERT per row, and (b) the limit, parsing the JSON with nothing
 * else plus psql's \copy of the same rows pre-written as CSV.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { rowEncoder } from '../etl/csv-row.js';
import { compileMapping, parseJsonPaths } from '../etl/json-mapping.js';
import { LocalSource } from '../sources/local.js';
import { STAGING_EVENTS } from '../sql/tables.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/** The input files under a folder, as the loader lists them. */
function jsonFiles(dir: string): string[] {
  return new LocalSource(dir).files();
}

/** Limit (b), first half: read and JSON.parse every line of every file, nothing else. */
export function parseOnly(dirs: string[]): { records: number; seconds: number } {
  const started = performance.now();
  let records = 0;
  for (const dir of dirs) {
    for (const file of jsonFiles(dir)) {
      const text = readFileSync(file, 'utf8');
      // One object per line (logs), or one object per file, possibly pretty-printed (songs).
      const lines = text.split('\n');
      if (lines.length > 1 && lines[0]!.trim().endsWith('}')) {
        for (const line of lines) if (line.trim()) records += JSON.parse(line) ? 1 : 0;
      } else if (text.trim()) records += JSON.parse(text) ? 1 : 0;
    }
  }
  return { records, seconds: (performance.now() - started) / 1000 };
}

/** The staging_events rows of a log folder as CSV, the input of psql's \copy. Returns the row count. */
export function writeEventsCsv(logDir: string, jsonPathsFile: string, out: string): number {
  const pick = compileMapping(parseJsonPaths(readFileSync(jsonPathsFile, 'utf8'), jsonPathsFile), STAGING_EVENTS.columns, STAGING_EVENTS.name);
  const encode = rowEncoder(STAGING_EVENTS.columns);
  const fd = openSync(out, 'w');
  let rows = 0;
  try {
    for (const file of jsonFiles(logDir)) {
      let chunk = '';
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const csv = encode(pick(JSON.parse(line) as Record<string, unknown>));
        if (typeof csv === 'string') {
          chunk += csv;
          rows++;
        }
      }
      writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
  return rows;
}

/** Limit (b), second half: psql's \copy of the pre-written CSV into an emptied staging_events. */
export function psqlCopy(url: string, csvFile: string): { seconds: number } {
  const truncate = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', 'TRUNCATE staging_events'], { encoding: 'utf8' });
  if (truncate.status !== 0) throw new Error(`psql: ${truncate.stderr.trim()}`);
  const started = performance.now();
  const copy = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy staging_events FROM '${csvFile}' WITH (FORMAT csv)`], {
    encoding: 'utf8',
  });
  if (copy.status !== 0) throw new Error(`psql \\copy: ${copy.stderr.trim()}`);
  return { seconds: (performance.now() - started) / 1000 };
}

/**
 * Baseline (a): the classic per-row INSERT, on the first `sample` rows of the CSV's source records,
 * timed and extrapolated to rows per second.
 */
export async function classicInserts(warehouse: Pick<Warehouse, 'query'>, logDir: string, jsonPathsFile: string, sample: number): Promise<{ rows: number; seconds: number }> {
  const pick = compileMapping(parseJsonPaths(readFileSync(jsonPathsFile, 'utf8'), jsonPathsFile), STAGING_EVENTS.columns, STAGING_EVENTS.name);
  const columns = STAGING_EVENTS.columns.map((c) => c.name);
  const sql = `INSERT INTO staging_events (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`;
  const tsIndex = columns.indexOf('ts');
  await warehouse.query('TRUNCATE staging_events');
  let rows = 0;
  const started = performance.now();
  outer: for (const file of jsonFiles(logDir)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const values = pick(JSON.parse(line) as Record<string, unknown>).map((v) => (v === undefined ? null : v));
      const ts = values[tsIndex];
      values[tsIndex] = typeof ts === 'number' ? new Date(ts).toISOString() : (ts ?? null);
      await warehouse.query(sql, values);
      if (++rows >= sample) break outer;
    }
  }
  return { rows, seconds: (performance.now() - started) / 1000 };
}
