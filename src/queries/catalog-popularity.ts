/**
 * What is popular, from every play's own title and artist name (most plays match no catalog song, so
 * joining to songs first would hide nearly all of them). Ties rank by the earliest play: an order that does
 * not depend on the database's collation, so every engine gives the same ranking. Redshift compares VARCHAR ignoring
 * trailing spaces (PostgreSQL does not), so titles and names are grouped, joined and counted with their byte length
 * too: "Soul" and "Soul " stay two songs everywhere (https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html).
 */
import type { Insight } from './insight-types.js';
import { fromParam, inPeriod, int, levelIs, levelParam, limitParam, toParam } from './sql-fragments.js';

/** One row per (title, artist) played, with the filters of `$2..$4` (level, from, to). */
const PLAYED_SONGS = `played AS (
  SELECT sp.song_title, sp.artist_name, COUNT(*) AS plays, COUNT(DISTINCT sp.user_id) AS listeners,
         MIN(sp.songplay_id) AS first_play
  FROM songplays sp
  WHERE sp.song_title IS NOT NULL
    AND ${levelIs('sp.level', 2)}
    AND ${inPeriod('sp.start_time', 3, 4)}
  GROUP BY sp.song_title, OCTET_LENGTH(sp.song_title), sp.artist_name, OCTET_LENGTH(sp.artist_name)
)`;

/** The catalog by name: a song is "in the catalog" when a song of that title by an artist of that name is. */
const KNOWN_SONGS = `known_songs AS (
  SELECT DISTINCT s.title, OCTET_LENGTH(s.title) AS title_bytes, a.name, OCTET_LENGTH(a.name) AS name_bytes
  FROM songs s JOIN artists a ON a.artist_id = s.artist_id
)`;

const KNOWN_ARTISTS = `known_artists AS (SELECT DISTINCT name, OCTET_LENGTH(name) AS name_bytes FROM artists)`;

/** `alias` (known_songs) is the played song `p`: same title and name, byte for byte. */
const sameSong = (alias: string) =>
  `${alias}.title = p.song_title AND ${alias}.title_bytes = OCTET_LENGTH(p.song_title) AND ${alias}.name = p.artist_name AND ${alias}.name_bytes = OCTET_LENGTH(p.artist_name)`;
const sameArtist = (alias: string) => `${alias}.name = p.artist_name AND ${alias}.name_bytes = OCTET_LENGTH(p.artist_name)`;

export const topSongs: Insight = {
  id: 'top-songs',
  title: 'Top songs',
  question: 'Which songs are played most, by how many listeners, and are they in our catalog?',
  params: [
    limitParam(10, 'songs'),
    levelParam(),
    fromParam,
    toParam,
    { name: 'artist', type: 'text', default: '', description: 'only artists whose name contains this (any case; empty: all)' },
  ],
  chart: { label: 'song', value: 'plays' },
  sql: `WITH ${PLAYED_SONGS},
${KNOWN_SONGS},
ranked AS (
  SELECT p.song_title, p.artist_name, p.plays, p.listeners,
         CASE WHEN k.title IS NULL THEN 'no' ELSE 'yes' END AS in_catalog,
         ROW_NUMBER() OVER (ORDER BY p.plays DESC, p.first_play) AS rank
  FROM played p
  LEFT JOIN known_songs k ON ${sameSong('k')}
  WHERE CAST($5 AS VARCHAR) = ''
     OR POSITION(LOWER(CAST($5 AS VARCHAR)) IN LOWER(p.artist_name)) > 0
)
SELECT ${int('rank')} AS rank, song_title AS song, artist_name AS artist, ${int('plays')} AS plays,
       ${int('listeners')} AS listeners, in_catalog
FROM ranked
WHERE rank <= CAST($1 AS INTEGER)
ORDER BY rank`,
};

export const topArtists: Insight = {
  id: 'top-artists',
  title: 'Top artists',
  question: 'Which artists are played most, how many of their songs, by how many listeners, and do we have them?',
  params: [limitParam(10, 'artists'), levelParam(), fromParam, toParam],
  chart: { label: 'artist', value: 'plays' },
  sql: `WITH played AS (
  SELECT sp.artist_name, COUNT(*) AS plays, COUNT(DISTINCT sp.user_id) AS listeners,
         COUNT(DISTINCT sp.song_title || '.') AS songs, MIN(sp.songplay_id) AS first_play
  FROM songplays sp
  WHERE sp.artist_name IS NOT NULL
    AND ${levelIs('sp.level', 2)}
    AND ${inPeriod('sp.start_time', 3, 4)}
  GROUP BY sp.artist_name, OCTET_LENGTH(sp.artist_name)
),
${KNOWN_ARTISTS},
ranked AS (
  SELECT p.artist_name, p.plays, p.listeners, p.songs,
         CASE WHEN k.name IS NULL THEN 'no' ELSE 'yes' END AS in_catalog,
         ROW_NUMBER() OVER (ORDER BY p.plays DESC, p.first_play) AS rank
  FROM played p
  LEFT JOIN known_artists k ON ${sameArtist('k')}
)
SELECT ${int('rank')} AS rank, artist_name AS artist, ${int('plays')} AS plays, ${int('listeners')} AS listeners,
       ${int('songs')} AS songs, in_catalog
FROM ranked
WHERE rank <= CAST($1 AS INTEGER)
ORDER BY rank`,
};

export const catalogGaps: Insight = {
  id: 'catalog-gaps',
  title: 'Catalog gaps',
  question: 'Which of the most-played songs are missing from our catalog, and do we at least have their artist?',
  params: [limitParam(10, 'songs'), levelParam(), fromParam, toParam],
  chart: { label: 'song', value: 'plays' },
  sql: `WITH ${PLAYED_SONGS},
${KNOWN_SONGS},
${KNOWN_ARTISTS},
ranked AS (
  SELECT p.song_title, p.artist_name, p.plays, p.listeners,
         CASE WHEN ka.name IS NULL THEN 'no' ELSE 'yes' END AS artist_in_catalog,
         ROW_NUMBER() OVER (ORDER BY p.plays DESC, p.first_play) AS rank
  FROM played p
  LEFT JOIN known_songs ks ON ${sameSong('ks')}
  LEFT JOIN known_artists ka ON ${sameArtist('ka')}
  WHERE ks.title IS NULL
)
SELECT ${int('rank')} AS rank, song_title AS song, artist_name AS artist, ${int('plays')} AS plays,
       ${int('listeners')} AS listeners, artist_in_catalog
FROM ranked
WHERE rank <= CAST($1 AS INTEGER)
ORDER BY rank`,
};
