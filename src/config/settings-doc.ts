import { SETTINGS, specOf, type SettingId, type SettingSpec } from './settings.js';

/** The allowed values of a setting, for people. */
export function allowedText(spec: SettingSpec): string {
  if (spec.values) return spec.values;
  switch (spec.type) {
    case 'choice':
      return (spec.choices ?? []).join(', ');
    case 'boolean':
      return 'true or false (yes/no, on/off, 1/0)';
    case 'integer':
      return spec.range ? `whole number ${spec.range[0]}-${spec.range[1]}` : 'whole number';
    case 'number':
      return spec.range && spec.range[1] < Number.MAX_SAFE_INTEGER ? `number, more than ${spec.range[0]}, at most ${spec.range[1]}` : 'number, more than 0';
    case 'path':
      return 'folder (relative to dwh.cfg)';
    case 'location':
      return 'local path (relative to dwh.cfg) or s3://bucket/prefix';
    case 'list':
      return 'comma-separated list';
    default:
      return 'text';
  }
}

export function defaultText(spec: SettingSpec): string {
  return spec.defaultDoc ?? (spec.default !== undefined ? `\`${spec.default}\`` : '');
}

/** The flag and environment variable that replace the file's value. */
export function overridesText(spec: SettingSpec): string {
  return [spec.flag, spec.env].filter(Boolean).map((n) => `\`${n}\``).join(', ');
}

/** What is used when the setting is not written, before its default. */
export function fallbacksText(spec: SettingSpec): string {
  return (spec.fallbacks ?? []).map((f) => (f.startsWith('env:') ? `\`${f.slice(4)}\`` : `\`[${f.replace(' ', '] ')}\``)).join(', ');
}

/** The README's settings table, generated from the settings table (`sparkify config --doc` prints it). */
export function settingsMarkdown(): string {
  const rows = (Object.keys(SETTINGS) as SettingId[]).map((id) => {
    const spec = specOf(id);
    const [section, key] = id.split(' ');
    const name = `\`[${section}] ${key}\``;
    const doc = `${spec.doc}${spec.secret ? ' (secret: never shown)' : ''}`;
    const unset = spec.defaultDoc ?? [fallbacksText(spec), defaultText(spec)].filter(Boolean).join(', else ');
    return `| ${name} | ${doc} | ${allowedText(spec)} | ${overridesText(spec)} | ${unset} |`;
  });
  return ['| setting | meaning | values | replaced by | when not written |', '|---|---|---|---|---|', ...rows].join('\n');
}
