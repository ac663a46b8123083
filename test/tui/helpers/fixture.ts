import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the tiny dataset below builds; the screens' tests assert these numbers. */
export const FIXTURE = { songs: 3, events: 12, plays: 9, users: 3 };

const SONGS = [
  { song_id: 'SOAAA', title: 'Yellow', artist_id: 'ARCOLD', artist_name: 'Coldplay', duration: 269.0, year: 2000 },
  { song_id: 'SOBBB', title: "You're The One", artist_id: 'ARDWIG', artist_name: 'Dwight Yoakam', duration: 239.3, year: 1990 },
  { song_id: 'SOCCC', title: 'Clocks', artist_id: 'ARCOLD', artist_name: 'Coldplay', duration: 307.9, year: 2002 },
];

const USERS = [
  { userId: '10', firstName: 'Ada', lastName: 'King', gender: 'F', level: 'paid' },
  { userId: '11', firstName: 'Bo', lastName: 'Lee', gender: 'M', level: 'free' },
  { userId: '12', firstName: 'Cy', lastName: 'Moe', gender: 'M', level: 'free' },
];

/**
 * `extraEvents` adds that many page views (no plays). Writes song_data/, log_data/ and log_json_path.json into `dir`: 3 songs, 12 events of which 9 are plays
 * (the most played: "You're The One", 4 times). `badLine` writes a broken record at that line of the log.
 */
export function writeFixture(
  dir: string,
  options: { badLine?: number; extraEvents?: number } = {},
): { songData: string; logData: string; logJsonPath: string } {
  const songData = join(dir, 'song_data');
  const logData = join(dir, 'log_data');
  mkdirSync(join(songData, 'A'), { recursive: true });
  mkdirSync(logData, { recursive: true });
  SONGS.forEach((s, i) => {
    writeFileSync(join(songData, 'A', `song-${i}.json`), JSON.stringify({ num_songs: 1, artist_latitude: null, artist_longitude: null, artist_location: '', ...s }));
  });
  const plays = [1, 1, 1, 1, 0, 0, 2, 0, 1];
  const lines: string[] = [];
  let ts = 1541105830796;
  plays.forEach((songIndex, i) => {
    const song = SONGS[songIndex]!;
    const user = USERS[i % USERS.length]!;
    lines.push(event({ ...user, page: 'NextSong', song: song.title, artist: song.artist_name, length: song.duration, ts: (ts += 60_000), itemInSession: i }));
  });
  for (const user of USERS) lines.push(event({ ...user, page: 'Home', song: null, artist: null, length: null, ts: (ts += 60_000), itemInSession: 0 }));
  // Page views that only make the staging load long enough to be watched (and cancelled).
  for (let i = 0; i < (options.extraEvents ?? 0); i++) {
    const user = USERS[i % USERS.length]!;
    lines.push(event({ ...user, page: 'Home', song: null, artist: null, length: null, ts: ts + i, itemInSession: i }));
  }
  if (options.badLine !== undefined) lines.splice(options.badLine - 1, 0, '{"artist": "broken", "ts": ');
  writeFileSync(join(logData, '2018-11-01-events.json'), `${lines.join('\n')}\n`);
  const logJsonPath = join(dir, 'log_json_path.json');
  const keys = ['artist', 'auth', 'firstName', 'gender', 'itemInSession', 'lastName', 'length', 'level', 'location', 'method', 'page', 'registration', 'sessionId', 'song', 'status', 'ts', 'userAgent', 'userId'];
  writeFileSync(logJsonPath, JSON.stringify({ jsonpaths: keys.map((k) => `$['${k}']`) }, null, 2));
  return { songData, logData, logJsonPath };
}

function event(fields: Record<string, unknown>): string {
  return JSON.stringify({
    auth: 'Logged In',
    location: 'San Francisco-Oakland-Hayward, CA',
    method: 'PUT',
    registration: 1540919166796.0,
    sessionId: 38,
    status: 200,
    userAgent: 'Mozilla/5.0',
    ...fields,
  });
}
