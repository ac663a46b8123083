/**
 * The star schema from an incremental load: staging holds the records of the new files only, and each table is
 * brought to what a full load of all the files would build (every column; songplays but for its ids, which are
 * handed out once and never change). The same text on PGlite, PostgreSQL and Redshift: DELETE + INSERT rather than
 * MERGE (Redshift's MERGE takes one source table and matches each target row at most once, and the users' and
 * songs' picks are not that shape), UPDATE ... FROM with the join in WHERE and no outer join
 * (https://docs.aws.amazon.com/redshift/latest/dg/r_UPDATE.html), and DELETE ... WHERE with a subquery, as Redshift's
 * DELETE takes table names only after USING (https://docs.aws.amazon.com/redshift/latest/dg/r_DELETE.html). The picks are the full load's (transforms.ts),
 * run over the merge state (tables.ts: the song records of every loaded file, each user's latest play), so that a
 * pick between old and new rows is the pick a full load makes among all of them.
 */
import type { Dialect } from './dialect.js';
import { SPARKIFY_SONG_RECORDS, SPARKIFY_USER_LATEST, STAGING_SONGS } from './tables.js';
import { byText, LATEST_ORDER, NEXT_SONG, stagedLatest, TRANSFORMS, type Transform } from './transforms.js';

const RECORDS = SPARKIFY_SONG_RECORDS.name;
const LATEST = SPARKIFY_USER_LATEST.name;
const SONG_COLUMNS = STAGING_SONGS.columns.map((c) => c.name).join(', ');

/** The song side of a play's match: one song per (title, artist name, duration), as the full load picks it. */
const songPick = (from: string, where = ''): string => `SELECT title, artist_name, duration, song_id, artist_id,
         ROW_NUMBER() OVER (PARTITION BY title, OCTET_LENGTH(title), artist_name, OCTET_LENGTH(artist_name), duration
                            ORDER BY song_id, artist_id) AS pick
  FROM ${from}${where}`;

/** The exact-match condition of a play and a song (trailing blanks count: see transforms.ts). */
const sameSong = (s: string, title: string, artist: string, duration: string): string =>
  `${s}.title = ${title} AND OCTET_LENGTH(${s}.title) = OCTET_LENGTH(${title})
   AND ${s}.artist_name = ${artist} AND OCTET_LENGTH(${s}.artist_name) = OCTET_LENGTH(${artist}) AND ${s}.duration = ${duration}`;

const NEW_SONG_KEYS = `EXISTS (SELECT 1 FROM staging_songs n WHERE ${sameSong('n', 'r.title', 'r.artist_name', 'r.duration')})`;
const affected = (column: string): string => `${column} IN (SELECT ${column} FROM staging_songs WHERE ${column} IS NOT NULL)`;

/**
 * One statement of a merge, or the statistics of a table taken at that point (where the engine takes them in the
 * publish: dialect.analyze). `songs`: it has work only when the run brings new song records (staging_songs holds
 * some); a run of new logs alone skips it.
 */
export type MergeStatement = { sql: string; songs?: true } | { analyze: string; songs?: true };

/** The statements of one table's merge, in order; `insert` is the one whose row count is the step's. */
export interface Merge {
  id: string;
  statements: readonly MergeStatement[];
  insert: string;
  /** The table only gains rows, the insert's (its row count after the run is the count before plus those). */
  appends?: true;
}

// Statistics are taken of the small tables a merge changes (the state tables right after they change, for the
// statements after them), not of songplays and time: a day's plays are a thirtieth of them, ANALYZE of a million
// rows costs a good part of an incremental run, and the distributions the planner uses barely move (a PostgreSQL
// server's autovacuum analyzes them once a tenth has changed; a full load analyzes everything).

// The picks are made among the records of the songs the new plays name only: a pick's partition is a play's match
// key, so keeping the records some new play matches keeps whole partitions (and the picks), and a day's plays name a
// few thousand of a hundred thousand records.
const insertNewPlays = `INSERT INTO songplays (songplay_id, start_time, user_id, level, song_id, artist_id, session_id, location,
  user_agent, song_title, artist_name, duration)
SELECT b.last_id + ROW_NUMBER() OVER (ORDER BY e.ts, e.userid, e.sessionid, e.iteminsession, ${byText('e.song', 'e.artist')}, e.length,
         ${byText('e.level', 'e.location', 'e.useragent')}),
       e.ts, CAST(NULLIF(e.userid, '') AS INTEGER), e.level, s.song_id, s.artist_id, e.sessionid, e.location,
       e.useragent, e.song, e.artist, e.length
FROM staging_events e
CROSS JOIN (SELECT COALESCE(MAX(songplay_id), 0) AS last_id FROM songplays) b
LEFT JOIN (
  ${songPick(`${RECORDS} r`, `\n  WHERE EXISTS (SELECT 1 FROM staging_events n WHERE n.${NEXT_SONG} AND ${sameSong('r', 'n.song', 'n.artist', 'n.length')})`)}
) s ON s.pick = 1 AND ${sameSong('s', 'e.song', 'e.artist', 'e.length')}
WHERE e.${NEXT_SONG}`;

