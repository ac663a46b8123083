import { ConfigError } from '../errors.js';

/** One `KEY = value` setting with where it was written, so errors can point at the line. */
export interface IniEntry {
  value: string;
  line: number;
}

/** Sections by upper-cased name, keys upper-cased, as Python's configparser treats them case-insensitively. */
export type IniSections = Map<string, Map<string, IniEntry>>;

/**
 * Parses the INI dialect of Python's configparser (defaults), which is what dwh.cfg files in the wild are
 * written for: `=` or `:` as delimiter, whole-line `#`/`;` comments only (a `#` inside a value is part of it,
 * which matters for passwords), indented continuation lines, case-insensitive keys. One pair of matching
 * surrounding quotes is removed, because the classic project quoted S3 paths for pasting into SQL.
 * Interpolation (`%(name)s`) is not performed: values are taken literally.
 */
export function parseIni(text: string, file: string): IniSections {
  return parseIniFile(text, file).sections;
}

/** A parsed file: its sections, and the line each section's header is on (for messages about a whole section). */
export interface IniFile {
  sections: IniSections;
  headers: Map<string, number>;
}

/** parseIni, keeping where each section starts. */
export function parseIniFile(text: string, file: string): IniFile {
  const sections: IniSections = new Map();
  // Where each section began, for the error on a duplicate (configparser refuses duplicates too).
  const headers = new Map<string, number>();
  let current: Map<string, IniEntry> | undefined;
  let last: IniEntry | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = iniLine(raw);
    if (line.kind === 'blank') last = undefined;
    if (line.kind === 'blank' || line.kind === 'comment') return;
    if (line.indented && last) {
      last.value = `${last.value}\n${line.text}`;
      return;
    }
    if (line.kind === 'header') {
      const before = headers.get(line.name);
      if (before !== undefined) throw new ConfigError(`${file}:${lineNo}: section [${line.name}] is already defined at line ${before}; merge the two`);
      headers.set(line.name, lineNo);
      current = new Map<string, IniEntry>();
      sections.set(line.name, current);
      last = undefined;
      return;
    }
    if (line.kind === 'bad') {
      // Never echoed: a line that is not a setting may well be a value, a password put on the line after its key.
      const afterEmptyKey = last !== undefined && last.value.trim() === '' && last.line === lineNo - 1;
      throw new ConfigError(
        `${file}:${lineNo}: expected "KEY = value" or "[SECTION]" (the line is not shown: it may hold a secret)` +
          (afterEmptyKey ? '; a value goes on the same line as its key, after the =' : ''),
      );
    }
    if (!current) {
      throw new ConfigError(`${file}:${lineNo}: setting "${line.key}" comes before any [SECTION] header`);
    }
    const key = line.key.toUpperCase();
    const earlier = current.get(key);
    if (earlier) throw new ConfigError(`${file}:${lineNo}: ${key} is already set at line ${earlier.line} of this section; keep one`);
    last = { value: line.value, line: lineNo };
    current.set(key, last);
  });
  for (const section of sections.values()) {
    for (const entry of section.values()) entry.value = unquote(entry.value.trim());
  }
  return { sections, headers };
}

/** One line of an INI file as configparser reads it; `text` is the line without surrounding white space. */
type IniLine = { text: string; indented: boolean } & (
  | { kind: 'blank' }
  | { kind: 'comment' }
  | { kind: 'bad' }
  | { kind: 'header'; name: string }
  | { kind: 'setting'; key: string; delimiter: string; value: string }
);

function iniLine(raw: string): IniLine {
  const text = raw.trim();
  const indented = /^\s/.test(raw);
  if (text === '') return { kind: 'blank', text, indented };
  if (text.startsWith('#') || text.startsWith(';')) return { kind: 'comment', text, indented };
  const header = /^\[([^\]]+)\]$/.exec(text);
  if (header) return { kind: 'header', name: header[1]!.trim().toUpperCase(), text, indented };
  const setting = /^([^=:]+?)(\s*[=:]\s*)(.*)$/.exec(text);
  if (setting) return { kind: 'setting', key: setting[1]!, delimiter: setting[2]!, value: setting[3]!, text, indented };
  return { kind: 'bad', text, indented };
}

/**
 * Sets `KEY = value` settings of one section in the text of an INI file and changes nothing else: comments,
 * blank lines, other sections, the key's own spelling and delimiter, and the line endings stay as they were.
 * A missing key is added after the section's last setting; a missing section is appended at the end.
 */
export function setIniValues(text: string, section: string, values: Readonly<Record<string, string>>): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text === '' ? [] : text.split(/\r?\n/);
  const wanted = new Map(Object.entries(values).map(([k, v]) => [k.toUpperCase(), v]));
  const isContinuation = (raw: string | undefined): boolean => {
    const line = raw === undefined ? undefined : iniLine(raw);
    return line !== undefined && line.indented && line.kind !== 'blank' && line.kind !== 'comment';
  };
  let inSection = false;
  let found = false;
  let lastSetting = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = iniLine(lines[i]!);
    if (line.kind === 'header') {
      inSection = line.name === section.toUpperCase();
      if (inSection) [found, lastSetting] = [true, i];
      continue;
    }
    if (!inSection || line.kind === 'blank' || line.kind === 'comment') continue;
    lastSetting = i;
    if (line.kind !== 'setting' || line.indented) continue;
    const key = line.key.toUpperCase();
    const value = wanted.get(key);
    if (value === undefined) continue;
    // `HOST =` (empty) becomes `HOST = value`, keeping the file's spacing style.
    const delimiter = /^\s/.test(line.delimiter) && !/\s$/.test(line.delimiter) ? `${line.delimiter} ` : line.delimiter;
    lines[i] = `${line.key}${delimiter}${value}`;
    wanted.delete(key);
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

function unquote(value: string): string {
  if (value.length >= 2) {
    const first = value[0];
    if ((first === "'" || first === '"') && value.endsWith(first)) return value.slice(1, -1);
  }
  return value;
}
