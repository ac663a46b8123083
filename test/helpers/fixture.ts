import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A tiny dataset in the real formats with hand-checked answers: a user who upgrades (free -> paid), a
 * logged-out event, exact and near-miss catalog matches, two plays at the same instant, a pretty-printed
 * song file and strings with quotes, commas and emoji.
 */
export interface Fixture {
  songData: string;
  logData: string;
  logJsonPath: string;
  counts: Record<string, number>;
  matched: number;
}

const T0 = Date.UTC(2018, 10, 1, 16, 0, 0); // 2018-11-01 16:00 UTC
const T1 = Date.UTC(2018, 10, 2, 9, 30, 0);

const ann = { firstName: 'Ann', gender: 'F', lastName: 'Lee', location: 'Paris-Ile, FR', registration: 1540919166796, userAgent: '"Mozilla/5.0 (Macintosh)"', userId: '10' };
const bob = { firstName: 'Bob', gender: 'M', lastName: 'Ray', location: 'Austin, TX', registration: 1540919166000, userAgent: '"Mozilla/5.0 (Windows NT 6.1)"', userId: '20' };
const out = { firstName: null, gender: null, lastName: null, location: null, registration: null, userAgent: null, userId: '' };

function event(who: object, page: string, ts: number, level: string, session: number, item: number, play?: [string, string, number]): string {
  const e = {
    artist: play?.[1] ?? null,
    auth: who === out ? 'Logged Out' : 'Logged In',
    firstName: null as string | null,
    gender: null as string | null,
    itemInSession: item,
    lastName: null as string | null,
    length: play?.[2] ?? null,
    level,
    location: null as string | null,
    method: page === 'NextSong' ? 'PUT' : 'GET',
    page,
    registration: null as number | null,
    sessionId: session,
    song: play?.[0] ?? null,
    status: 200,
    ts,
    userAgent: null as string | null,
    userId: '',
    ...who,
  };
  const ordered = ['artist', 'auth', 'firstName', 'gender', 'itemInSession', 'lastName', 'length', 'level', 'location', 'method', 'page', 'registration', 'sessionId', 'song', 'status', 'ts', 'userAgent', 'userId'];
  return JSON.stringify(Object.fromEntries(ordered.map((k) => [k, e[k as keyof typeof e]])));
}

const song = (id: string, title: string, artistId: string, artist: string, duration: number, year: number, location: string, lat: number | null) => ({
  num_songs: 1,
  artist_id: artistId,
  artist_latitude: lat,
  artist_longitude: lat === null ? null : lat + 1,
  artist_location: location,
  artist_name: artist,
  song_id: id,
  title,
  duration,
  year,
});

export function writeFixture(dir: string): Fixture {
  const songData = join(dir, 'song_data');
  const logData = join(dir, 'log_data');
  const songs: [string, object, boolean][] = [
    ['A/A/A/TRAAAAA000000001.json', song('SOA', 'Song A', 'ARA', 'Artist A', 200.5, 2000, 'Paris', 48.8), false],
    ['A/A/B/TRAABAA000000002.json', song('SOB', 'Song B', 'ARA', 'Artist A', 180.25, 0, '', null), false],
    ['A/B/A/TRABAAA000000003.json', song('SOC', 'Q"uote, Song', 'ARC', 'Émoji 😀', 99.9, 2010, 'Oslo', 59.9), true],
  ];
  for (const [path, record, pretty] of songs) {
    mkdirSync(join(songData, path, '..'), { recursive: true });
    writeFileSync(join(songData, path), JSON.stringify(record, null, pretty ? 2 : undefined));
  }
  mkdirSync(join(logData, '2018', '11'), { recursive: true });
  const day1 = [
    event(ann, 'Home', T0, 'free', 1, 0),
    event(ann, 'NextSong', T0 + 1000, 'free', 1, 1, ['Song A', 'Artist A', 200.5]),
    event(ann, 'NextSong', T0 + 2000, 'free', 1, 2, ['Unknown', 'Nobody', 123]),
    event(out, 'Home', T0 + 3000, 'free', 2, 0),
    event(bob, 'NextSong', T0 + 3000, 'paid', 3, 0, ['Song B', 'Artist A', 180.25]),
  ];
  const day2 = [
    event(ann, 'Submit Upgrade', T1, 'free', 4, 0),
    event(ann, 'NextSong', T1 + 1000, 'paid', 4, 1, ['Song A', 'Artist A', 200.6]),
    event(bob, 'NextSong', T1 + 1000, 'paid', 5, 0, ['Q"uote, Song', 'Émoji 😀', 99.9]),
  ];
  writeFileSync(join(logData, '2018', '11', '2018-11-01-events.json'), `${day1.join('\n')}\n`);
  writeFileSync(join(logData, '2018', '11', '2018-11-02-events.json'), day2.join('\n'));
  const names = ['artist', 'auth', 'firstName', 'gender', 'itemInSession', 'lastName', 'length', 'level', 'location', 'method', 'page', 'registration', 'sessionId', 'song', 'status', 'ts', 'userAgent', 'userId'];
  const logJsonPath = join(dir, 'log_json_path.json');
  writeFileSync(logJsonPath, JSON.stringify({ jsonpaths: names.map((n) => `$['${n}']`) }, null, 4));
  return {
    songData,
    logData,
    logJsonPath,
    counts: { staging_events: 8, staging_songs: 3, songplays: 5, users: 2, songs: 3, artists: 2, time: 4 },
    matched: 3,
  };
}
