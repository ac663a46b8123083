import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';

/**
 * Sets `KEY = value` settings of one section in the text of an INI file and changes nothing else: comments,
 * blank lines, other sections, the key's own spelling and delimiter, and the line endings stay as they were.
 * A missing key is added after the section's last setting; a missing section is appended at the end.
 */
export function setIniValues(text: string, section: string, values: Readonly<Record<string, string>>): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text === '' ? [] : text.split(/\r?\n/);
  const wanted = new Map(Object.entries(values).map(([k, v]) => [k.toUpperCase(), v]));
  const isContinuation = (line: string | undefined): boolean => line !== undefined && /^\s+[^\s#;]/.test(line);
  let inSection = false;
  let found = false;
  let lastSetting = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      inSection = header[1]!.trim().toUpperCase() === section.toUpperCase();
      if (inSection) [found, lastSetting] = [true, i];
      continue;
    }
    if (!inSection || /^\s*([#;]|$)/.test(line)) continue;
    lastSetting = i;
    const m = /^([^\s=:][^=:]*?)(\s*[=:]\s*)(.*)$/.exec(line);
    const key = m?.[1]?.trim().toUpperCase();
    const value = key === undefined ? undefined : wanted.get(key);
    if (value === undefined) continue;
    // `HOST =` (empty) becomes `HOST = value`, keeping the file's spacing style.
    const delimiter = /^\s/.test(m![2]!) && !/\s$/.test(m![2]!) ? `${m![2]} ` : m![2]!;
    lines[i] = `${m![1]}${delimiter}${value}`;
    wanted.delete(key!);
    // The old value's continuation lines go with it.
    while (isContinuation(lines[i + 1])) lines.splice(i + 1, 1);
  }
  const added = [...wanted].map(([k, v]) => `${k} = ${v}`);
  if (added.length > 0 && found) lines.splice(lastSetting + 1, 0, ...added);
  else if (added.length > 0) {
    const endsWithNewline = lines.length > 0 && lines[lines.length - 1] === '';
    if (endsWithNewline) lines.pop();
    if (lines.length > 0 && lines[lines.length - 1]!.trim() !== '') lines.push('');
    lines.push(`[${section}]`, ...added, '');
  }
  return lines.join(eol);
}

/**
 * Writes the cluster's endpoint into the file's [CLUSTER] section (HOST and DB_PORT), so the redshift engine
 * connects there next. The file is replaced atomically (a crash leaves the old or the new file, never half of
 * one) and keeps its permissions.
 */
export function writeEndpoint(path: string, endpoint: { host: string; port: number }): void {
  let text = '';
  let mode: number | undefined;
  try {
    text = readFileSync(path, 'utf8');
    mode = statSync(path).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError(`cannot read ${path} to write the cluster endpoint: ${(error as Error).message}`, { cause: error });
    }
  }
  const updated = setIniValues(text, 'CLUSTER', { HOST: endpoint.host, DB_PORT: String(endpoint.port) });
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, updated, { mode: mode ?? 0o644 });
    renameSync(temp, path);
  } catch (error) {
    throw new ConfigError(`cannot write the cluster endpoint into ${path}: ${(error as Error).message}`, { cause: error });
  }
}
