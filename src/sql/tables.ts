/**
 * The warehouse's tables as data: the DDL of every dialect and the JSON loader are derived from these lists,
 * so a column is declared once.
 */
export type ColumnType = 'text' | 'integer' | 'bigint' | 'double' | 'timestamp';

export interface Column {
  name: string;
  type: ColumnType;
  notNull?: boolean;
}

export interface TableSpec {
  name: string;
  kind: 'staging' | 'fact' | 'dimension';
  columns: readonly Column[];
  primaryKey?: string;
  /** For people: what one row is. */
  grain: string;
}

const c = (name: string, type: ColumnType, notNull = false): Column => ({ name, type, notNull });

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
    // Text, not integer: logged-out events carry "" here.
    c('userid', 'text'),
  ],
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

export const STAGING_TABLES = [STAGING_EVENTS, STAGING_SONGS] as const;
export const STAR_TABLES = [SONGPLAYS, USERS, SONGS, ARTISTS, TIME] as const;
export const ALL_TABLES: readonly TableSpec[] = [...STAGING_TABLES, ...STAR_TABLES];
