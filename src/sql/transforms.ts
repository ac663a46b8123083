/**
 * The star schema from the staging tables: one INSERT ... SELECT per table, the same text on PGlite,
 * PostgreSQL and Redshift. Each runs with the clearing of its table in one transaction, so a transform
 * replaces its table's contents or changes nothing, and running the ETL twice gives identical tables.
 * Keys are not trusted to dedupe (Redshift does not enforce them): every dimension picks one row per key
 * with ROW_NUMBER and a total order, so the pick is deterministic.
 */
import type { Dialect } from './dialect.js';
import { SPARKIFY_SONG_RECORDS, SPARKIFY_USER_LATEST, STAGING_SONGS } from './tables.js';

export interface Transform {
  id: string;
  table: string;
  title: string;
  insert: string;
}

export const NEXT_SONG = `page = 'NextSong'`;

/**
 * A text sort key that orders alike on every engine: the text, then its length in bytes. Redshift compares VARCHAR
 * ignoring trailing blanks, so 'Soul' and 'Soul ' tie there and its pick between them would be arbitrary; the length
 * puts the shorter first, as PostgreSQL's byte order does (see BYTE_ORDER in dialect.ts).
 * https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html
 */
export const byText = (...columns: string[]): string => columns.map((c) => `${c}, OCTET_LENGTH(${c})`).join(', ');

export const TRANSFORMS: readonly Transform[] = [
  {
    id: 'songplays',
    table: 'songplays',
    title: 'Build songplays (every NextSong play)',
    // A LEFT JOIN keeps every play: the catalog matches few of them (exact title, artist name and
    // duration), and dropping the rest would throw away nearly all listening activity. The song side is
    // deduplicated first so that a catalog duplicate can never double a play. Redshift compares VARCHAR
    // ignoring trailing spaces (the real catalog has titles like "Death Frees Every Soul "), PostgreSQL does not:
    // the byte lengths are compared and partitioned on too, so a title matches only itself on every engine
    // (https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html, trailing blanks).
    insert: `INSERT INTO songplays (songplay_id, start_time, user_id, level, song_id, artist_id, session_id, location,
  user_agent, song_title, artist_name, duration)
SELECT ROW_NUMBER() OVER (ORDER BY e.ts, e.userid, e.sessionid, e.iteminsession, ${byText('e.song', 'e.artist')}, e.length,
         ${byText('e.level', 'e.location', 'e.useragent')}),
       e.ts, CAST(NULLIF(e.userid, '') AS INTEGER), e.level, s.song_id, s.artist_id, e.sessionid, e.location,
       e.useragent, e.song, e.artist, e.length
FROM staging_events e
LEFT JOIN (
  SELECT title, artist_name, duration, song_id, artist_id,
         ROW_NUMBER() OVER (PARTITION BY title, OCTET_LENGTH(title), artist_name, OCTET_LENGTH(artist_name), duration
                            ORDER BY song_id, artist_id) AS pick
  FROM staging_songs
) s ON s.pick = 1 AND s.title = e.song AND OCTET_LENGTH(s.title) = OCTET_LENGTH(e.song)
   AND s.artist_name = e.artist AND OCTET_LENGTH(s.artist_name) = OCTET_LENGTH(e.artist) AND s.duration = e.length
WHERE e.${NEXT_SONG}`,
  },
  {
    id: 'users',
    table: 'users',
    title: 'Build users (latest level per user)',
    // Attributes from each user's latest play: users who upgraded or downgraded appear once, at their
    // current level (a plain DISTINCT would list them twice).
    insert: `INSERT INTO users (user_id, first_name, last_name, gender, level)
SELECT user_id, firstname, lastname, gender, level
FROM (
  SELECT CAST(userid AS INTEGER) AS user_id, firstname, lastname, gender, level,
         ROW_NUMBER() OVER (PARTITION BY CAST(userid AS INTEGER)
                            ORDER BY ts DESC, sessionid DESC, iteminsession DESC, ${byText('level')}) AS latest
  FROM staging_events
  WHERE ${NEXT_SONG} AND userid <> ''
) u
WHERE latest = 1`,
  },
  {
    id: 'songs',
    table: 'songs',
    title: 'Build songs',
    insert: `INSERT INTO songs (song_id, title, artist_id, year, duration)
SELECT song_id, title, artist_id, year, duration
FROM (
  SELECT song_id, title, artist_id, year, duration,
         ROW_NUMBER() OVER (PARTITION BY song_id ORDER BY ${byText('title')}, artist_id, year, duration) AS pick
  FROM staging_songs
  WHERE song_id IS NOT NULL
) s
WHERE pick = 1`,
  },
  {
    id: 'artists',
    table: 'artists',
    title: 'Build artists (one row per artist_id)',
    // The catalog has artist ids with conflicting names and places: keep the most complete row, then the
    // one from the latest song, then a fixed order of the values.
    insert: `INSERT INTO artists (artist_id, name, location, latitude, longitude)
SELECT artist_id, artist_name, artist_location, artist_latitude, artist_longitude
FROM (
  SELECT artist_id, artist_name, artist_location, artist_latitude, artist_longitude,
         ROW_NUMBER() OVER (PARTITION BY artist_id ORDER BY
           (CASE WHEN artist_name IS NOT NULL AND artist_name <> '' THEN 1 ELSE 0 END
            + CASE WHEN artist_location IS NOT NULL AND artist_location <> '' THEN 1 ELSE 0 END
            + CASE WHEN artist_latitude IS NOT NULL THEN 1 ELSE 0 END
            + CASE WHEN artist_longitude IS NOT NULL THEN 1 ELSE 0 END) DESC,
           COALESCE(year, 0) DESC, ${byText('artist_name', 'artist_location')}, artist_latitude, artist_longitude) AS pick
  FROM staging_songs
  WHERE artist_id IS NOT NULL
) a
WHERE pick = 1`,
  },
  {
    id: 'time',
    table: 'time',
    title: 'Build time (distinct play start times)',
    insert: `INSERT INTO time (start_time, hour, day, week, month, year, weekday)
SELECT start_time,
       CAST(EXTRACT(hour FROM start_time) AS INTEGER),
       CAST(EXTRACT(day FROM start_time) AS INTEGER),
       CAST(EXTRACT(week FROM start_time) AS INTEGER),
       CAST(EXTRACT(month FROM start_time) AS INTEGER),
       CAST(EXTRACT(year FROM start_time) AS INTEGER),
       CAST(EXTRACT(dow FROM start_time) AS INTEGER)
FROM (SELECT DISTINCT ts AS start_time FROM staging_events WHERE ${NEXT_SONG} AND ts IS NOT NULL) t`,
  },
];

