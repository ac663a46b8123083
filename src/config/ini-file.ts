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
  const sections: IniSections = new Map();
  let current: Map<string, IniEntry> | undefined;
  let last: IniEntry | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      if (trimmed === '') last = undefined;
      return;
    }
    if (/^\s/.test(raw) && last) {
      last.value = `${last.value}\n${trimmed}`;
      return;
    }
    const header = /^\[([^\]]+)\]$/.exec(trimmed);
    if (header) {
      const name = header[1]!.trim().toUpperCase();
      current = sections.get(name) ?? new Map<string, IniEntry>();
      sections.set(name, current);
      last = undefined;
      return;
    }
    const match = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (!match) {
      throw new ConfigError(`${file}:${lineNo}: expected "KEY = value" or "[SECTION]", found "${shown(trimmed)}"`);
    }
    if (!current) {
      throw new ConfigError(`${file}:${lineNo}: setting "${match[1]}" comes before any [SECTION] header`);
    }
    const key = match[1]!.trim().toUpperCase();
    last = { value: match[2] ?? '', line: lineNo };
    current.set(key, last);
  });
  for (const section of sections.values()) {
    for (const entry of section.values()) entry.value = unquote(entry.value.trim());
  }
  return sections;
}

function unquote(value: string): string {
  if (value.length >= 2) {
    const first = value[0];
    if ((first === "'" || first === '"') && value.endsWith(first)) return value.slice(1, -1);
  }
  return value;
}

/** A malformed line may hold a secret: never echo one that mentions a password or secret. */
function shown(text: string): string {
  if (/pass|secret|token/i.test(text)) return '(line hidden: it may hold a secret)';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
