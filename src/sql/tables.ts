/**
 * The warehouse's tables as data: the DDL of every dialect and the JSON loader are derived from these lists,
 * so a column is declared once.
 */
export type ColumnType = 'text' | 'integer' | 'bigint' | 'double' | 'timestamp';

export interface Column {
  name: string;
  type: ColumnType;
  notNull?: boolean;
  /**
   * Text that the transforms cast to INTEGER: staging takes only `""` (none) or a 32-bit integer, so that every
   * record staging accepts also transforms.
   */
  integerText?: boolean;
  /** Redshift's VARCHAR width in bytes, for columns not listed in redshift-dialect.ts. */
  bytes?: number;
}

/** A value the transforms need: a record of which `when` holds must have `column`, or it is rejected at staging. */
export interface RequiredValue {
  column: string;
  when: { column: string; equals: string };
  reason: string;
}

export interface TableSpec {
  name: string;
  kind: 'staging' | 'fact' | 'dimension' | 'ledger' | 'state';
  columns: readonly Column[];
  primaryKey?: string;
  /** For people: what one row is. */
  grain: string;
  /** Checked at staging (see RequiredValue). */
  required?: readonly RequiredValue[];
  /**
   * The columns the transforms filter, join, group and pick by: a staging table's statistics are taken of these only
   * (Dialect.analyze). Statistics of the rest (user agents, locations, names) take most of an ANALYZE's time and no
   * plan uses them.
   */
  planned?: readonly string[];
}

const c = (name: string, type: ColumnType, notNull = false, extra: Partial<Column> = {}): Column => ({ name, type, notNull, ...extra });

/**
 * One row per log line, all pages. Column names are the log's keys lower-cased, as Redshift stores them, so
 * `'auto ignorecase'` maps the camelCase keys; the reference jsonpaths file lists them in this order.
 */
export const STAGING_EVENTS: TableSpec = {
  name: 'staging_events',
  kind: 'staging',
  grain: 'one app event (log line)',
  columns: [
    c('artist', 'text'),
    c('auth', 'text'),
    c('firstname', 'text'),
    c('gender', 'text'),
    c('iteminsession', 'integer'),
    c('lastname', 'text'),
    c('length', 'double'),
    c('level', 'text'),
    c('location', 'text'),
    c('method', 'text'),
    c('page', 'text'),
    // The logs write it as a float (1540919166796.0): integer columns would reject it on Redshift.
    c('registration', 'double'),
    c('sessionid', 'integer'),
    c('song', 'text'),
    c('status', 'integer'),
    // Loaded with TIMEFORMAT 'epochmillisecs': the log's milliseconds become a timestamp on the way in.
    c('ts', 'timestamp'),
    c('useragent', 'text'),
    // Text, not integer: logged-out events carry "" here. The transforms cast the rest to INTEGER.
    c('userid', 'text', false, { integerText: true }),
  ],
  // A play without a time cannot be a songplay (start_time is NOT NULL) nor a row of time.
  required: [{ column: 'ts', when: { column: 'page', equals: 'NextSong' }, reason: 'a NextSong event without ts (the play needs its start time)' }],
  planned: ['artist', 'iteminsession', 'length', 'level', 'page', 'sessionid', 'song', 'ts', 'userid'],
};

/** One row per song record, keys as in the song files. */
export const STAGING_SONGS: TableSpec = {
  name: 'staging_songs',
  kind: 'staging',
  grain: 'one song record',
  columns: [
    c('num_songs', 'integer'),
    c('artist_id', 'text'),
    c('artist_latitude', 'double'),
    c('artist_longitude', 'double'),
    c('artist_location', 'text'),
    c('artist_name', 'text'),
    c('song_id', 'text'),
    c('title', 'text'),
    c('duration', 'double'),
    c('year', 'integer'),
  ],
  planned: ['artist_id', 'artist_name', 'song_id', 'title', 'duration', 'year'],
};

