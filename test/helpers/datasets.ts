import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { generateDataset } from '../../src/generate/generate.js';
import { tempDir } from './paths.js';

export interface DatasetPaths {
  songData: string;
  logData: string;
  logJsonPath: string;
}

/**
 * Generated datasets in the real formats for one test file, made before its tests and removed after them:
 * `sizes` maps a name to its songs, events and seed. `flags(name)` are the etl flags that read one.
 */
export function useDatasets(prefix: string, sizes: Record<string, { songs: number; events: number; seed: number }>) {
  const data = tempDir(prefix);
  beforeAll(async () => {
    for (const [name, size] of Object.entries(sizes)) await generateDataset({ out: join(data.dir, name), ...size });
  });
  afterAll(() => data.cleanup());
  const paths = (name: string): DatasetPaths => ({
    songData: join(data.dir, name, 'song_data'),
    logData: join(data.dir, name, 'log_data'),
    logJsonPath: join(data.dir, name, 'log_json_path.json'),
  });
  const flags = (name: string): string[] => {
    const p = paths(name);
    return ['--song-data', p.songData, '--log-data', p.logData, '--log-jsonpath', p.logJsonPath];
  };
  return { paths, flags, dir: data.dir };
}
