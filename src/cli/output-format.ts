import { extname } from 'node:path';
import { ConfigError } from '../errors.js';

/** What `query` and `sql --out` write: the table as on screen, or an export format. */
export const OUT_FORMATS = ['table', 'csv', 'json', 'markdown'] as const;
export type OutFormat = (typeof OUT_FORMATS)[number];

const EXTENSIONS: Record<string, OutFormat> = { '.csv': 'csv', '.json': 'json', '.md': 'markdown', '.markdown': 'markdown', '.txt': 'table' };

/**
 * The format asked for: --format when given (checked), else JSON under --json, else the --out file's extension
 * (CSV when it names none), else the table.
 */
export function outFormat(flags: { format?: string; out?: string }, json: boolean): OutFormat {
  if (flags.format !== undefined) {
    const format = flags.format as OutFormat;
    if (!OUT_FORMATS.includes(format)) throw new ConfigError(`--format ${flags.format}: use one of ${OUT_FORMATS.join(', ')}`);
    return format;
  }
  if (json) return 'json';
  if (flags.out) return EXTENSIONS[extname(flags.out).toLowerCase()] ?? 'csv';
  return 'table';
}
