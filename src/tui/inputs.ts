import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isUrl, type DwhConfig } from '../config/dwh-cfg.js';
import { isJsonFile } from '../sources/source.js';
import type { InputOverrides } from './workspace.js';

export interface InputStatus {
  label: 'songs' | 'events';
  location: string;
  /** `remote`: an s3:// prefix, not looked into before the ETL reads it. */
  state: 'ok' | 'missing' | 'empty' | 'remote';
  files: number;
}

/** The sample sizes offered when there is no input yet. */
export const SAMPLE_SIZES = [
  { id: 'small', songs: 200, events: 5_000 },
  { id: 'medium', songs: 2_000, events: 50_000 },
  { id: 'large', songs: 10_000, events: 1_000_000 },
] as const;

export type SampleSize = (typeof SAMPLE_SIZES)[number];

/** Looks at the configured song and log locations: missing, holding no JSON file, or ready. */
export function checkInputs(config: DwhConfig): InputStatus[] {
  return [
    check('songs', config.s3.songData),
    check('events', config.s3.logData),
  ];
}

export function inputsReady(statuses: readonly InputStatus[]): boolean {
  return statuses.every((s) => s.state === 'ok' || s.state === 'remote');
}

function check(label: InputStatus['label'], location: string): InputStatus {
  if (isUrl(location)) return { label, location, state: 'remote', files: 0 };
  if (!existsSync(location)) return { label, location, state: 'missing', files: 0 };
  const files = countJsonFiles(location);
  return { label, location, state: files > 0 ? 'ok' : 'empty', files };
}

function countJsonFiles(path: string): number {
  if (statSync(path).isFile()) return isJsonFile(path) ? 1 : 0;
  let n = 0;
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) if (entry.isFile() && isJsonFile(entry.name)) n++;
  return n;
}

/**
 * Where a generated sample goes: always a folder that does not exist yet or is empty, never one that holds files
 * (the user's data). The generator writes song_data/, log_data/ and log_json_path.json into one folder: when
 * dwh.cfg names such a layout (the shipped one does: ./data) and that folder is free, there, so the file needs no
 * edit. Otherwise the first free one of ./data, ./data-2, ... next to dwh.cfg, which the session then reads from.
 */
export function sampleTarget(config: DwhConfig): { out: string; overrides?: InputOverrides } {
  const { songData, logData, logJsonPath } = config.s3;
  const parent = dirname(songData);
  const fits =
    !isUrl(songData) && basename(songData) === 'song_data' && basename(logData) === 'log_data' && dirname(logData) === parent && isFree(parent);
  const out = fits ? parent : freeFolder(join(dirname(config.path), 'data'));
  const jsonPaths = join(out, 'log_json_path.json');
  const keepsJsonPath = /^auto/.test(logJsonPath) || logJsonPath === jsonPaths;
  if (fits && keepsJsonPath) return { out };
  return {
    out,
    overrides: {
      songData: join(out, 'song_data'),
      logData: join(out, 'log_data'),
      logJsonPath: /^auto/.test(logJsonPath) ? logJsonPath : jsonPaths,
    },
  };
}

/** A folder that does not exist, or exists and is empty. */
export function isFree(folder: string): boolean {
  try {
    return readdirSync(folder).length === 0;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

function freeFolder(base: string): string {
  for (let n = 1; ; n++) {
    const folder = n === 1 ? base : `${base}-${n}`;
    if (isFree(folder)) return folder;
  }
}