const songsTransform = TRANSFORMS.find((t) => t.id === 'songs')!;
const artistsTransform = TRANSFORMS.find((t) => t.id === 'artists')!;
const usersTransform = TRANSFORMS.find((t) => t.id === 'users')!;

/** `text` with `pattern` replaced; the full load's statement is the merge's template, so a drift fails loudly. */
function swap(text: string, pattern: string | RegExp, replacement: string): string {
  const out = text.replace(pattern, replacement);
  if (out === text) throw new Error(`merge template not found: ${String(pattern)}`);
  return out;
}

/** A full load's pick over the song records instead of staging, for the ids the new records bring. */
function repick(transform: Transform, column: string): string {
  return swap(transform.insert, `FROM staging_songs\n  WHERE ${column} IS NOT NULL`, `FROM ${RECORDS}\n  WHERE ${column} IS NOT NULL AND ${affected(column)}`);
}

/**
 * Deletes, for the users with new plays, the row marked `fresh` where the other row is their latest play. Each user
 * has at most two rows here (the kept one, fresh 0, and this run's, fresh 1), so (user_id, fresh) names a row.
 */
const loserOf = (fresh: 0 | 1): string => `DELETE FROM ${LATEST}
WHERE fresh = ${fresh} AND user_id IN (
  SELECT user_id FROM (
    SELECT user_id, fresh, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ${LATEST_ORDER}, fresh) AS latest
    FROM ${LATEST}
    WHERE user_id IN (SELECT user_id FROM ${LATEST} WHERE fresh = 1)
  ) w
  WHERE w.latest = 1 AND w.fresh = ${1 - fresh}
)`;

export const MERGES: readonly Merge[] = [
  {
    id: 'songplays',
    // The new song records first: the new plays match against every record, and the plays loaded earlier whose
    // title, artist and duration a new record has are matched again (a play unmatched so far may match now, and a
    // new record may be the one the full load's pick prefers).
    statements: [
      { sql: `INSERT INTO ${RECORDS} (${SONG_COLUMNS}) SELECT ${SONG_COLUMNS} FROM staging_songs`, songs: true },
      { analyze: RECORDS, songs: true },
      {
        sql: `UPDATE songplays
SET song_id = s.song_id, artist_id = s.artist_id
FROM (
  ${songPick(`${RECORDS} r`, `\n  WHERE ${NEW_SONG_KEYS}`)}
) s
WHERE s.pick = 1 AND ${sameSong('s', 'songplays.song_title', 'songplays.artist_name', 'songplays.duration')}`,
        songs: true,
      },
      { sql: insertNewPlays },
    ],
    insert: insertNewPlays,
    appends: true,
  },
  (() => {
    // The users with new plays: their kept latest play and their new latest are weighed, the loser's row goes.
    const insert = swap(usersTransform.insert, /FROM \(\n {2}SELECT CAST\(userid AS INTEGER\)[\s\S]*\) u\nWHERE latest = 1/, `FROM ${LATEST}\nWHERE fresh = 1`);
    return {
      id: 'users',
      statements: [
        { sql: stagedLatest(1) },
        // Without statistics of the fresh rows the planner takes them for one and loops over the window per row.
        { analyze: LATEST },
        // The new row goes where the kept one comes first, then the kept one where the new one does; Redshift's DELETE
        // takes table names only after USING, so the loser is found by a subquery in WHERE.
        { sql: loserOf(1) },
        { sql: loserOf(0) },
        { sql: `DELETE FROM users WHERE user_id IN (SELECT user_id FROM ${LATEST} WHERE fresh = 1)` },
        { sql: insert },
        { sql: `UPDATE ${LATEST} SET fresh = 0 WHERE fresh = 1` },
        { analyze: 'users' },
      ],
      insert,
    };
  })(),
  (() => {
    const insert = repick(songsTransform, 'song_id');
    return { id: 'songs', statements: [{ sql: `DELETE FROM songs WHERE ${affected('song_id')}`, songs: true }, { sql: insert, songs: true }, { analyze: 'songs', songs: true }], insert };
  })(),
  (() => {
    const insert = repick(artistsTransform, 'artist_id');
    return {
      id: 'artists',
      statements: [{ sql: `DELETE FROM artists WHERE ${affected('artist_id')}`, songs: true }, { sql: insert, songs: true }, { analyze: 'artists', songs: true }],
      insert,
    };
  })(),
  (() => {
    const timeTransform = TRANSFORMS.find((t) => t.id === 'time')!;
    const insert = swap(
      timeTransform.insert,
      `WHERE ${NEXT_SONG} AND ts IS NOT NULL) t`,
      `WHERE ${NEXT_SONG} AND ts IS NOT NULL\n        AND NOT EXISTS (SELECT 1 FROM time k WHERE k.start_time = staging_events.ts)) t`,
    );
    return { id: 'time', statements: [{ sql: insert }], insert, appends: true };
  })(),
];

