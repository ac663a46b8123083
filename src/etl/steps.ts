import type { DwhConfig } from '../config/dwh-cfg.js';
import type { CheckLine } from './events.js';
import { ConfigError, SparkifyError } from '../errors.js';
import { openSource, readText } from '../sources/open.js';
import { createTableSql, ensureAllSql, recreateAllSql } from '../sql/ddl.js';
import type { Dialect } from '../sql/dialect.js';
import { LEDGER_TABLES, STAGING_EVENTS, STAGING_SONGS, STAR_TABLES, type TableSpec } from '../sql/tables.js';
import { CHECKS, TRANSFORMS, transformStatements } from '../sql/transforms.js';
import { thisProcess } from '../warehouse/holder.js';
import { openWarehouse } from '../warehouse/open.js';
import type { Holder, Queryable, Warehouse, WriterLock } from '../warehouse/warehouse.js';
import { copyStatement } from '../warehouse/sql-helpers.js';
import { mappingFromOption, parseJsonPaths, type JsonMapping } from './json-mapping.js';
import { loadJson, type Rejection } from './load-json.js';
import { inputChecks } from './preflight.js';
import { engineOf } from '../engines/registry.js';
import { startRun } from './run-ledger.js';
import { loadedInputs, type Listing, type RunFile } from './input-ledger.js';
import { InputChangedError, listingsOf, listInputs, recordMode, runInputs, surveyInputs, type ListedInputs } from './input-survey.js';
import type { InputFile } from '../sources/source.js';
import { MERGE_CHECKS, MERGES, mergeStatements } from '../sql/merges.js';

/** What a run that writes knows about itself: who runs it, and the lock and ledger row it holds. */
export interface RunContext {
  command: string;
  holder: Holder;
  /** Seconds to wait for another writer (--wait); default 0. */
  wait?: number;
  /** Let a load of zero records replace the tables (--allow-empty). */
  allowEmpty?: boolean;
  lock?: WriterLock;
  /** The ledger row, once the lock is held. */
  runId?: number;
  /** What the input step found: the files each staging load reads, and whether the run merges them in. */
  inputs?: RunInputs;
  /** The files the staging loads read, with their records (for the ledger). */
  files: RunFile[];
  /** What the input step listed per staging table (for the ledger: the next incremental run compares with it). */
  listings?: Listing[];
  /** An ETL run's input, listed while the warehouse is opened (connect starts it; find-inputs takes it). */
  listedAhead?: ListedAhead;
  /** The run waited for the database or the lock: what was listed before may be out of date. */
  waited?: boolean;
}

/** A listing started early, with the warnings it gave (said by find-inputs, the step they belong to). */
interface ListedAhead {
  listing: Promise<ListedInputs>;
  warnings: string[];
}

function listAhead(config: DwhConfig): ListedAhead {
  const warnings: string[] = [];
  const listing = listInputs(config, (message) => warnings.push(message));
  // Awaited by find-inputs, which rethrows; a run that stops before it has nothing to say about the listing.
  listing.catch(() => undefined);
  return { listing, warnings };
}

/** The files a run reads, per staging table, once listed. */
export interface RunInputs {
  events: InputFile[];
  songs: InputFile[];
  /** The run merges the files into the star tables (they are the new ones); else it rebuilds them from these. */
  incremental: boolean;
  /** Plays in songplays before the run (the merge's checks). */
  playsBefore: number;
  /** An incremental run: the star tables' rows as the run it continues published them. */
  rowsBefore?: Record<string, number>;
  /** An incremental run: the rows its merges appended, per table that only gains rows (songplays, time). */
  appended?: Record<string, number>;
}

/** What a step can use and report to, bound to the step by the runner. */
export interface StepContext {
  config: DwhConfig;
  dialect: Dialect;
  /** Set by the connect step; later steps may rely on it. */
  warehouse?: Warehouse;
  /** In the publish phase: the run's one transaction for the star tables. */
  tx?: Queryable;
  run?: RunContext;
  signal?: AbortSignal;
  progress(update: { rows: number; files?: number; bytes?: number; filesTotal?: number; bytesTotal?: number; rejected?: number; percent?: number }): void;
  warn(message: string): void;
  reject(rejection: Rejection): void;
}

