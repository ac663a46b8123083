import { closest, distance } from 'fastest-levenshtein';
import { ConfigError } from '../errors.js';
import type { IniFile } from './ini-file.js';
import { SHAPES } from './shapes.js';
import { urlWithoutPassword } from './secret-text.js';
import { ENGINE_NAMES } from '../engines/registry.js';

/** How a setting's text is read. */
export type SettingType = 'text' | 'path' | 'location' | 'integer' | 'number' | 'boolean' | 'choice' | 'list';

/** One row of the settings table: everything the product knows about a setting. */
export interface SettingSpec {
  type: SettingType;
  /** The value when nothing sets it, as it would be written in the file. */
  default?: string;
  /** How the value when not written is described when it depends on something (shown instead of `fallbacks` and `default`). */
  defaultDoc?: string;
  /** `choice`: the allowed values (lower case; the text is compared case-insensitively). */
  choices?: readonly string[];
  /** `integer`, `number`: the inclusive range. */
  range?: readonly [number, number];
  /** `number`: the lower bound is excluded (a delay must be more than 0). */
  above?: boolean;
  /** A further check of the text (of each item for `list`): the problem, or undefined when it is fine. */
  check?: (text: string) => string | undefined;
  /** What a bad value is, after `KEY = "value"` in the error. */
  problem?: string;
  /** Never shown: neither its value nor any text it is part of. */
  secret?: boolean;
  /** A command-line flag that replaces the file's value. */
  flag?: string;
  /** An environment variable that replaces the file's value. */
  env?: string;
  /** Read only from `flag` or `env`, never from the file (a URL that carries a password). */
  notInFile?: boolean;
  /** Used, in this order, when the setting is not written: other settings in the file (`SECTION KEY`) or `env:NAME`. */
  fallbacks?: readonly string[];
  /** The allowed values, for people, when the type alone does not say (README, `sparkify config --doc`). */
  values?: string;
  /** One line for people (README, `sparkify config --doc`). */
  doc: string;
}

const BOOLEAN_WORDS = ['true', 'false', 'yes', 'no', 'on', 'off', '1', '0'];

const shape = (rule: RegExp, what: string) => (text: string) => (rule.test(text) ? undefined : what);
const S3_LOCATION = SHAPES.s3;
const isS3 = (text: string) => /^s3:\/\//i.test(text);
const s3Check = (text: string) => (isS3(text) && !S3_LOCATION.test(text) ? 'is not an S3 location (s3://bucket/prefix)' : undefined);
const ARN = shape(SHAPES.arn, 'is not an IAM role ARN (arn:aws:iam::123456789012:role/name)');
const REGION = shape(SHAPES.region, 'is not an AWS region (e.g. us-west-2)');

/**
 * Every setting the product reads, by `SECTION KEY`. This table drives parsing, validation, defaults, the typed
 * views (config/dwh-cfg.ts, cluster/settings.ts), `sparkify config` and the README's settings table.
 */
