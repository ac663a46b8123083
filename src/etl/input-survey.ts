/**
 * What an incremental run would load: the input files listed now against the files the star tables were built from
 * (input-ledger.ts). Used by the ETL's input step, which acts on it, and by the app, which says it before a run.
 */
import type { DwhConfig } from '../config/dwh-cfg.js';
import { engineOf } from '../engines/registry.js';
import { SparkifyError } from '../errors.js';
import { isS3Url, openSource } from '../sources/open.js';
import { skippedWarning, type InputFile } from '../sources/source.js';
import { SPARKIFY_RUNS, STAGING_EVENTS, STAGING_SONGS } from '../sql/tables.js';
import type { Queryable } from '../warehouse/warehouse.js';
import { compareInputs, listingOf, loadedFiles, loadedInputs, type InputChanges, type LedgerFile, type Listing, type LoadedInputs } from './input-ledger.js';

/** The input files of both staging tables; undefined where they could not be listed here (see listInputs). */
export interface ListedInputs {
  events?: InputFile[];
  songs?: InputFile[];
}

export interface InputSurvey {
  /** The newest published run: what "since run N" names. */
  lastRun?: number;
  /** Set when an incremental run would be a full load, and why (nothing to add to). */
  fullBecause?: string;
  newEvents: InputFile[];
  newSongs: InputFile[];
  /** Loaded files that changed or are gone, one line each: an incremental run stops on them. */
  problems: string[];
  /** The star tables' rows as the newest run published them. */
  tableRows?: Record<string, number>;
}

/** Loaded input files that changed or went away: an incremental run cannot merge past them. */
export class InputChangedError extends SparkifyError {
  constructor(lines: string[]) {
    const shown = lines.slice(0, 5).join('; ');
    super(
      'Input files changed',
      `${lines.length} file(s) loaded by earlier runs changed or are gone: ${shown}${lines.length > 5 ? `; and ${lines.length - 5} more` : ''}. Nothing was changed; \`sparkify etl --full-refresh\` reloads every file`,
    );
  }
}

/** A run's inputs as the ledger records them: the locations and the load mode. */
export function runInputs(config: DwhConfig, mode: 'full' | 'incremental'): Record<string, string> {
  return { songData: config.s3.songData, logData: config.s3.logData, logJsonPath: config.s3.logJsonPath, mode };
}

/** The run's ledger row says the mode it ran in (an incremental run with nothing to add to is a full load). */
export async function recordMode(tx: Queryable, runId: number, config: DwhConfig, mode: 'full' | 'incremental'): Promise<void> {
  await tx.query(`UPDATE ${SPARKIFY_RUNS.name} SET inputs = $2 WHERE run_id = $1`, [runId, JSON.stringify(runInputs(config, mode))]);
}

/**
 * The input files under both locations. Where the warehouse reads S3 itself (Redshift's COPY, with the cluster's
 * role) this process may have no S3 access of its own: a full load then goes on without its files in the ledger
 * (said through `warn`), and that side is undefined.
 */
export async function listInputs(config: DwhConfig, warn: (message: string) => void): Promise<ListedInputs> {
  const list = async (location: string): Promise<InputFile[] | undefined> => {
    const source = await openSource(location, config);
    try {
      const files = await source.list();
      // The staging loads read exactly these files and list nothing: what the listing passed over is said here.
      const skipped = skippedWarning(location, source.skipped);
      if (skipped) warn(skipped);
      return files;
    } catch (error) {
      if (!(isS3Url(location) && engineOf(config.engine).can.readsS3Itself && config.etlMode === 'full')) throw error;
      warn(`${location} cannot be listed here (${error instanceof Error ? error.message : String(error)}): the cluster reads it, but the run's files are not recorded, so an incremental run after it loads every file`);
      return undefined;
    }
  };
  return { events: await list(config.s3.logData), songs: await list(config.s3.songData) };
}

/** The listings of what was listed, per staging table (what the run records when it publishes). */
export function listingsOf(listed: ListedInputs): Listing[] {
  return [
    ...(listed.events ? [listingOf(STAGING_EVENTS.name, listed.events)] : []),
    ...(listed.songs ? [listingOf(STAGING_SONGS.name, listed.songs)] : []),
  ];
}

/**
 * What an incremental run over `listed` would do on the warehouse `db` (its ledger is read, nothing is written).
 * `loaded`: what the ledger says, when the caller read it already (while it listed the input); `listings`: those
 * of `listed`, when the caller worked them out already. A table whose listing is the newest run's (same files, sizes
 * and versions) has nothing new or changed, and its loaded files are not read.
 */
export async function surveyInputs(db: Queryable, listed: ListedInputs, loaded?: LoadedInputs, listings = listingsOf(listed)): Promise<InputSurvey> {
  loaded ??= await loadedInputs(db);
  const none = { lastRun: loaded.lastRun, newEvents: listed.events ?? [], newSongs: listed.songs ?? [], problems: [] };
  if (!loaded.base) return { ...none, fullBecause: 'no earlier load to add to: this run loads every input file (a full load); later incremental runs add only new files' };
  if (loaded.base.files === 0) {
    return { ...none, fullBecause: `run #${loaded.base.runId} recorded no input files (it predates the files ledger): this run loads every input file (a full load); later incremental runs add only new files` };
  }
  if (!listed.events || !listed.songs) throw new SparkifyError('Input not listed', 'an incremental load lists the input files here: give this process read access to the input (the S3 credentials of the input bucket)');
  const compare = async (table: string, files: InputFile[]): Promise<InputChanges> => {
    const was = loaded.listings.get(table);
    const now = listings.find((l) => l.table === table);
    if (was && now && was.files === now.files && was.digest === now.digest) return { fresh: [], changed: [], vanished: [] };
    return compareInputs(files, await loadedFiles(db, loaded, table));
  };
  const events = await compare(STAGING_EVENTS.name, listed.events);
  const songs = await compare(STAGING_SONGS.name, listed.songs);
  const problems = [events, songs].flatMap((c) => [
    ...c.changed.map((x) => `${x.file.name} changed since run #${x.was.runId} (${changeOf(x.was, x.file)})`),
    ...c.vanished.map((f) => `${f.location} (loaded by run #${f.runId}) is gone`),
  ]);
  return { lastRun: loaded.lastRun, newEvents: events.fresh, newSongs: songs.fresh, problems, tableRows: loaded.tableRows };
}

function changeOf(was: LedgerFile, now: InputFile): string {
  if (was.size !== now.size) return `${was.size} bytes then, ${now.size} now`;
  return /^mtime /.test(now.version) ? 'modified since' : `ETag ${was.version} then, ${now.version} now`;
}
