/**
 * Who listens less or stopped. Periods are measured back from the latest play in the warehouse, not from
 * today: the data may be old, and "recent" means recent in the data.
 */
import type { Insight } from './insight-types.js';
import { int, levelIs, levelParam, limitParam, percent } from './sql-fragments.js';

export const usersListeningLess: Insight = {
  id: 'users-listening-less',
  title: 'Users listening less',
  question:
    'Whose listening dropped: plays in the days before a split date against as many days from it (default: the latest days of data against the days before)?',
  params: [
    { name: 'days', type: 'integer', default: 14, description: 'length of each period in days', min: 1, max: 3660 },
    { name: 'split', type: 'date', default: '', description: 'first day of the later period, YYYY-MM-DD (empty: the last `days` days of data)' },
    levelParam('now'),
    limitParam(20, 'users'),
  ],
  chart: { label: 'name', value: 'fewer_plays' },
  sql: `WITH bounds AS (
  SELECT COALESCE(CAST($2 AS TIMESTAMP),
                  DATE_TRUNC('day', MAX(start_time)) + INTERVAL '1 day' - CAST($1 AS INTEGER) * INTERVAL '1 day') AS split
  FROM songplays
),
activity AS (
  SELECT sp.user_id,
         SUM(CASE WHEN sp.start_time >= b.split - CAST($1 AS INTEGER) * INTERVAL '1 day' AND sp.start_time < b.split
                  THEN 1 ELSE 0 END) AS before_plays,
         SUM(CASE WHEN sp.start_time >= b.split AND sp.start_time < b.split + CAST($1 AS INTEGER) * INTERVAL '1 day'
                  THEN 1 ELSE 0 END) AS after_plays
  FROM songplays sp CROSS JOIN bounds b
  WHERE sp.user_id IS NOT NULL
  GROUP BY sp.user_id
),
ranked AS (
  SELECT a.user_id, u.first_name, u.last_name, u.level, a.before_plays, a.after_plays,
         ROW_NUMBER() OVER (ORDER BY a.before_plays - a.after_plays DESC, a.before_plays DESC, a.user_id) AS rank
  FROM activity a JOIN users u ON u.user_id = a.user_id
  WHERE a.after_plays < a.before_plays AND ${levelIs('u.level', 3)}
)
SELECT user_id, first_name || ' ' || last_name AS name, level, ${int('before_plays')} AS before_plays,
       ${int('after_plays')} AS after_plays, ${int('before_plays - after_plays')} AS fewer_plays,
       ${percent('after_plays - before_plays', 'before_plays')} AS change_pct
FROM ranked
WHERE rank <= CAST($4 AS INTEGER)
ORDER BY rank`,
};

export const usersNotSeenRecently: Insight = {
  id: 'users-not-seen-recently',
  title: 'Users not seen recently',
  question: 'Which users have not played anything for a while (the most active of them first)?',
  params: [
    { name: 'days', type: 'integer', default: 7, description: 'days without a play, before the latest play in the data', min: 1, max: 3660 },
    levelParam('now'),
    limitParam(20, 'users'),
  ],
  sql: `WITH latest AS (SELECT MAX(start_time) AS at FROM songplays),
seen AS (
  SELECT user_id, MAX(start_time) AS last_play, COUNT(*) AS plays
  FROM songplays
  WHERE user_id IS NOT NULL
  GROUP BY user_id
),
ranked AS (
  -- Whole seconds, then a division of doubles: Redshift's EXTRACT(EPOCH) gives whole seconds and an integer
  -- division would truncate, PostgreSQL's gives fractions; this is the same number on every engine.
  SELECT s.user_id, u.first_name, u.last_name, u.level, s.last_play, s.plays,
         FLOOR(CAST(FLOOR(EXTRACT(EPOCH FROM l.at)) - FLOOR(EXTRACT(EPOCH FROM s.last_play)) AS DOUBLE PRECISION) / 86400) AS days_away,
         ROW_NUMBER() OVER (ORDER BY s.plays DESC, s.last_play DESC, s.user_id) AS rank
  FROM seen s
  JOIN users u ON u.user_id = s.user_id
  CROSS JOIN latest l
  WHERE s.last_play < l.at - CAST($1 AS INTEGER) * INTERVAL '1 day' AND ${levelIs('u.level', 2)}
)
SELECT user_id, first_name || ' ' || last_name AS name, level, last_play, ${int('days_away')} AS days_away,
       ${int('plays')} AS plays
FROM ranked
WHERE rank <= CAST($3 AS INTEGER)
ORDER BY rank`,
};
