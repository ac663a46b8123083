import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pyFloat, pyString, round5 } from './json-text.js';
import { artistId, artistName, msdId, songTitle, uniqueName } from './names.js';
import { Random } from './random.js';
import { PLACES, VAGUE_PLACES } from './vocab-music.js';

/** What the event generator needs to know of a catalog song to play it with an exact match. */
export interface CatalogSong {
  title: string;
  artistName: string;
  duration: number;
}

export interface Catalog {
  songs: CatalogSong[];
  /** songKey() of every song: plays outside the catalog must avoid these. */
  keys: Set<string>;
  bytes: number;
}

interface Artist {
  id: string;
  name: string;
  latitude: number | null;
  longitude: number | null;
  location: string;
}

/** The ETL's exact match: (title, artist name, duration). */
export function songKey(title: string, artist: string, duration: number): string {
  return `${title}\u0000${artist}\u0000${duration}`;
}

/** A title and duration (seconds, 5 decimals) for a song by `artist` whose songKey is not in `taken`. */
export function newSong(r: Random, artist: string, taken: ReadonlySet<string>): { title: string; duration: number } {
  for (;;) {
    const title = songTitle(r);
    const duration = round5(Math.min(1200, 45 + r.exponential(190)) + r.next() / 1e3);
    if (!taken.has(songKey(title, artist, duration))) return { title, duration };
  }
}

/**
 * Writes `count` song files under `<out>/song_data/X/Y/Z/` (X, Y, Z: the 3rd-5th characters of the track id)
 * and returns the catalog. `tick` is awaited every 1,000 files so the caller can report and yield.
 */
export async function writeSongs(out: string, count: number, seed: number, tick: (written: number) => Promise<void>): Promise<Catalog> {
  const r = new Random(seed, 'songs');
  const artists = makeArtists(r, Math.max(1, Math.ceil(count / 4)));
  const ids = new Set<string>();
  const madeDirs = new Set<string>();
  const catalog: Catalog = { songs: [], keys: new Set(), bytes: 0 };
  for (let i = 0; i < count; i++) {
    // Every artist gets a song first; popular artists then get more.
    const artist = i < artists.length ? artists[i]! : artists[r.skewed(artists.length, 2)]!;
    const trackId = uniqueId(() => msdId(r, 'TR'), ids);
    const songId = uniqueId(() => msdId(r, 'SO'), ids);
    const { title, duration } = newSong(r, artist.name, catalog.keys);
    const year = r.chance(0.5) ? 0 : 2010 - r.skewed(55, 2);
    const text =
      `{"num_songs": 1, "artist_id": "${artist.id}", "artist_latitude": ${num(artist.latitude)}, ` +
      `"artist_longitude": ${num(artist.longitude)}, "artist_location": ${pyString(artist.location)}, ` +
      `"artist_name": ${pyString(artist.name)}, "song_id": "${songId}", "title": ${pyString(title)}, ` +
      `"duration": ${pyFloat(duration)}, "year": ${year}}`;
    const dir = join(out, 'song_data', trackId[2]!, trackId[3]!, trackId[4]!);
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    writeFileSync(join(dir, `${trackId}.json`), text);
    catalog.bytes += text.length; // pyString escapes non-ASCII: one byte per character
    catalog.songs.push({ title, artistName: artist.name, duration });
    catalog.keys.add(songKey(title, artist.name, duration));
    if ((i + 1) % 1000 === 0) await tick(i + 1);
  }
  await tick(count);
  return catalog;
}

function makeArtists(r: Random, count: number): Artist[] {
  const names = new Set<string>();
  const ids = new Set<string>();
  const artists: Artist[] = [];
  for (let i = 0; i < count; i++) {
    const id = uniqueId(() => artistId(r), ids);
    const name = uniqueName(r, artistName, names);
    // Shares like the real sample: ~40% without any location, ~15% with free text but no coordinates.
    const kind = r.next();
    if (kind < 0.4) artists.push({ id, name, latitude: null, longitude: null, location: '' });
    else if (kind < 0.55) artists.push({ id, name, latitude: null, longitude: null, location: r.pick(VAGUE_PLACES) });
    else {
      const [location, lat, lon] = r.pick(PLACES);
      artists.push({ id, name, location, latitude: round5(lat + r.float(-0.2, 0.2)), longitude: round5(lon + r.float(-0.2, 0.2)) });
    }
  }
  return artists;
}

/** A fresh id from `make`, added to `taken`. */
function uniqueId(make: () => string, taken: Set<string>): string {
  let id = make();
  while (taken.has(id)) id = make();
  taken.add(id);
  return id;
}

function num(value: number | null): string {
  return value === null ? 'null' : pyFloat(value);
}
