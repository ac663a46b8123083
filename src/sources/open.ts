import { readFileSync } from 'node:fs';
import type { DwhConfig } from '../config/dwh-cfg.js';
import { ConfigError } from '../errors.js';
import { LocalSource } from './local.js';
import type { RecordSource } from './source.js';

export function isS3Url(location: string): boolean {
  return /^s3:\/\//i.test(location);
}

/** The source for a location: a local folder or file, or (for every engine) an s3:// prefix. */
export async function openSource(location: string, config: DwhConfig): Promise<RecordSource> {
  if (isS3Url(location)) {
    const { S3Source } = await import('./s3.js');
    return new S3Source(location, config);
  }
  void config;
  return new LocalSource(location);
}

/** Reads a small text file (a jsonpaths file) from a local path or S3. */
export async function readText(location: string, config: DwhConfig, setting: string): Promise<string> {
  if (isS3Url(location)) {
    const { readS3Text } = await import('./s3.js');
    return readS3Text(location, config);
  }
  try {
    return readFileSync(location, 'utf8');
  } catch {
    throw new ConfigError(`${setting} = ${location}: file not found`);
  }
}
