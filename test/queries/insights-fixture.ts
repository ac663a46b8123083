import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A hand-made month of listening with answers worked out by hand (see the expectations in the tests):
 * four users on four kinds of client in four places, one of them upgrading; plays that match the catalog
 * exactly, by title only, or not at all; a tie broken by the earliest play; text that needs CSV quoting and
 * a formula guard. Events other than plays and a logged-out visit must not count.
 */
export interface InsightsFixture {
  songData: string;
  logData: string;
  logJsonPath: string;
}

const AGENTS = {
  chromeMac: '"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36"',
  firefoxWindows: 'Mozilla/5.0 (Windows NT 6.1; WOW64; rv:31.0) Gecko/20100101 Firefox/31.0',
  safariIphone: '"Mozilla/5.0 (iPhone; CPU iPhone OS 7_1_2 like Mac OS X) AppleWebKit/537.51.2 (KHTML, like Gecko) Version/7.0 Mobile/11D257 Safari/9537.53"',
  ieWindows: 'Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; WOW64; Trident/6.0)',
};

interface User {
  userId: string;
  firstName: string;
  lastName: string;
  gender: string;
  location: string;
  userAgent: string;
}

const ann: User = { userId: '1', firstName: 'Ann', lastName: 'Lee', gender: 'F', location: 'San Francisco-Oakland-Hayward, CA', userAgent: AGENTS.chromeMac };
const bob: User = { userId: '2', firstName: 'Bob', lastName: 'Ray', gender: 'M', location: 'Chicago-Naperville-Elgin, IL-IN-WI', userAgent: AGENTS.firefoxWindows };
const cid: User = { userId: '3', firstName: 'Cid', lastName: 'Roe', gender: 'M', location: 'Los Angeles-Long Beach-Anaheim, CA', userAgent: AGENTS.safariIphone };
const dee: User = { userId: '4', firstName: 'Dee', lastName: 'Fox', gender: 'F', location: 'Austin-Round Rock, TX', userAgent: AGENTS.ieWindows };

type Play = [title: string, artist: string, length: number];
const HIT: Play = ['Hit', 'Star', 210];
const SONG_A: Play = ['Song A', 'Artist A', 200];
const SONG_B: Play = ['Song B', 'Artist A', 180];
const SONG_B_LONGER: Play = ['Song B', 'Artist A', 180.5];
const SONG_Z: Play = ['Song Z', 'Artist A', 100];
const FORMULA: Play = ['=1+2', '@Home, "Live"', 120];

function event(user: User | null, at: string, level: string, session: number, item: number, page: string, play?: Play): Record<string, unknown> {
  return {
    artist: play?.[1] ?? null,
    auth: user ? 'Logged In' : 'Logged Out',
    firstName: user?.firstName ?? null,
    gender: user?.gender ?? null,
    itemInSession: item,
    lastName: user?.lastName ?? null,
    length: play?.[2] ?? null,
    level,
    location: user?.location ?? null,
    method: play ? 'PUT' : 'GET',
    page,
    registration: user ? 1540919166796.0 : null,
    sessionId: session,
    song: play?.[0] ?? null,
    status: 200,
    ts: Date.parse(`${at}Z`),
    userAgent: user?.userAgent ?? null,
    userId: user?.userId ?? '',
  };
}

const play = (user: User, at: string, level: string, session: number, item: number, song: Play) => event(user, at, level, session, item, 'NextSong', song);

/** The events in time order; songplay_id follows this order (plays only): 1 = Dee's, 12 = Ann's last. */
const EVENTS = [
  play(dee, '2018-11-02T23:59:00', 'free', 40, 0, SONG_B),
  event(ann, '2018-11-05T08:59:00', 'free', 10, 0, 'Home'),
  play(ann, '2018-11-05T09:00:00', 'free', 10, 1, HIT),
  play(ann, '2018-11-05T09:04:00', 'free', 10, 2, SONG_A),
  play(ann, '2018-11-05T09:08:00', 'free', 10, 3, HIT),
  play(bob, '2018-11-05T18:00:00', 'paid', 20, 0, SONG_A),
  play(bob, '2018-11-05T18:04:00', 'paid', 20, 1, SONG_B),
  play(bob, '2018-11-05T18:07:00', 'paid', 20, 2, SONG_B_LONGER),
  play(bob, '2018-11-05T18:10:00', 'paid', 20, 3, SONG_Z),
  play(cid, '2018-11-06T09:30:00', 'free', 30, 0, FORMULA),
  event(null, '2018-11-06T10:00:00', 'free', 31, 0, 'Home'),
  play(bob, '2018-11-07T18:00:00', 'paid', 21, 0, HIT),
  event(ann, '2018-11-13T17:59:00', 'free', 11, 0, 'Submit Upgrade'),
  play(ann, '2018-11-13T18:00:00', 'paid', 11, 1, SONG_A),
  play(ann, '2018-11-13T18:04:00', 'paid', 11, 2, HIT),
];

const SONGS = [
  { song_id: 'SOA', title: 'Song A', artist_id: 'ARA', artist_name: 'Artist A', duration: 200, year: 2001 },
  { song_id: 'SOB', title: 'Song B', artist_id: 'ARA', artist_name: 'Artist A', duration: 180, year: 2002 },
  { song_id: 'SOC', title: 'Other', artist_id: 'ARC', artist_name: 'Artist C', duration: 150, year: 0 },
];

export function writeInsightsFixture(dir: string): InsightsFixture {
  const songData = join(dir, 'song_data');
  const logData = join(dir, 'log_data');
  mkdirSync(songData, { recursive: true });
  mkdirSync(logData, { recursive: true });
  for (const s of SONGS) {
    const record = { num_songs: 1, artist_latitude: null, artist_longitude: null, artist_location: '', ...s };
    writeFileSync(join(songData, `${s.song_id}.json`), JSON.stringify(record));
  }
  const byDay = new Map<string, string[]>();
  for (const e of EVENTS) {
    const day = new Date(e.ts as number).toISOString().slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), JSON.stringify(e)]);
  }
  for (const [day, lines] of byDay) writeFileSync(join(logData, `${day}-events.json`), `${lines.join('\n')}\n`);
  return { songData, logData, logJsonPath: 'auto ignorecase' };
}
