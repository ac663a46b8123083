import { logString, pyFloat } from './json-text.js';
import { artistName, uniqueName } from './names.js';
import { Random } from './random.js';
import { newSong, type Catalog, type CatalogSong } from './songs.js';

/** A song as a NextSong event shows it, its JSON values already written in the logs' dialect. */
export interface Play {
  artist: string;
  song: string;
  length: string;
  lengthMs: number;
  /** (title, artist, duration) is exactly a catalog song's. */
  matched: boolean;
}

/** Share of plays that are catalog songs: the real logs match the song data about this rarely. */
const MATCH_SHARE = 0.02;
const MAX_UNIVERSE = 100_000;

/**
 * Picks the song of each play. Most plays come from a "universe" of songs outside the catalog (as in the real
 * data, where the song files are a small sample of what people played), with power-law popularity so that
 * top-song queries have a clear answer. Its size grows with the event count up to a cap, so memory stays flat.
 */
export class PlayPicker {
  private readonly universe: Play[] = [];
  private readonly catalogPlays: (Play | undefined)[];

  constructor(
    private readonly catalog: Catalog,
    events: number,
    seed: number,
  ) {
    this.catalogPlays = new Array<Play | undefined>(catalog.songs.length);
    const r = new Random(seed, 'universe');
    const size = Math.min(MAX_UNIVERSE, Math.max(100, Math.round(events / 15)));
    const catalogArtists = [...new Set(catalog.songs.map((s) => s.artistName))];
    const names = new Set(catalogArtists);
    const artists: string[] = [];
    for (let i = 0; i < Math.ceil(size / 4); i++) artists.push(uniqueName(r, artistName, names));
    for (let i = 0; i < size; i++) {
      // Some missing songs are by artists the catalog knows: "we have the artist, not this song".
      const artist = r.chance(0.2) ? r.pick(catalogArtists) : artists[r.skewed(artists.length, 2)]!;
      const { title, duration } = newSong(r, artist, catalog.keys);
      this.universe.push(encode({ title, artistName: artist, duration }, false));
    }
  }

  pick(r: Random): Play {
    if (r.next() < MATCH_SHARE) {
      const index = r.skewed(this.catalog.songs.length, 2);
      return (this.catalogPlays[index] ??= encode(this.catalog.songs[index]!, true));
    }
    return this.universe[r.skewed(this.universe.length, 3)]!;
  }
}

function encode(song: CatalogSong, matched: boolean): Play {
  return {
    artist: logString(song.artistName),
    song: logString(song.title),
    length: pyFloat(song.duration),
    lengthMs: Math.round(song.duration * 1000),
    matched,
  };
}