export interface StepOutcome {
  rows: number;
  detail?: string;
  /** Staging loads: records read and rejected (rows are the records staged). */
  read?: number;
  rejected?: number;
  /** What a checking step found, one line each (the input check's checklist). */
  checks?: CheckLine[];
  /**
   * The run has nothing left to do and ends here, successfully, changing nothing (an incremental run with no new
   * files): the reason, said in place of the later steps.
   */
  endRun?: string;
}

export interface Step {
  id: string;
  title: string;
  /**
   * `publish`: the step writes the star tables. Consecutive publish steps share one transaction, which commits
   * only after the last of them (the checks) succeeds: the star tables are the last run's, or this run's, never a mix.
   */
  phase?: 'publish';
  /** The table the step loads: for the ledger's rejected records, and the star tables' statistics after publish. */
  table?: string;
  /** The step reads the input files: its rows per second say how fast input goes in (a SQL step's would not). */
  readsInput?: boolean;
  run(ctx: StepContext): Promise<StepOutcome>;
  /** The statements the step would run, for --dry-run (secrets are masked by the caller). */
  plan(ctx: Pick<StepContext, 'config' | 'dialect'>): string[];
}

export function need(ctx: StepContext): Warehouse {
  if (!ctx.warehouse) throw new Error('no warehouse connection: the connect step must run first');
  return ctx.warehouse;
}

/** Where publish steps write: the run's transaction. */
function publishing(ctx: StepContext): Queryable {
  if (!ctx.tx) throw new Error('a publish step runs inside the publish transaction');
  return ctx.tx;
}

/**
 * The statements that give the planner statistics of the star tables the publish steps among `steps` wrote, where the
 * engine takes them after the commit (Redshift; none elsewhere): what the run sends and the dry run prints.
 */
export function afterPublishStatements(dialect: Dialect, steps: readonly Step[]): string[] {
  const star = new Set<string>(STAR_TABLES.map((t) => t.name));
  return steps.flatMap((s) => (s.phase === 'publish' && s.table && star.has(s.table) ? dialect.analyzeAfterPublish(s.table) : []));
}

/** Checks the inputs before anything is opened: a missing path or a bad jsonpaths file touches nothing. */
export const checkInputsStep: Step = {
  id: 'check-inputs',
  title: 'Check the inputs',
  async run(ctx) {
    const checks = await inputChecks(ctx.config);
    const caveats = checks.filter((c) => c.caveat).length;
    return { rows: 0, detail: `${checks.length - caveats} passed${caveats > 0 ? `, ${caveats} to note` : ''}`, checks };
  },
  plan: (ctx) => [`-- check that ${ctx.config.s3.songData} and ${ctx.config.s3.logData} hold JSON files, and the jsonpaths file (${ctx.config.s3.logJsonPath})`],
};

export const connectStep: Step = {
  id: 'connect',
  title: 'Connect to the warehouse',
  async run(ctx) {
    const run = ctx.run;
    // The input is listed while the database opens (PGlite boots on its own thread, a server is dialled).
    if (run?.command === 'etl') run.listedAhead ??= listAhead(ctx.config);
    const { warehouse, info } = await openWarehouse(ctx.config, {
      holder: run?.holder ?? thisProcess('(library)'),
      wait: run?.wait,
      onWait: (who) => {
        if (run) run.waited = true;
        ctx.warn(`the database is in use: waiting for ${who} to finish`);
      },
    });
    ctx.warehouse = warehouse;
    return {
      rows: 0,
      detail: info.created
        ? `created a new database${info.fromTemplate ? ' from the cached empty one' : ''} (${info.seconds.toFixed(1)} s)`
        : warehouse.target,
    };
  },
  plan: () => [],
};

/**
 * Takes the writer lock and records the run in the ledger: from here on no other run writes this warehouse, and a
 * run killed from here on shows as interrupted.
 */
export const lockStep: Step = {
  id: 'lock',
  title: 'Lock the warehouse for this run',
  async run(ctx) {
    const warehouse = need(ctx);
    const run = ctx.run;
    if (!run) return { rows: 0, detail: 'no run: nothing to lock' };
    run.lock = await warehouse.lockWriter({
      holder: run.holder,
      wait: run.wait,
      signal: ctx.signal,
      onWait: (who) => {
        run.waited = true;
        ctx.warn(`another run holds the warehouse: waiting for ${who} to finish`);
      },
    });
    const inputs: Record<string, string> = run.command === 'etl' ? runInputs(ctx.config, ctx.config.etlMode) : {};
    run.runId = await warehouse.withTransaction(async (tx) => {
      for (const sql of LEDGER_TABLES.map((t) => createTableSql(t, ctx.dialect, { ifNotExists: true }))) await tx.query(sql);
      return startRun(tx, { command: run.command, engine: ctx.config.engine, holder: run.holder, backendPid: await backendPid(tx), inputs });
    });
    return { rows: 0, detail: `run #${run.runId}` };
  },
  plan: (ctx) => [...ctx.dialect.runStatements.begin, ...LEDGER_TABLES.map((t) => createTableSql(t, ctx.dialect, { ifNotExists: true })), `-- record the run in ${LEDGER_TABLES[0].name}`],
};

