/** Who listens: with what browser and system, from where, on which tier, and in what kind of session. */
import type { Insight } from './insight-types.js';
import { fromParam, inPeriod, int, levelIs, levelParam, limitParam, percent, round1, toParam } from './sql-fragments.js';

/**
 * Browser and system from the agent string. Order matters: Chrome's agent also names Safari, Chromium's
 * names Chrome, and an iPhone's says "like Mac OS X".
 */
const BROWSER = `CASE
      WHEN sp.user_agent IS NULL OR sp.user_agent = '' THEN 'unknown'
      WHEN sp.user_agent LIKE '%Edg/%' OR sp.user_agent LIKE '%Edge/%' THEN 'Edge'
      WHEN sp.user_agent LIKE '%OPR/%' OR sp.user_agent LIKE '%Opera%' THEN 'Opera'
      WHEN sp.user_agent LIKE '%Trident/%' OR sp.user_agent LIKE '%MSIE %' THEN 'Internet Explorer'
      WHEN sp.user_agent LIKE '%Firefox/%' THEN 'Firefox'
      WHEN sp.user_agent LIKE '%Chromium/%' THEN 'Chromium'
      WHEN sp.user_agent LIKE '%Chrome/%' OR sp.user_agent LIKE '%CriOS/%' THEN 'Chrome'
      WHEN sp.user_agent LIKE '%Safari/%' THEN 'Safari'
      ELSE 'other'
    END`;

const SYSTEM = `CASE
      WHEN sp.user_agent IS NULL OR sp.user_agent = '' THEN 'unknown'
      WHEN sp.user_agent LIKE '%iPhone%' OR sp.user_agent LIKE '%iPad%' THEN 'iOS'
      WHEN sp.user_agent LIKE '%Android%' THEN 'Android'
      WHEN sp.user_agent LIKE '%Windows%' THEN 'Windows'
      WHEN sp.user_agent LIKE '%CrOS%' THEN 'Chrome OS'
      WHEN sp.user_agent LIKE '%Macintosh%' OR sp.user_agent LIKE '%Mac OS X%' THEN 'macOS'
      WHEN sp.user_agent LIKE '%Linux%' OR sp.user_agent LIKE '%X11%' THEN 'Linux'
      ELSE 'other'
    END`;

export const userAgents: Insight = {
  id: 'user-agents',
  title: 'User agents',
  question: 'Which browsers and operating systems do people listen with (where would a better experience pay off)?',
  params: [
    { name: 'by', type: 'text', default: 'both', description: 'group by browser, os, or both', choices: ['both', 'browser', 'os'] },
    levelParam(),
  ],
  chart: { label: 'client', value: 'plays' },
  // Ties go to the client heard first: a number, where the names would sort by each database's collation.
  sql: `WITH parsed AS (
  SELECT sp.user_id, sp.songplay_id,
    ${BROWSER} AS browser,
    ${SYSTEM} AS os
  FROM songplays sp
  WHERE ${levelIs('sp.level', 2)}
),
labelled AS (
  SELECT user_id, songplay_id,
         CASE CAST($1 AS VARCHAR) WHEN 'browser' THEN browser WHEN 'os' THEN os ELSE browser || ' on ' || os END AS client
  FROM parsed
),
total AS (SELECT COUNT(*) AS plays FROM labelled)
SELECT l.client, ${int('COUNT(DISTINCT l.user_id)')} AS users, ${int('COUNT(*)')} AS plays,
       ${percent('COUNT(*)', 'MAX(t.plays)')} AS share_pct
FROM labelled l CROSS JOIN total t
GROUP BY l.client
ORDER BY plays DESC, MIN(l.songplay_id)`,
};