export const SONGPLAYS: TableSpec = {
  name: 'songplays',
  kind: 'fact',
  grain: 'one NextSong event (a play), matched to the catalog where possible',
  primaryKey: 'songplay_id',
  columns: [
    c('songplay_id', 'bigint', true),
    c('start_time', 'timestamp', true),
    c('user_id', 'integer'),
    c('level', 'text'),
    c('song_id', 'text'),
    c('artist_id', 'text'),
    c('session_id', 'integer'),
    c('location', 'text'),
    c('user_agent', 'text'),
    // The play as the log named it, kept for every play (degenerate dimensions): most plays match no song.
    c('song_title', 'text'),
    c('artist_name', 'text'),
    c('duration', 'double'),
  ],
};

export const USERS: TableSpec = {
  name: 'users',
  kind: 'dimension',
  grain: 'one user who played a song; attributes from their latest play',
  primaryKey: 'user_id',
  columns: [c('user_id', 'integer', true), c('first_name', 'text'), c('last_name', 'text'), c('gender', 'text'), c('level', 'text')],
};

export const SONGS: TableSpec = {
  name: 'songs',
  kind: 'dimension',
  grain: 'one song_id',
  primaryKey: 'song_id',
  columns: [c('song_id', 'text', true), c('title', 'text'), c('artist_id', 'text'), c('year', 'integer'), c('duration', 'double')],
};

export const ARTISTS: TableSpec = {
  name: 'artists',
  kind: 'dimension',
  grain: 'one artist_id',
  primaryKey: 'artist_id',
  columns: [
    c('artist_id', 'text', true),
    c('name', 'text'),
    c('location', 'text'),
    c('latitude', 'double'),
    c('longitude', 'double'),
  ],
};

export const TIME: TableSpec = {
  name: 'time',
  kind: 'dimension',
  grain: 'one distinct play start time',
  primaryKey: 'start_time',
  columns: [
    c('start_time', 'timestamp', true),
    c('hour', 'integer'),
    c('day', 'integer'),
    c('week', 'integer'),
    c('month', 'integer'),
    c('year', 'integer'),
    c('weekday', 'integer'),
  ],
};

/**
 * The run ledger (see etl/run-ledger.ts): one row per run of `etl` or `create-tables`, and the records its loads
 * rejected, kept in the warehouse like Redshift's STL_LOAD_ERRORS. `create-tables` keeps them.
 */
export const SPARKIFY_RUNS: TableSpec = {
  name: 'sparkify_runs',
  kind: 'ledger',
  grain: 'one run of etl or create-tables',
  primaryKey: 'run_id',
  columns: [
    c('run_id', 'bigint', true),
    c('command', 'text', false, { bytes: 64 }),
    c('status', 'text', false, { bytes: 16 }),
    c('started', 'timestamp'),
    c('finished', 'timestamp'),
    c('engine', 'text', false, { bytes: 16 }),
    // Who ran it, for "in use by ..." and for people: the process, the machine, the session on the server.
    c('host', 'text', false, { bytes: 256 }),
    c('pid', 'integer'),
    c('backend_pid', 'integer'),
    // JSON: the input locations; the rows of each star table once published.
    c('inputs', 'text', false, { bytes: 4096 }),
    c('table_rows', 'text', false, { bytes: 1024 }),
    c('records_read', 'bigint'),
    c('records_staged', 'bigint'),
    c('records_rejected', 'bigint'),
    // True once this run's star tables were committed.
    c('published', 'integer'),
    c('message', 'text', false, { bytes: 4096 }),
  ],
};

export const SPARKIFY_REJECTS: TableSpec = {
  name: 'sparkify_rejects',
  kind: 'ledger',
  grain: 'one input record a run rejected',
  columns: [
    c('run_id', 'bigint', true),
    c('table_name', 'text', false, { bytes: 64 }),
    c('file', 'text', false, { bytes: 4096 }),
    c('line', 'integer'),
    c('lines', 'integer'),
    c('reason', 'text', false, { bytes: 1024 }),
    // The record as written, up to 1 KiB.
    c('record', 'text', false, { bytes: 1024 }),
  ],
};

