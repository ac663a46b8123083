import type { Insight } from './insight-types.js';
import { paidVsFree, locations, sessions, userAgents } from './catalog-audience.js';
import { catalogGaps, topArtists, topSongs } from './catalog-popularity.js';
import { usersListeningLess, usersNotSeenRecently } from './catalog-retention.js';
import { playsByHour, playsByWeek, playsByWeekday } from './catalog-time.js';

/** Every saved insight, in the order lists and the report show them. */
export const INSIGHTS: readonly Insight[] = [
  topSongs,
  topArtists,
  catalogGaps,
  userAgents,
  locations,
  paidVsFree,
  playsByHour,
  playsByWeekday,
  playsByWeek,
  usersListeningLess,
  usersNotSeenRecently,
  sessions,
];
