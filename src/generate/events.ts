import type { LineFile } from './line-file.js';
import { FREE_PAGES, LOGGED_OUT_PAGES, LOGIN, LOGOUT, PAID_PAGES, SUBMIT_DOWNGRADE, SUBMIT_UPGRADE } from './pages.js';
import type { PlayPicker } from './plays.js';
import { Random, Weighted } from './random.js';
import { SessionQueue, type Session } from './session-queue.js';
import { ANONYMOUS, type User } from './users.js';

const DAY_MS = 86_400_000;
const MEAN_ITEMS = 30;
const MAX_ITEMS = 200;
/** A generous average time per event (a song is ~4 minutes): sessions start early enough to end the same day. */
const ITEM_MS_ESTIMATE = 240_000;

/** Session starts by hour (UTC): most users are in the US, so few start in the US night. */
const START_HOUR = new Weighted(
  [2, 1.5, 1, 0.7, 0.5, 0.4, 0.4, 0.5, 0.7, 1, 1.4, 1.8, 2.2, 2.6, 3, 3.2, 3.3, 3.4, 3.4, 3.3, 3.2, 3, 2.8, 2.4].map(
    (weight, hour) => [hour, weight] as const,
  ),
);

/** Counts of what was written, for the caller's summary and for tests. */
export interface EventCounts {
  events: number;
  nextSong: number;
  matched: number;
}

/**
 * Simulates the app day by day. Each day's sessions are planned up front (user, start time, number of events),
 * then played out through a priority queue ordered by each session's next timestamp, so lines come out sorted
 * by ts while sessions interleave. Only the day's sessions are in memory, never its events.
 */
export class EventGenerator {
  private readonly r: Random;
  private nextSessionId = 1;
  readonly counts: EventCounts = { events: 0, nextSong: 0, matched: 0 };

  constructor(
    private readonly users: readonly User[],
    private readonly plays: PlayPicker,
    seed: number,
  ) {
    this.r = new Random(seed, 'events');
  }

  /** Writes exactly `count` events of the UTC day starting at `dayStart`; awaits `pause` after each chunk. */
  async writeDay(file: LineFile, dayStart: number, count: number, pause: () => Promise<void>): Promise<void> {
    const queue = new SessionQueue(this.planDay(dayStart, count));
    const lastMs = dayStart + DAY_MS - 1;
    for (let s = queue.peek(); s !== undefined; s = queue.peek()) {
      const written = file.bytes;
      const gap = this.emit(file, s);
      if (file.bytes !== written) await pause();
      if (--s.left === 0) queue.pop();
      else {
        s.t = Math.min(s.t + gap, lastMs);
        queue.updateTop();
      }
    }
  }

  private planDay(dayStart: number, count: number): Session[] {
    const r = this.r;
    const sessions: Session[] = [];
    for (let left = count; left > 0; ) {
      const items = Math.min(left, MAX_ITEMS, 1 + Math.floor(r.exponential(MEAN_ITEMS - 1)));
      left -= items;
      const latest = Math.max(0, DAY_MS - items * ITEM_MS_ESTIMATE);
      let offset = START_HOUR.pick(r) * 3_600_000 + r.int(0, 3_599_999);
      if (offset > latest) offset = r.int(0, latest);
      const user = this.users[r.skewed(this.users.length, 2)]!;
      sessions.push({ seq: 0, id: 0, user, left: items, item: 0, loggedIn: !r.chance(0.03), t: dayStart + offset });
    }
    // Session ids grow with start time, as a server would hand them out.
    sessions.sort((a, b) => a.t - b.t);
    sessions.forEach((s, i) => {
      s.seq = i;
      s.id = this.nextSessionId++;
    });
    return sessions;
  }

  /** Writes the session's next event; returns the time until the session's following event. */
  private emit(file: LineFile, s: Session): number {
    const r = this.r;
    const user = s.user;
    const loggedIn = s.loggedIn;
    const page = loggedIn ? (user.level === 'paid' ? PAID_PAGES : FREE_PAGES).pick(r) : LOGGED_OUT_PAGES.pick(r);
    const who = loggedIn ? user : ANONYMOUS;
    let artist = 'null';
    let song = 'null';
    let length = 'null';
    let gap: number;
    if (page.nextSong) {
      const play = this.plays.pick(r);
      artist = play.artist;
      song = play.song;
      length = play.length;
      this.counts.nextSong++;
      if (play.matched) this.counts.matched++;
      // The next event comes when the song ends, or earlier when it is skipped.
      gap = r.chance(0.08) ? r.int(5_000, play.lengthMs) : play.lengthMs + r.int(0, 2_000);
    } else {
      gap = r.chance(0.3) ? 0 : r.int(1_000, 45_000);
    }
    const line =
      '{"artist":' + artist + who.auth + s.item + who.last + length +
      (user.level === 'paid' ? ',"level":"paid"' : ',"level":"free"') + who.location + page.head + who.registration +
      ',"sessionId":' + s.id + ',"song":' + song + page.status + s.t + who.tail;
    this.counts.events++;
    s.item++;
    if (loggedIn) user.seen = true;
    // The event shows the state before the action; the action changes what follows.
    if (page === LOGOUT) s.loggedIn = false;
    else if (page === LOGIN) s.loggedIn = true;
    else if (page === SUBMIT_UPGRADE) user.level = 'paid';
    else if (page === SUBMIT_DOWNGRADE) user.level = 'free';
    file.add(line);
    return gap;
  }
}