/**
 * Lists the input files, once, for the staging loads and the ledger. An incremental run compares them with the
 * files the star tables were built from (input-survey.ts): a loaded file that changed or is gone fails the run
 * before any table is touched; with no new file the run ends here, changing nothing. With no full load to add to
 * (none yet, or only create-tables since, or one recorded before files were) it loads every file, as a full load.
 */
export const findInputsStep: Step = {
  id: 'find-inputs',
  title: 'Find the input files',
  async run(ctx) {
    const warehouse = need(ctx);
    const run = ctx.run;
    // The ledger's runs are read while the input is listed (the database works on its own thread or server); the
    // files they loaded are read only for a staging table whose listing differs from the newest run's.
    const loading = ctx.config.etlMode === 'incremental' && run ? loadedInputs(warehouse) : undefined;
    loading?.catch(() => undefined);
    const ahead = run?.listedAhead;
    if (run) run.listedAhead = undefined;
    // A listing from before a wait for another run is stale: the input is listed again, now that this run holds it.
    const listed = ahead && !run?.waited ? await ahead.listing : await listInputs(ctx.config, (message) => ctx.warn(message));
    if (ahead && !run?.waited) for (const message of ahead.warnings) ctx.warn(message);
    const listings = listingsOf(listed);
    if (run) run.listings = listings;
    const full = (): StepOutcome => {
      if (run) run.inputs = listed.events && listed.songs ? { events: listed.events, songs: listed.songs, incremental: false, playsBefore: 0 } : undefined;
      return { rows: 0, detail: `${count(listed.events, 'log')} + ${count(listed.songs, 'song')} files` };
    };
    if (ctx.config.etlMode !== 'incremental' || !run) return full();
    const survey = await surveyInputs(warehouse, listed, await loading, listings);
    if (survey.fullBecause) {
      ctx.warn(survey.fullBecause);
      if (run.runId !== undefined) await warehouse.withTransaction((tx) => recordMode(tx, run.runId!, ctx.config, 'full'));
      return full();
    }
    if (survey.problems.length > 0) throw new InputChangedError(survey.problems);
    // Ids run from 1 to the number of plays (a check of every run): the largest is the count, read off the key.
    const playsBefore = Number((await warehouse.query<{ n: unknown }>('SELECT COALESCE(MAX(songplay_id), 0) AS n FROM songplays')).rows[0]?.n ?? 0);
    run.inputs = { events: survey.newEvents, songs: survey.newSongs, incremental: true, playsBefore, rowsBefore: survey.tableRows, appended: {} };
    if (survey.newEvents.length === 0 && survey.newSongs.length === 0) {
      const why = `no new files since run #${survey.lastRun}`;
      return { rows: 0, detail: why, endRun: why };
    }
    return { rows: 0, detail: `new since run #${survey.lastRun}: ${count(survey.newEvents, 'log')} + ${count(survey.newSongs, 'song')} files` };
  },
  plan: (ctx) =>
    ctx.config.etlMode === 'incremental'
      ? [`-- list ${ctx.config.s3.logData} and ${ctx.config.s3.songData}; compare with ${LEDGER_TABLES[2].name} (the files of the runs since the last full load): a changed or vanished file stops the run, only new files are staged`]
      : [`-- list ${ctx.config.s3.logData} and ${ctx.config.s3.songData}, for ${LEDGER_TABLES[2].name}`],
};

const count = (files: readonly InputFile[] | undefined, kind: string): string => (files ? `${files.length} ${kind}` : `${kind} not listed`);