const SONG_COLUMNS = STAGING_SONGS.columns.map((c) => c.name).join(', ');

/** A user's latest play first: the order the full load's users transform picks by. */
export const LATEST_ORDER = `ts DESC, sessionid DESC, iteminsession DESC, ${byText('level')}`;

/** Each user's latest play among the staged events, with the keys it is picked by. */
export const stagedLatest = (fresh: number): string => `INSERT INTO ${SPARKIFY_USER_LATEST.name} (user_id, ts, sessionid, iteminsession, level, firstname, lastname, gender, fresh)
SELECT user_id, ts, sessionid, iteminsession, level, firstname, lastname, gender, ${fresh}
FROM (
  SELECT CAST(userid AS INTEGER) AS user_id, ts, sessionid, iteminsession, level, firstname, lastname, gender,
         ROW_NUMBER() OVER (PARTITION BY CAST(userid AS INTEGER) ORDER BY ${LATEST_ORDER}) AS latest
  FROM staging_events
  WHERE ${NEXT_SONG} AND userid <> ''
) u
WHERE latest = 1`;

/**
 * What a full load writes besides its tables: the merge state, replaced with what this load staged (an
 * incremental run after it merges with these).
 */
export const FULL_STATE: Readonly<Record<string, { table: string; statements: readonly string[] }>> = {
  songs: {
    table: SPARKIFY_SONG_RECORDS.name,
    statements: [`DELETE FROM ${SPARKIFY_SONG_RECORDS.name}`, `INSERT INTO ${SPARKIFY_SONG_RECORDS.name} (${SONG_COLUMNS}) SELECT ${SONG_COLUMNS} FROM staging_songs`],
  },
  users: { table: SPARKIFY_USER_LATEST.name, statements: [`DELETE FROM ${SPARKIFY_USER_LATEST.name}`, stagedLatest(0)] },
};

/** The statements of one transform, to run in one transaction. */
export function transformStatements(transform: Transform, dialect: Dialect): string[] {
  // Statistics of the new rows for the planner (the later transforms and every query), on every engine.
  // The merge state goes with its table (an incremental load after this one merges with it).
  const state = FULL_STATE[transform.id];
  return [dialect.clearTable(transform.table), transform.insert, ...(state?.statements ?? []), ...dialect.analyze(transform.table), ...(state ? dialect.analyze(state.table) : [])];
}

/**
 * Checks after the transforms: each query returns one row with `expected` and `actual`; a difference is a
 * failed check. They restate the data semantics, so a transform that drifts from them is caught.
 */
export const CHECKS: readonly { id: string; title: string; sql: string }[] = [
  {
    id: 'songplays-all-plays',
    title: 'songplays has one row per NextSong event',
    sql: `SELECT (SELECT COUNT(*) FROM staging_events WHERE ${NEXT_SONG}) AS expected, (SELECT COUNT(*) FROM songplays) AS actual`,
  },
  {
    id: 'users-unique',
    title: 'users has one row per user who played',
    sql: `SELECT (SELECT COUNT(DISTINCT CAST(userid AS INTEGER)) FROM staging_events WHERE ${NEXT_SONG} AND userid <> '') AS expected,
  (SELECT COUNT(*) FROM users) AS actual`,
  },
  {
    id: 'songs-unique',
    title: 'songs has one row per song_id',
    sql: `SELECT (SELECT COUNT(DISTINCT song_id) FROM staging_songs) AS expected, (SELECT COUNT(*) FROM songs) AS actual`,
  },
  {
    id: 'artists-unique',
    title: 'artists has one row per artist_id',
    sql: `SELECT (SELECT COUNT(DISTINCT artist_id) FROM staging_songs) AS expected, (SELECT COUNT(*) FROM artists) AS actual`,
  },
  {
    id: 'time-distinct',
    title: 'time has one row per distinct play start time',
    sql: `SELECT (SELECT COUNT(DISTINCT ts) FROM staging_events WHERE ${NEXT_SONG}) AS expected, (SELECT COUNT(*) FROM time) AS actual`,
  },
];