/**
 * The input files each run read: what incremental loads compare a new listing with. `version` is what tells a
 * changed file: a local file's size and modification time, an S3 object's ETag.
 */
export const SPARKIFY_FILES: TableSpec = {
  name: 'sparkify_files',
  kind: 'ledger',
  grain: 'one input file a run read',
  columns: [
    c('run_id', 'bigint', true),
    c('table_name', 'text', false, { bytes: 64 }),
    // An absolute local path, or s3://bucket/key.
    c('location', 'text', false, { bytes: 4096 }),
    c('size', 'bigint'),
    c('version', 'text', false, { bytes: 256 }),
    // Records read from the file and rejected (NULL where the warehouse read it itself: Redshift's COPY in place).
    c('records', 'bigint'),
    c('rejected', 'bigint'),
  ],
};

/**
 * What each run listed per staging table: how many files, and a digest of their locations, sizes and versions. The
 * files a published run leaves loaded are the files it listed, so an incremental run whose listing has the digest of
 * the newest run's has nothing new or changed there, and need not read that table's rows of sparkify_files.
 */
export const SPARKIFY_LISTINGS: TableSpec = {
  name: 'sparkify_listings',
  kind: 'ledger',
  grain: 'one staging table\'s input listing in a run',
  columns: [c('run_id', 'bigint', true), c('table_name', 'text', false, { bytes: 64 }), c('files', 'bigint'), c('digest', 'text', false, { bytes: 64 })],
};

/**
 * What an incremental load merges with, kept beside the star tables and published with them (a full load replaces
 * them, an incremental one adds to them, `create-tables` empties them). The song records are every staged song record
 * of the loaded files: the songs, artists and song matches of plays are picks over all of them, which the picked rows
 * alone cannot redo when new records arrive (an artist's pick orders by its songs' years, a play's match by the
 * record's artist name).
 */
export const SPARKIFY_SONG_RECORDS: TableSpec = {
  name: 'sparkify_song_records',
  kind: 'state',
  grain: 'one staged song record of the loaded files',
  columns: STAGING_SONGS.columns,
};

/**
 * Each user's latest play with the keys it was picked by (time, session, item, level), so that the plays of new
 * files can be weighed against it: `users` holds its attributes, not the keys. `fresh` marks the rows of the run
 * being published until the merge has picked.
 */
export const SPARKIFY_USER_LATEST: TableSpec = {
  name: 'sparkify_user_latest',
  kind: 'state',
  grain: 'one user: their latest play',
  columns: [
    c('user_id', 'integer', true),
    c('ts', 'timestamp'),
    c('sessionid', 'integer'),
    c('iteminsession', 'integer'),
    c('level', 'text'),
    c('firstname', 'text'),
    c('lastname', 'text'),
    c('gender', 'text'),
    c('fresh', 'integer'),
  ],
};

export const STAGING_TABLES = [STAGING_EVENTS, STAGING_SONGS] as const;
export const LEDGER_TABLES = [SPARKIFY_RUNS, SPARKIFY_REJECTS, SPARKIFY_FILES, SPARKIFY_LISTINGS] as const;
export const STATE_TABLES = [SPARKIFY_SONG_RECORDS, SPARKIFY_USER_LATEST] as const;
export const STAR_TABLES = [SONGPLAYS, USERS, SONGS, ARTISTS, TIME] as const;
export const ALL_TABLES: readonly TableSpec[] = [...STAGING_TABLES, ...STAR_TABLES];
/** What `create-tables` drops and creates and the ETL creates when missing: the tables above and the merge state. */
export const BUILT_TABLES: readonly TableSpec[] = [...ALL_TABLES, ...STATE_TABLES];
