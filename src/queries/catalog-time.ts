/** When people listen: hour of day, weekday and week, from the time dimension (all times UTC). */
import type { Insight } from './insight-types.js';
import { int, levelIs, levelParam, percent, round1 } from './sql-fragments.js';

const TIMED_PLAYS = `timed AS (
  SELECT t.start_time, t.hour, t.weekday, sp.user_id
  FROM songplays sp JOIN time t ON t.start_time = sp.start_time
  WHERE ${levelIs('sp.level', 1)}
)`;

export const playsByHour: Insight = {
  id: 'plays-by-hour',
  title: 'Plays by hour of day',
  question: 'At what hour of the day (UTC) do people listen most, and least?',
  params: [levelParam()],
  chart: { label: 'hour', value: 'plays' },
  sql: `WITH ${TIMED_PLAYS},
total AS (SELECT COUNT(*) AS plays FROM timed)
SELECT d.hour, ${int('COUNT(*)')} AS plays, ${int('COUNT(DISTINCT d.user_id)')} AS users,
       ${percent('COUNT(*)', 'MAX(t.plays)')} AS share_pct
FROM timed d CROSS JOIN total t
GROUP BY d.hour
ORDER BY d.hour`,
};

export const playsByWeekday: Insight = {
  id: 'plays-by-weekday',
  title: 'Plays by weekday',
  question: 'On which days of the week do people listen most, per day of that kind in the data?',
  params: [levelParam()],
  chart: { label: 'weekday', value: 'plays_per_day' },
  // Some weekdays occur more often than others in a period: plays_per_day makes them comparable.
  sql: `WITH ${TIMED_PLAYS}
SELECT CASE d.weekday WHEN 0 THEN 'Sunday' WHEN 1 THEN 'Monday' WHEN 2 THEN 'Tuesday' WHEN 3 THEN 'Wednesday'
                      WHEN 4 THEN 'Thursday' WHEN 5 THEN 'Friday' ELSE 'Saturday' END AS weekday,
       ${int("COUNT(DISTINCT DATE_TRUNC('day', d.start_time))")} AS days, ${int('COUNT(*)')} AS plays,
       ${round1("CAST(COUNT(*) AS DOUBLE PRECISION) / COUNT(DISTINCT DATE_TRUNC('day', d.start_time))")} AS plays_per_day,
       ${int('COUNT(DISTINCT d.user_id)')} AS users
FROM timed d
GROUP BY d.weekday
ORDER BY (d.weekday + 6) % 7`,
};

export const playsByWeek: Insight = {
  id: 'plays-by-week',
  title: 'Plays by week',
  question: 'How does listening change over the weeks of the year (weeks start on Monday)?',
  params: [levelParam()],
  chart: { label: 'week_start', value: 'plays' },
  sql: `WITH ${TIMED_PLAYS},
weekly AS (
  SELECT DATE_TRUNC('week', d.start_time) AS week, COUNT(*) AS plays, COUNT(DISTINCT d.user_id) AS users,
         COUNT(DISTINCT DATE_TRUNC('day', d.start_time)) AS days
  FROM timed d
  GROUP BY DATE_TRUNC('week', d.start_time)
)
SELECT TO_CHAR(week, 'YYYY-MM-DD') AS week_start, ${int('days')} AS days, ${int('plays')} AS plays,
       ${int('users')} AS users, ${round1('CAST(plays AS DOUBLE PRECISION) / days')} AS plays_per_day
FROM weekly
ORDER BY week`,
};