/**
 * The statements one table's merge sends on `dialect`. `newSongs`: the run brings song records (default true, as the
 * dry run shows them all); without, the statements that only work on them are left out.
 */
export function mergeStatements(merge: Merge, dialect: Dialect, newSongs = true): string[] {
  return merge.statements.filter((m) => newSongs || !m.songs).flatMap((m) => ('sql' in m ? [m.sql] : dialect.analyze(m.analyze)));
}

/**
 * Checks after a merge, as CHECKS after a full load, over what the merge touched: staging holds only the new
 * records, and a check over all of songplays (a distinct count of a million ids) would cost a large part of an
 * incremental run. `$1` is the largest songplay id before the run (the number of plays then). Redshift enforces no key, so each says the keys hold.
 * `songs`: only run when the run brings song records (songs and artists are untouched otherwise).
 */
const NEW_PLAYS = `FROM staging_events WHERE ${NEXT_SONG}`;
export const MERGE_CHECKS: readonly { id: string; title: string; sql: string; songs?: true }[] = [
  {
    id: 'songplays-new-plays',
    title: 'songplays gained one row per new NextSong event',
    // The rows above the largest id before (the plays loaded earlier are not recounted: a million of them).
    sql: `SELECT (SELECT COUNT(*) ${NEW_PLAYS}) AS expected, (SELECT COUNT(*) FROM songplays WHERE songplay_id > CAST($1 AS BIGINT)) AS actual`,
  },
  {
    id: 'songplays-ids',
    title: 'songplay ids go on from the largest before, one per new play',
    // The same expectation as the count above, read off the key (no second scan of songplays).
    sql: `SELECT CAST($1 AS BIGINT) + (SELECT COUNT(*) ${NEW_PLAYS}) AS expected, (SELECT COALESCE(MAX(songplay_id), 0) FROM songplays) AS actual`,
  },
  {
    id: 'users-unique',
    title: 'users has one row per user who played, new players included',
    sql: `SELECT (SELECT COUNT(*) FROM ${LATEST}) + (SELECT COUNT(DISTINCT CAST(userid AS INTEGER)) ${NEW_PLAYS} AND userid <> '') AS expected,
  (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM users WHERE user_id IN (SELECT CAST(userid AS INTEGER) ${NEW_PLAYS} AND userid <> '')) AS actual`,
  },
  {
    id: 'songs-unique',
    title: 'songs has one row per song_id',
    sql: `SELECT (SELECT COUNT(DISTINCT song_id) FROM ${RECORDS}) AS expected, (SELECT COUNT(*) FROM songs) AS actual`,
    songs: true,
  },
  {
    id: 'artists-unique',
    title: 'artists has one row per artist_id',
    sql: `SELECT (SELECT COUNT(DISTINCT artist_id) FROM ${RECORDS}) AS expected, (SELECT COUNT(*) FROM artists) AS actual`,
    songs: true,
  },
  {
    id: 'time-new-plays',
    title: 'time has one row for each new play start time',
    sql: `SELECT (SELECT COUNT(DISTINCT ts) ${NEW_PLAYS}) AS expected, (SELECT COUNT(*) FROM time WHERE start_time IN (SELECT ts ${NEW_PLAYS})) AS actual`,
  },
];
