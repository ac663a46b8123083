import type { Random } from './random.js';
import {
  ADJECTIVES, BAND_PREFIXES, BAND_SUFFIXES, NOUNS, OBJECTS, TITLE_SUFFIXES, TRICKY_ARTISTS, TRICKY_TITLES, VERBS,
} from './vocab-music.js';
import { FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES } from './vocab-people.js';

/** Share of titles and artist names that carry quotes, commas, accents, emoji or backslashes. */
const TRICKY_SHARE = 0.03;

export function songTitle(r: Random): string {
  if (r.chance(TRICKY_SHARE)) return r.pick(TRICKY_TITLES)(r.pick(NOUNS));
  let title: string;
  switch (r.int(0, 7)) {
    case 0:
      title = `${r.pick(ADJECTIVES)} ${r.pick(NOUNS)}`;
      break;
    case 1:
      title = `${r.pick(NOUNS)} of the ${r.pick(NOUNS)}`;
      break;
    case 2:
      title = `${r.pick(VERBS)} ${r.pick(OBJECTS)}`;
      break;
    case 3:
      title = `Don't ${r.pick(VERBS)} ${r.pick(OBJECTS)}`;
      break;
    case 4:
      title = `The ${r.pick(ADJECTIVES)} ${r.pick(NOUNS)}`;
      break;
    case 5:
      title = `${r.pick(NOUNS)} in ${r.pick(ADJECTIVES)} ${r.pick(NOUNS)}`;
      break;
    case 6:
      title = `${r.pick(VERBS)} Me ${r.pick(ADJECTIVES)}`;
      break;
    default:
      title = r.pick(NOUNS);
  }
  return r.chance(0.15) ? title + r.pick(TITLE_SUFFIXES) : title;
}

export function artistName(r: Random): string {
  const first = r.chance(0.5) ? r.pick(FIRST_NAMES_F) : r.pick(FIRST_NAMES_M);
  const last = r.pick(LAST_NAMES);
  if (r.chance(TRICKY_SHARE)) return r.pick(TRICKY_ARTISTS)(first, last);
  switch (r.int(0, 6)) {
    case 0:
      return `The ${r.pick(ADJECTIVES)} ${plural(r.pick(NOUNS))}`;
    case 1:
      return `${first} ${last}`;
    case 2:
      return `${r.pick(ADJECTIVES)} ${r.pick(NOUNS)}`;
    case 3:
      return `${first} ${last} ${r.pick(BAND_SUFFIXES)}`;
    case 4:
      return `${r.pick(BAND_PREFIXES)} ${r.pick(NOUNS)}`;
    case 5:
      return `${r.pick(NOUNS)} & the ${r.pick(ADJECTIVES)} ${r.pick(BAND_SUFFIXES)}`;
    default:
      return `${r.pick(ADJECTIVES)} ${r.pick(NOUNS)} ${r.pick(BAND_SUFFIXES)}`;
  }
}

function plural(noun: string): string {
  if (/[^aeiou]y$/.test(noun)) return noun.slice(0, -1) + 'ies';
  if (/(s|x|ch|sh)$/.test(noun)) return noun + 'es';
  return noun + 's';
}

/**
 * A name not yet in `taken` (and added to it). The vocabulary gives well over 100,000 combinations; once it
 * runs thin a number keeps names unique, so that an artist name identifies one artist.
 */
export function uniqueName(r: Random, make: (r: Random) => string, taken: Set<string>): string {
  for (let attempt = 0; attempt < 8; attempt++) {
    const name = make(r);
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
  const base = make(r);
  for (let n = 2; ; n++) {
    const name = `${base} ${n}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const HEX = '0123456789ABCDEF';
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** An 18-character id like the Million Song Dataset's: prefix, 5 letters, 11 hex digits (TRABBNP128F932546F). */
export function msdId(r: Random, prefix: 'TR' | 'SO'): string {
  let id = prefix;
  for (let i = 0; i < 5; i++) id += UPPER[r.int(0, 25)];
  for (let i = 0; i < 11; i++) id += HEX[r.int(0, 15)];
  return id;
}

/** An artist id: "AR" and 16 upper-case letters or digits (AR62SOJ1187FB47BB5). */
export function artistId(r: Random): string {
  let id = 'AR';
  for (let i = 0; i < 16; i++) id += ALNUM[r.int(0, 35)];
  return id;
}