export const SETTINGS = {
  'WAREHOUSE ENGINE': {
    type: 'choice', choices: ENGINE_NAMES, default: ENGINE_NAMES[0], flag: '--engine',
    problem: `is not an engine; use one of ${ENGINE_NAMES.join(', ')}`,
    doc: 'the warehouse engine: embedded (PGlite, no server), postgres or redshift; a URL selects postgres',
  },
  'EMBEDDED DATA_DIR': {
    type: 'path', default: '.sparkify/pglite', flag: '--data-dir',
    doc: 'folder of the embedded database (created on first use; never a folder holding other files)',
  },
  'QUERIES DIR': {
    type: 'path', default: 'queries',
    doc: 'folder of your saved queries, one .sql file each (listed with the insights; see "Your own queries")',
  },
  'CLUSTER HOST': { type: 'text', values: 'host name or address', doc: 'server host name of the postgres and redshift engines' },
  'CLUSTER DB_NAME': { type: 'text', doc: 'database name' },
  'CLUSTER DB_USER': { type: 'text', doc: 'database user' },
  'CLUSTER DB_PASSWORD': {
    type: 'text', secret: true, env: 'SPARKIFY_DB_PASSWORD',
    doc: 'password of DB_USER; redshift with none: temporary IAM credentials of [DWH] CLUSTER_IDENTIFIER',
  },
  'CLUSTER DB_PORT': {
    type: 'integer', range: [1, 65535], defaultDoc: '5432 on postgres, 5439 on redshift',
    problem: 'is not a port number (1-65535)', doc: 'server port',
  },
  'CLUSTER SSL': {
    type: 'choice', choices: ['verify', 'require', 'disable'], defaultDoc: 'verify on redshift, disable on postgres',
    problem: 'is not an SSL mode; use verify, require or disable',
    doc: 'verify (encrypt, check the certificate), require (encrypt only) or disable',
  },
  'CLUSTER URL': {
    type: 'text', secret: true, notInFile: true, values: 'postgres:// URL', flag: '--url', env: 'SPARKIFY_DATABASE_URL',
    doc: 'postgres://user:password@host:port/db, replacing the fields above (flag or environment only)',
  },
  'IAM_ROLE ARN': { type: 'text', check: ARN, values: 'arn:aws:iam::ACCOUNT:role/NAME', doc: 'the IAM role Redshift assumes to read the input from S3' },
  'S3 LOG_DATA': {
    type: 'location', default: 'data/log_data', flag: '--log-data', check: s3Check,
    doc: 'event logs: a local folder or file, or s3://bucket/prefix',
  },
  'S3 SONG_DATA': {
    type: 'location', default: 'data/song_data', flag: '--song-data', check: s3Check,
    doc: 'song metadata: a local folder or file, or s3://bucket/prefix',
  },
  'S3 LOG_JSONPATH': {
    type: 'location', default: 'auto', flag: '--log-jsonpath', check: s3Check, values: 'auto, auto ignorecase, a local path or s3:// URL',
    doc: 'a jsonpaths file, `auto` or `auto ignorecase`, as in Redshift COPY ... FORMAT AS JSON',
  },
  'S3 COMPACT_OVER': {
    type: 'integer', range: [0, 1_000_000_000], default: '1000', problem: 'is not a number of objects (0 or more)',
    doc: 'redshift engine, s3:// input: above this many objects under a prefix they are read here and compacted into a few gzip parts under STAGING_PREFIX (COPY opens each object otherwise); 0: never',
  },
  'S3 REGION': { type: 'text', check: REGION, values: 'AWS region, e.g. us-west-2', fallbacks: ['DWH REGION'], doc: 'region of the input bucket (redshift: sent with COPY)' },
  'S3 ENDPOINT': { type: 'text', values: 'http(s)://host:port', doc: 'an S3-compatible endpoint URL instead of AWS' },
  'S3 FORCE_PATH_STYLE': { type: 'boolean', default: 'false', problem: 'is not true or false', doc: 'path-style S3 requests (most S3-compatible stores)' },
  'S3 STAGING_PREFIX': {
    type: 'location', values: 's3://bucket/prefix', check: (text) => (S3_LOCATION.test(text) ? undefined : 'is not an S3 location (s3://bucket/prefix)'),
    doc: 'redshift engine with local input: where it is uploaded for the cluster’s COPY',
  },
  'ETL MAX_ERRORS': {
    // Every engine tolerates exactly this many; Redshift's COPY fails when its errors reach MAXERROR, at most 100000.
    type: 'integer', range: [0, 99_999], default: '0', flag: '--max-errors',
    problem: 'is not a whole number of records (0 to 99999)',
    doc: 'bad records a staging load may reject (each is reported) before it fails',
  },
  'ETL MODE': {
    type: 'choice', choices: ['full', 'incremental'], default: 'full', flag: '--incremental',
    problem: 'is not a load mode; use full (read every input file, rebuild the star) or incremental (only files no run has loaded, merged in)',
    doc: '`full`: every run reads all input files and rebuilds the star tables; `incremental`: only the files no run loaded yet, merged into them (`etl --incremental`, `--full-refresh`)',
  },
  'REDSHIFT TRANSPORT': {
    type: 'choice', choices: ['pg', 'data-api'], default: 'pg',
    problem: 'is not a transport; use pg (a connection on port 5439) or data-api (the Redshift Data API over HTTPS)',
    doc: 'how the redshift engine sends statements: a `pg` connection, or the Redshift Data API (no port, no password; needs [DWH] CLUSTER_IDENTIFIER or WORKGROUP)',
  },
  'REDSHIFT SECRET_ARN': {
    type: 'text', values: 'arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME',
    check: shape(/^arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/, 'is not a Secrets Manager secret ARN'),
    doc: 'data-api transport: the secret holding the database user and password (default: temporary credentials)',
  },
  'DWH CLUSTER_IDENTIFIER': {
    type: 'text', values: '1-63 lowercase letters, digits and single hyphens',
    check: (text) =>
      !/^[a-z](?!.*--)[a-z0-9-]{0,62}$/.test(text)
        ? 'is not a cluster identifier (1-63 lowercase letters, digits and single hyphens, starting with a letter)'
        : text.endsWith('-')
          ? 'must not end with a hyphen'
          : undefined,
    doc: 'the Redshift cluster `sparkify cluster` manages, and whose temporary credentials the redshift engine uses',
  },
  'DWH WORKGROUP': {
    // CreateWorkgroup's name rules: https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_CreateWorkgroup.html
    type: 'text', values: '3-64 lowercase letters, digits and hyphens',
    check: shape(/^[a-z0-9-]{3,64}$/, 'is not a workgroup name (3-64 lowercase letters, digits and hyphens)'),
    doc: 'a Redshift Serverless workgroup instead of a cluster: its endpoint, temporary credentials and `sparkify cluster`',
  },
  'DWH NAMESPACE': {
    type: 'text', values: '3-64 lowercase letters, digits and hyphens', defaultDoc: 'the workgroup’s name',
    check: shape(/^[a-z0-9-]{3,64}$/, 'is not a namespace name (3-64 lowercase letters, digits and hyphens)'),
    doc: 'namespace (the databases) of a Serverless workgroup to create',
  },
  'DWH BASE_CAPACITY': {
    // Base capacity in RPUs: 8 to 512 in steps of 8, and 4 where AWS offers it (up to 1024 in some regions).
    type: 'integer', range: [4, 1024], default: '8', values: '4, or 8 to 1024 in steps of 8',
    check: (text) => (Number(text) === 4 || Number(text) % 8 === 0 ? undefined : 'is not a base capacity (4, or a multiple of 8 from 8 to 1024 RPUs)'),
    problem: 'is not a base capacity (4, or a multiple of 8 from 8 to 1024 RPUs)',
    doc: 'Redshift Processing Units of a Serverless workgroup to create',
  },
  'DWH NODE_TYPE': {
    // ds2 is retired; CreateCluster's node types: https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-clusters.html
    type: 'text', values: 'e.g. ra3.large, ra3.xlplus, ra3.4xlarge, dc2.large',
    check: (text) =>
      /^ds2\./.test(text)
        ? 'is a retired node type; choose an ra3 node type (e.g. ra3.large, ra3.xlplus)'
        : /^(ra3|rg|dc2)\.[a-z0-9]+$/.test(text)
          ? undefined
          : 'is not a Redshift node type (e.g. ra3.xlplus, ra3.4xlarge, dc2.large)',
    doc: 'node type of a cluster to create',
  },
  'DWH NUM_NODES': { type: 'integer', range: [1, 128], problem: 'is not a number of nodes (1-128)', doc: 'node count of a cluster to create' },
  'DWH REGION': {
    // Not [S3] REGION: that is the input bucket's region, which may differ from the cluster's.
    type: 'text', check: REGION, values: 'AWS region, e.g. us-west-2', fallbacks: ['env:AWS_REGION', 'env:AWS_DEFAULT_REGION'], default: 'us-west-2',
    defaultDoc: 'the region in `[CLUSTER] HOST` (….REGION.redshift.amazonaws.com), else `AWS_REGION`, `AWS_DEFAULT_REGION`, else `us-west-2`',
    doc: 'region of the cluster (the Redshift API is called there)',
  },
  'DWH DB_NAME': {
    type: 'text', fallbacks: ['CLUSTER DB_NAME'], default: 'sparkify', values: 'lowercase letters, digits, _ and $',
    check: shape(/^[a-z_][a-z0-9_$]{0,63}$/, 'is not a Redshift database name (lowercase letters, digits, _ or $)'),
    doc: 'database of a cluster to create',
  },
  'DWH DB_USER': {
    // CreateCluster's MasterUsername rules: https://docs.aws.amazon.com/redshift/latest/APIReference/API_CreateCluster.html
    type: 'text', fallbacks: ['CLUSTER DB_USER'], default: 'sparkify', values: 'a letter, then lowercase letters, digits, _ + . @ -',
    check: (text) =>
      text === 'public'
        ? 'cannot be PUBLIC'
        : /^[a-z][a-z0-9_+.@-]{0,127}$/.test(text)
          ? undefined
          : 'is not a Redshift user name (a letter, then up to 127 lowercase letters, digits, _ + . @ or -)',
    doc: 'master user of a cluster to create',
  },
  'DWH PORT': { type: 'integer', range: [1150, 65535], default: '5439', problem: 'is not a port Redshift accepts (1150-65535)', doc: 'port of a cluster to create' },
  'DWH IAM_ROLE_ARN': { type: 'text', check: ARN, values: 'arn:aws:iam::ACCOUNT:role/NAME', fallbacks: ['IAM_ROLE ARN'], doc: 'role a new cluster is given and COPY assumes' },
  'DWH PUBLICLY_ACCESSIBLE': { type: 'boolean', default: 'false', problem: 'is not true or false', doc: 'whether a new cluster gets a public address' },
  'DWH VPC_SECURITY_GROUP_IDS': {
    type: 'list', values: 'sg-… ids, comma-separated', check: shape(/^sg-[0-9a-f]+$/, 'is not a security group id'),
    problem: 'is not a comma-separated list of security group ids (sg-...)',
    doc: 'security groups of a new cluster, comma-separated (default: the VPC’s default group)',
  },
  'DWH ALLOW_CIDR': {
    type: 'text', values: 'an IPv4 range, e.g. 203.0.113.7/32',
    check: shape(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'is not an IPv4 range (e.g. 203.0.113.7/32)'),
    doc: '`cluster create --allow-my-ip`: the addresses let in on the port (default: this machine’s public address)',
  },
  'DWH POLL_SECONDS': {
    type: 'number', range: [0, 600], above: true, default: '15', problem: 'is not a delay in seconds (more than 0, at most 600)',
    doc: 'seconds between two status checks while a cluster command waits',
  },
  'DWH WAIT_MINUTES': {
    type: 'number', range: [0, Number.MAX_SAFE_INTEGER], above: true, default: '45', problem: 'is not a number of minutes (more than 0)',
    doc: 'how long create, pause, resume and delete wait for their state',
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingId = keyof typeof SETTINGS;

/** Where an effective value came from. */
export type SettingOrigin =
  | { kind: 'flag'; name: string }
  | { kind: 'env'; name: string }
  | { kind: 'file'; file: string; line: number; section: string; key: string }
  | { kind: 'default' }
  | { kind: 'unset' };

/** A setting with its effective value. */
export interface Setting {
  id: SettingId;
  section: string;
  key: string;
  spec: SettingSpec;
  /** The text as written (trimmed); undefined when unset. */
  text?: string;
  /** The text read as its type (a number, a boolean, a list, a lower-cased choice). */
  value?: string | number | boolean | string[];
  origin: SettingOrigin;
}

/** Values from flags and the environment, by setting. */
export interface SettingInputs {
  /** The file as messages name it. */
  file: string;
  env: NodeJS.ProcessEnv;
  /** Flag values by flag name (`--max-errors`); undefined when not given. */
  flags: Record<string, string | undefined>;
  /** Unknown sections and keys are errors, not warnings. */
  strict: boolean;
}

export function specOf(id: SettingId): SettingSpec {
  return SETTINGS[id];
}

function split(id: SettingId): [string, string] {
  const [section, key] = id.split(' ') as [string, string];
  return [section, key];
}

/** A message's name for where a value came from: `dwh.cfg:12: [S3] SONG_DATA`, `--song-data`, `SPARKIFY_DB_PASSWORD`. */
export function originText(setting: Pick<Setting, 'section' | 'key' | 'origin'>): string {
  const o = setting.origin;
  switch (o.kind) {
    case 'flag':
    case 'env':
      return o.name;
    case 'file':
      return `${o.file}:${o.line}: [${o.section}] ${o.key}`;
    case 'default':
      return `[${setting.section}] ${setting.key} (default)`;
    case 'unset':
      return `[${setting.section}] ${setting.key}`;
  }
}

/** The effective settings: read through the typed accessors, never by section lookups. */
export class Settings {
  constructor(
    private readonly entries: Map<SettingId, Setting>,
    private readonly sectionsWritten: ReadonlySet<string>,
    /** Unknown sections and keys, one line each (errors instead under `strict`). */
    readonly warnings: readonly string[],
  ) {}

  get(id: SettingId): Setting {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`unknown setting ${id}`);
    return entry;
  }

  text(id: SettingId): string | undefined {
    return this.get(id).text;
  }

  number(id: SettingId): number | undefined {
    const value = this.get(id).value;
    return typeof value === 'number' ? value : undefined;
  }

  flag(id: SettingId): boolean {
    return this.get(id).value === true;
  }

  list(id: SettingId): string[] {
    const value = this.get(id).value;
    return Array.isArray(value) ? value : [];
  }

  /** The name of the setting's source for messages; see originText. */
  where(id: SettingId): string {
    return originText(this.get(id));
  }

  /** Whether the file has this section (even empty). */
  hasSection(name: string): boolean {
    return this.sectionsWritten.has(name);
  }

  /**
   * The value held to this setting's own rules wherever it came from: a fallback's value was checked only as the
   * setting it was written under ([CLUSTER] DB_NAME is not held to Redshift's name rules until [DWH] needs it).
   */
  checked(id: SettingId): Setting['value'] {
    const setting = this.get(id);
    return setting.text === undefined || setting.origin.kind === 'default' ? setting.value : validated(setting);
  }

  all(): Setting[] {
    return [...this.entries.values()];
  }

  /** A copy with one value replaced (a rule decided it, e.g. a URL selecting the postgres engine). */
  with(id: SettingId, text: string, origin: SettingOrigin): Settings {
    const entries = new Map(this.entries);
    const before = this.get(id);
    entries.set(id, { ...before, text, value: typed(before.spec, text), origin });
    return new Settings(entries, this.sectionsWritten, this.warnings);
  }
}

/**
 * Resolves every setting of the table: a flag, else its environment variable, else the file, else its fallbacks,
 * else its default. Each value is checked against its type and rule where it was written (a fallback's value is
 * checked by the setting it was written under, so a PostgreSQL database name is not held to Redshift's rules until
 * a cluster command reads it), with one-line ConfigErrors naming the origin. Unknown sections and keys are
 * warnings naming the closest known name, or errors under `strict`.
 */
export function resolveSettings(parsed: IniFile, inputs: SettingInputs): Settings {
  const { sections, headers } = parsed;
  const warnings = unknownNames(parsed, inputs.file);
  if (inputs.strict && warnings.length > 0) {
    const more = warnings.length > 1 ? ` (and ${warnings.length - 1} more)` : '';
    throw new ConfigError(`${warnings[0]}${more}; unknown settings are errors with --strict and when CI is set`);
  }
  const fromFile = (id: SettingId): Setting | undefined => {
    const [section, key] = split(id);
    const entry = sections.get(section)?.get(key);
    const text = entry?.value.trim();
    if (!entry || text === undefined || text === '') return undefined;
    return { id, section, key, spec: SETTINGS[id], text, origin: { kind: 'file', file: inputs.file, line: entry.line, section, key } };
  };
  const entries = new Map<SettingId, Setting>();
  for (const id of Object.keys(SETTINGS) as SettingId[]) {
    const spec: SettingSpec = SETTINGS[id];
    const [section, key] = split(id);
    const base = { id, section, key, spec };
    let found: Setting | undefined;
    const flag = spec.flag === undefined ? undefined : inputs.flags[spec.flag];
    // An empty number flag is a mistake to report (`--max-errors=`), an empty path flag means "not given".
    if (flag !== undefined && (flag.trim() !== '' || spec.type === 'integer')) found = { ...base, text: flag.trim(), origin: { kind: 'flag', name: spec.flag! } };
    const envText = spec.env === undefined ? undefined : inputs.env[spec.env]?.trim();
    if (!found && envText) found = { ...base, text: envText, origin: { kind: 'env', name: spec.env! } };
    if (!found && !spec.notInFile) found = fromFile(id);
    if (found) {
      found.value = validated(found);
    } else {
      for (const fallback of spec.fallbacks ?? []) {
        if (fallback.startsWith('env:')) {
          const name = fallback.slice(4);
          const text = inputs.env[name]?.trim();
          if (text) found = { ...base, text, origin: { kind: 'env', name } };
          if (found) found.value = validated(found);
        } else {
          // Checked as the setting it was written under; the reader checks it against this one's rules if it must.
          const other = fromFile(fallback as SettingId);
          if (other) found = { ...base, text: other.text, value: validated(other), origin: other.origin };
        }
        if (found) break;
      }
    }
    if (!found && spec.default !== undefined) found = { ...base, text: spec.default, value: typed(spec, spec.default), origin: { kind: 'default' } };
    entries.set(id, found ?? { ...base, origin: { kind: 'unset' } });
  }
  return new Settings(entries, new Set(headers.keys()), warnings);
}

/** Checks a setting's text against its type and rule; the typed value, or a ConfigError naming its origin. */
export function validated(setting: Setting): Setting['value'] {
  const { spec } = setting;
  const text = setting.text ?? '';
  const fail = (problem: string | undefined): never => {
    const shown = spec.secret ? '' : ` = "${text}"`;
    throw new ConfigError(`${originText(setting)}${shown} ${spec.problem ?? problem ?? 'is not valid'}`);
  };
  const value = typed(spec, text);
  if (value === undefined) fail(undefined);
  const items = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  for (const item of items) {
    const problem = spec.check?.(item);
    if (problem) fail(problem);
  }
  return value;
}

/** The text read as the spec's type, or undefined when it is not one. */
function typed(spec: SettingSpec, text: string): Setting['value'] {
  switch (spec.type) {
    case 'integer':
    case 'number': {
      const rule = spec.type === 'integer' ? /^\d{1,15}$/ : /^\d{1,15}(\.\d{1,9})?$/;
      if (!rule.test(text)) return undefined;
      const n = Number(text);
      const [min, max] = spec.range ?? [0, Number.MAX_SAFE_INTEGER];
      return n < min || n > max || (spec.above && n === min) ? undefined : n;
    }
    case 'boolean': {
      const word = text.toLowerCase();
      if (!BOOLEAN_WORDS.includes(word)) return undefined;
      return ['true', 'yes', 'on', '1'].includes(word);
    }
    case 'choice': {
      const word = text.toLowerCase();
      return spec.choices?.includes(word) ? word : undefined;
    }
    case 'list':
      return text.split(',').map((s) => s.trim()).filter(Boolean);
    default:
      return text;
  }
}

/**
 * Sections and keys the table does not know, with the closest known name when one is near (a typo). A section of
 * the classic notebook ([AWS] with access keys) gets its own advice: keys are never read from this file.
 */
function unknownNames(parsed: IniFile, file: string): string[] {
  const known = new Map<string, string[]>();
  for (const id of Object.keys(SETTINGS) as SettingId[]) {
    const [section, key] = split(id);
    if (specOf(id).notInFile) continue;
    known.set(section, [...(known.get(section) ?? []), key]);
  }
  const out: string[] = [];
  for (const [section, keys] of parsed.sections) {
    const headerLine = parsed.headers.get(section) ?? 0;
    const knownKeys = known.get(section);
    if (!knownKeys) {
      const why = section === 'AWS'
        ? 'AWS credentials are never read from this file; they come from the AWS credential chain (AWS_PROFILE, the environment, SSO)'
        : `it is not read${hint([...known.keys()], section, (s) => `[${s}]`)}`;
      out.push(`${file}:${headerLine}: unknown section [${section}]: ${why}`);
      continue;
    }
    for (const [key, entry] of keys) {
      if (knownKeys.includes(key)) continue;
      const id = `${section} ${key}`;
      if (Object.hasOwn(SETTINGS, id)) {
        // Known, and not in knownKeys: a setting that is read from a flag or the environment only.
        const spec = specOf(id as SettingId);
        out.push(`${file}:${entry.line}: [${section}] ${key} is not read from this file (a password would be kept in it): give it as ${[spec.flag, spec.env].filter(Boolean).join(' or ')}`);
        continue;
      }
      out.push(`${file}:${entry.line}: unknown setting [${section}] ${key}: it is not read${hint(knownKeys, key.replace(/^DWH_/, ''), (k) => k)}`);
    }
  }
  return out;
}

/** "; did you mean X?" when a known name is within a typo's distance of `name`. */
function hint(names: string[], name: string, show: (name: string) => string): string {
  if (names.length === 0) return '';
  const best = closest(name, names);
  const limit = Math.max(2, Math.floor(name.length / 3));
  return distance(name, best) <= limit ? `; did you mean ${show(best)}?` : '';
}

/** A value as `sparkify config` shows it: secrets hidden, URLs without their password. */
export function shownValue(setting: Setting): string {
  if (setting.text === undefined) return '';
  if (setting.id === 'CLUSTER URL') return urlWithoutPassword(setting.text);
  if (setting.spec.secret) return '(set, hidden)';
  return setting.text.replace(/\n/g, '\\n');
}