async function backendPid(tx: Queryable): Promise<number | undefined> {
  const pid = Number((await tx.query<{ pid: unknown }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid);
  return Number.isInteger(pid) ? pid : undefined;
}

/** The ETL's first step: create what is missing, keep what exists (no data is dropped). */
export const ensureTablesStep: Step = {
  id: 'create-tables',
  title: 'Create missing tables',
  async run(ctx) {
    await need(ctx).transaction(ensureAllSql(ctx.dialect));
    return { rows: 0 };
  },
  plan: (ctx) => ensureAllSql(ctx.dialect),
};

/** `create-tables`: drop and create every table, in the run's publish transaction (the ledger is kept). */
export const recreateTablesStep: Step = {
  id: 'create-tables',
  title: 'Drop and create all tables',
  phase: 'publish',
  async run(ctx) {
    for (const sql of recreateAllSql(ctx.dialect)) await publishing(ctx).query(sql);
    return { rows: 0 };
  },
  plan: (ctx) => recreateAllSql(ctx.dialect),
};

async function logMapping(config: DwhConfig): Promise<JsonMapping> {
  const option = config.s3.logJsonPath;
  const auto = mappingFromOption(option);
  if (auto) return auto;
  return parseJsonPaths(await readText(option, config, config.origins.logJsonPath), option);
}

/** A load of nothing must not replace tables that hold something (unless --allow-empty). */
export class EmptyInputError extends SparkifyError {
  constructor(where: string, rejected: number) {
    super(
      'No input records',
      rejected > 0
        ? `no loadable records in ${where}: all ${rejected} were rejected; nothing was published (--allow-empty loads empty tables)`
        : `no records in ${where}; nothing was published (--allow-empty loads empty tables)`,
    );
  }
}

function stageStep(id: string, table: TableSpec, location: (c: DwhConfig) => string, mapping: (c: DwhConfig) => Promise<JsonMapping>): Step {
  return {
    id,
    title: `Stage ${table.name.replace('staging_', '')} into ${table.name}`,
    table: table.name,
    readsInput: true,
    async run(ctx) {
      const where = location(ctx.config);
      // An engine may load in its own way: Redshift from S3 on the cluster itself (COPY ... FROM 's3://...').
      const own = engineOf(ctx.config.engine).stage;
      const outcome = own ? await own.run(ctx, table) : await stageLocally(ctx, table, where, await mapping(ctx.config));
      // An incremental load adds to the star tables, so nothing new replaces nothing; a full load of nothing would.
      if (outcome.rows === 0 && !ctx.run?.allowEmpty && !ctx.run?.inputs?.incremental) throw new EmptyInputError(where, outcome.rejected ?? 0);
      for (const sql of ctx.dialect.analyze(table.name, table.planned)) await need(ctx).query(sql);
      return outcome;
    },
    plan(ctx) {
      const own = engineOf(ctx.config.engine).stage;
      if (own) return own.plan(ctx.config, table);
      const where = location(ctx.config);
      const how = table === STAGING_EVENTS ? ctx.config.s3.logJsonPath : 'auto';
      return [
        `-- read JSON records from ${where} (mapping: ${how}), converted as Redshift COPY JSON would`,
        `TRUNCATE ${table.name}`,
        `${copyStatement(table.name, table.columns.map((c) => c.name))} FROM STDIN WITH (FORMAT csv)`,
        ...ctx.dialect.analyze(table.name, table.planned),
      ];
    },
  };
}

/** The files the run's input step listed for a staging table (undefined: not listed, read them all). */
export function stagedFiles(ctx: Pick<StepContext, 'run'>, table: TableSpec): InputFile[] | undefined {
  const inputs = ctx.run?.inputs;
  return inputs ? (table === STAGING_EVENTS ? inputs.events : inputs.songs) : undefined;
}

async function stageLocally(ctx: StepContext, table: TableSpec, where: string, mapping: JsonMapping): Promise<StepOutcome> {
  const source = await openSource(where, ctx.config);
  const files = stagedFiles(ctx, table);
  const result = await loadJson({
    warehouse: need(ctx),
    table,
    source,
    files,
    mapping,
    maxErrors: ctx.config.maxErrors,
    signal: ctx.signal,
    onProgress: (p) => ctx.progress({ rows: p.read - p.rejected, files: p.files, bytes: p.bytes, filesTotal: p.filesTotal, bytesTotal: p.bytesTotal, rejected: p.rejected }),
    onReject: (r) => ctx.reject(r),
  });
  for (const warning of result.warnings) ctx.warn(warning);
  if (files && ctx.run?.inputs?.incremental && files.length === 0) return { rows: 0, read: 0, rejected: 0, detail: 'no new files' };
  if (result.files === 0) throw new ConfigError(`${where}: no JSON files found`);
  for (const file of files ?? []) {
    const counted = result.perFile.get(file.name);
    ctx.run?.files.push({ table: table.name, file, records: counted?.read ?? 0, rejected: counted?.rejected ?? 0 });
  }
  const rejected = result.rejected.length > 0 ? `, ${result.rejected.length} rejected` : '';
  return { rows: result.rows, read: result.read, rejected: result.rejected.length, detail: `${result.files} file(s), ${result.read} record(s)${rejected}` };
}

export const stageEventsStep = stageStep('stage-events', STAGING_EVENTS, (c) => c.s3.logData, logMapping);
export const stageSongsStep = stageStep('stage-songs', STAGING_SONGS, (c) => c.s3.songData, async () => ({ kind: 'auto', ignoreCase: false }));

export const transformSteps: Step[] = TRANSFORMS.map((t) => ({
  id: `load-${t.id}`,
  title: t.title,
  table: t.table,
  phase: 'publish' as const,
  async run(ctx) {
    // An incremental run merges the new files' rows in (merges.ts); a full one rebuilds the table.
    const merge = ctx.run?.inputs?.incremental ? MERGES.find((m) => m.id === t.id) : undefined;
    const insert = merge?.insert ?? t.insert;
    let rows = 0;
    const newSongs = (ctx.run?.inputs?.songs.length ?? 1) > 0;
    for (const sql of merge ? mergeStatements(merge, ctx.dialect, newSongs) : transformStatements(t, ctx.dialect)) {
      const count = (await publishing(ctx).query(sql)).rowCount;
      if (sql === insert) rows = count;
    }
    if (merge?.appends && ctx.run?.inputs?.appended) ctx.run.inputs.appended[t.table] = rows;
    return { rows, ...(merge ? { detail: 'added or replaced' } : {}) };
  },
  plan(ctx) {
    const merge = ctx.config.etlMode === 'incremental' ? MERGES.find((m) => m.id === t.id) : undefined;
    return merge ? mergeStatements(merge, ctx.dialect) : transformStatements(t, ctx.dialect);
  },
}));

export const checksStep: Step = {
  id: 'checks',
  title: 'Check the star schema against the data semantics',
  phase: 'publish',
  async run(ctx) {
    const failed: string[] = [];
    const inputs = ctx.run?.inputs;
    const checks = inputs?.incremental ? MERGE_CHECKS.filter((c) => inputs.songs.length > 0 || !c.songs) : CHECKS;
    for (const check of checks) {
      const params = check.sql.includes('$1') ? [inputs?.playsBefore ?? 0] : undefined;
      const row = (await publishing(ctx).query<{ expected: unknown; actual: unknown }>(check.sql, params)).rows[0];
      if (!row || Number(row.expected) !== Number(row.actual)) {
        failed.push(`${check.title}: expected ${String(row?.expected)}, found ${String(row?.actual)}`);
      }
    }
    if (failed.length > 0) throw new SparkifyError('Checks failed', `${failed.length} check(s) failed, nothing was published: ${failed.join('; ')}`);
    return { rows: 0, detail: `${checks.length} checks passed` };
  },
  plan: (ctx) => (ctx.config.etlMode === 'incremental' ? MERGE_CHECKS : CHECKS).map((c) => c.sql),
};

/** The steps of `sparkify etl`. */
export function etlSteps(): Step[] {
  return [checkInputsStep, connectStep, lockStep, findInputsStep, ensureTablesStep, stageEventsStep, stageSongsStep, ...transformSteps, checksStep];
}

/** The steps of `sparkify create-tables`. */
export function createTablesSteps(): Step[] {
  return [connectStep, lockStep, recreateTablesStep];
}

/** Row counts of every table (null when the table is missing), for summaries: one query for them all. */
export async function tableCounts(warehouse: Queryable, tables: readonly TableSpec[]): Promise<Record<string, number | null>> {
  const present = await warehouse.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`,
  );
  const names = new Set(present.rows.map((r) => r.name));
  const counted = tables.filter((t) => names.has(t.name));
  const rows = counted.length
    ? (await warehouse.query<{ name: string; n: unknown }>(counted.map((t) => `SELECT '${t.name}' AS name, COUNT(*) AS n FROM ${t.name}`).join('\nUNION ALL\n'))).rows
    : [];
  const counts = new Map(rows.map((r) => [r.name, Number(r.n)]));
  return Object.fromEntries(tables.map((t) => [t.name, counts.get(t.name) ?? null]));
}
