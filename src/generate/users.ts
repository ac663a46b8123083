import { logString } from './json-text.js';
import { Random, Weighted } from './random.js';
import { FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, METROS, USER_AGENTS } from './vocab-people.js';

export type Level = 'free' | 'paid';

/**
 * A user of the app, with the parts of an event line that depend only on the user written once: a line is
 * then a concatenation of ready pieces (see events.ts for the order).
 */
export interface User {
  id: string;
  /** Changes when the user submits an upgrade or downgrade; events carry the level of their moment. */
  level: Level;
  /** Appeared logged in in some event. */
  seen: boolean;
  auth: string;
  last: string;
  location: string;
  registration: string;
  tail: string;
}

/** The same pieces for a logged-out event: the app does not know who is browsing. */
export const ANONYMOUS = {
  auth: ',"auth":"Logged Out","firstName":null,"gender":null,"itemInSession":',
  last: ',"lastName":null,"length":',
  location: ',"location":null,',
  registration: 'null',
  tail: ',"userAgent":null,"userId":""}',
} as const;

const REGISTRATION_FROM = Date.UTC(2018, 4, 1);
const REGISTRATION_TO = Date.UTC(2018, 10, 1);

/** The pool of users: the first ones are the most active (sessions pick users with a skew) and more often paid. */
export function makeUsers(count: number, seed: number): User[] {
  const r = new Random(seed, 'users');
  const agents = new Weighted(USER_AGENTS);
  const users: User[] = [];
  let id = 1;
  for (let i = 0; i < count; i++) {
    id += r.chance(0.1) ? r.int(2, 5) : 1;
    const female = r.chance(0.5);
    const first = r.pick(female ? FIRST_NAMES_F : FIRST_NAMES_M);
    const agent = agents.pick(r);
    // The logs wrap agents that contain a comma in literal quotes (an upstream CSV artifact).
    const agentValue = agent.includes(',') ? `"${agent}"` : agent;
    const paid = r.chance(i < count / 4 ? 0.65 : 0.2);
    users.push({
      id: String(id),
      level: paid ? 'paid' : 'free',
      seen: false,
      auth: `,"auth":"Logged In","firstName":${logString(first)},"gender":"${female ? 'F' : 'M'}","itemInSession":`,
      last: `,"lastName":${logString(r.pick(LAST_NAMES))},"length":`,
      location: `,"location":${logString(r.pick(METROS))},`,
      registration: `${r.int(REGISTRATION_FROM, REGISTRATION_TO - 1)}.0`,
      tail: `,"userAgent":${logString(agentValue)},"userId":"${id}"}`,
    });
  }
  return users;
}

/** How many users for a number of events: about 80 events each, at least 20, at most 10,000. */
export function userCount(events: number): number {
  return Math.min(10_000, Math.max(20, Math.floor(events / 80)));
}