export const locations: Insight = {
  id: 'locations',
  title: 'Locations',
  question: 'Where do our listeners live, by metro area or by state (and where does the app lack traction)?',
  params: [
    { name: 'by', type: 'text', default: 'metro', description: 'group by metro area or by (first) state', choices: ['metro', 'state'] },
    levelParam(),
    limitParam(10, 'places'),
  ],
  chart: { label: 'location', value: 'plays' },
  // The log writes "City-Other City, ST" (metro areas spanning states: "..., IL-IN-WI"): the state is the
  // first code after the comma.
  sql: `WITH placed AS (
  SELECT sp.songplay_id, sp.user_id,
         CASE WHEN CAST($1 AS VARCHAR) = 'state'
              THEN COALESCE(NULLIF(SPLIT_PART(SPLIT_PART(sp.location, ', ', 2), '-', 1), ''), 'unknown')
              ELSE COALESCE(NULLIF(sp.location, ''), 'unknown')
         END AS location
  FROM songplays sp
  WHERE ${levelIs('sp.level', 2)}
),
total AS (SELECT COUNT(*) AS plays FROM placed),
ranked AS (
  SELECT p.location, COUNT(DISTINCT p.user_id) AS users, COUNT(*) AS plays,
         ${percent('COUNT(*)', 'MAX(t.plays)')} AS share_pct,
         ROW_NUMBER() OVER (ORDER BY COUNT(*) DESC, MIN(p.songplay_id)) AS rank
  FROM placed p CROSS JOIN total t
  GROUP BY p.location, OCTET_LENGTH(p.location)
)
SELECT ${int('rank')} AS rank, location, ${int('users')} AS users, ${int('plays')} AS plays, share_pct
FROM ranked
WHERE rank <= CAST($3 AS INTEGER)
ORDER BY rank`,
};

export const paidVsFree: Insight = {
  id: 'paid-vs-free',
  title: 'Paid vs free',
  question: 'How do free and paid users differ: how many are there, how much do they play and listen?',
  params: [fromParam, toParam],
  chart: { label: 'level', value: 'plays' },
  // A play counts at the level the user had when playing; current_users counts each user once, at their
  // latest level.
  sql: `WITH plays AS (
  SELECT sp.level, sp.user_id, sp.duration
  FROM songplays sp
  WHERE ${inPeriod('sp.start_time', 1, 2)}
),
total AS (SELECT COUNT(*) AS plays FROM plays),
current_levels AS (SELECT level, COUNT(*) AS users FROM users GROUP BY level),
tiers AS (
  SELECT p.level, COUNT(DISTINCT p.user_id) AS listeners, COUNT(*) AS plays, SUM(p.duration) AS seconds,
         ${percent('COUNT(*)', 'MAX(t.plays)')} AS share_pct
  FROM plays p CROSS JOIN total t
  GROUP BY p.level
)
SELECT ti.level, ${int('COALESCE(c.users, 0)')} AS current_users, ${int('ti.listeners')} AS listeners,
       ${int('ti.plays')} AS plays, ti.share_pct,
       ${round1('ti.seconds / 3600')} AS listening_hours,
       ${round1('CAST(ti.plays AS DOUBLE PRECISION) / NULLIF(ti.listeners, 0)')} AS plays_per_listener
FROM tiers ti
LEFT JOIN current_levels c ON c.level = ti.level
ORDER BY ti.level`,
};

export const sessions: Insight = {
  id: 'sessions',
  title: 'Sessions',
  question: 'How many songs does a listening session hold, and how long do people listen in one?',
  params: [levelParam()],
  chart: { label: 'songs_per_session', value: 'sessions' },
  sql: `WITH by_session AS (
  SELECT sp.user_id, sp.session_id, COUNT(*) AS songs, SUM(sp.duration) AS seconds
  FROM songplays sp
  WHERE ${levelIs('sp.level', 1)}
  GROUP BY sp.user_id, sp.session_id
),
bucketed AS (
  SELECT songs, seconds,
         CASE WHEN songs = 1 THEN 1 WHEN songs <= 5 THEN 2 WHEN songs <= 10 THEN 3
              WHEN songs <= 25 THEN 4 WHEN songs <= 50 THEN 5 ELSE 6 END AS bucket
  FROM by_session
),
total AS (SELECT COUNT(*) AS sessions FROM by_session)
SELECT CASE b.bucket WHEN 1 THEN '1' WHEN 2 THEN '2-5' WHEN 3 THEN '6-10' WHEN 4 THEN '11-25'
                     WHEN 5 THEN '26-50' ELSE '51+' END AS songs_per_session,
       ${int('COUNT(*)')} AS sessions, ${percent('COUNT(*)', 'MAX(t.sessions)')} AS share_pct,
       ${int('SUM(b.songs)')} AS plays, ${round1('AVG(b.seconds) / 60')} AS avg_minutes
FROM bucketed b CROSS JOIN total t
GROUP BY b.bucket
ORDER BY b.bucket`,
};
