/** Words for song titles and artist names. Invented combinations, so any likeness to real songs is chance. */

export const ADJECTIVES = [
  'Blue', 'Golden', 'Broken', 'Silent', 'Electric', 'Lonely', 'Wild', 'Sweet', 'Dark', 'Bright', 'Crazy', 'Little',
  'Lost', 'Hollow', 'Velvet', 'Burning', 'Frozen', 'Restless', 'Midnight', 'Summer', 'Winter', 'Neon', 'Paper',
  'Crystal', 'Savage', 'Gentle', 'Secret', 'Empty', 'Endless', 'Heavy', 'Holy', 'Lucky', 'Northern', 'Southern',
  'Purple', 'Scarlet', 'Silver', 'Strange', 'Tender', 'Wicked', 'Young', 'Old', 'Cold', 'Hot', 'Faded', 'Hidden',
  'Shining', 'Falling', 'Rising', 'Running', 'Dancing', 'Sleeping', 'Naked', 'Radio', 'Cosmic', 'Rusty', 'Sugar',
  'Stone', 'Iron', 'Glass',
];

export const NOUNS = [
  'Heart', 'Night', 'River', 'Road', 'Fire', 'Rain', 'Dream', 'Love', 'Soul', 'Sky', 'Moon', 'Sun', 'City',
  'Train', 'Highway', 'Window', 'Mirror', 'Shadow', 'Angel', 'Devil', 'Ghost', 'Garden', 'Ocean', 'Island',
  'Mountain', 'Desert', 'Thunder', 'Lightning', 'Storm', 'Wave', 'Star', 'Rose', 'Diamond', 'Bullet', 'Honey',
  'Whiskey', 'Cigarette', 'Telephone', 'Letter', 'Song', 'Dance', 'Party', 'Summer', 'Morning', 'Evening',
  'Kingdom', 'Empire', 'Machine', 'Engine', 'Wolf', 'Tiger', 'Raven', 'Dove', 'Horse', 'Boy', 'Girl', 'Baby',
  'Lady', 'Stranger', 'Hero', 'Rebel', 'Saint', 'Sinner', 'Prayer', 'Promise', 'Secret', 'Memory', 'Echo',
  'Fever', 'Tears', 'Smile', 'Kiss', 'Home', 'Street', 'Avenue', 'Bridge', 'Harbor', 'Valley', 'Forest', 'Parade',
];

export const VERBS = [
  'Hold', 'Take', 'Give', 'Stay', 'Leave', 'Call', 'Wait', 'Run', 'Dance', 'Break', 'Shake', 'Kiss', 'Tell', 'Save',
  'Find', 'Lose', 'Touch', 'Chase', 'Follow', 'Believe', 'Remember', 'Forget', 'Burn', 'Drive', 'Fly', 'Sing',
];

export const OBJECTS = ['Me', 'You', 'Her', 'Him', 'Us', 'It', 'the Night', 'the Light', 'My Hand', 'Your Heart', 'the Wheel'];

export const TITLE_SUFFIXES = [
  ' (Live)', ' (Album Version)', ' (Remastered)', ' (Radio Edit)', ' (Acoustic)', ' (Demo)', ' (Extended Mix)',
  ' (Instrumental)', ' (Original Mix)', ' (Single Version)', ' (Remix)', ' (Skit)', ' [Bonus Track]', ' - Part 2',
];

export const BAND_PREFIXES = ['The', 'DJ', 'Lil', 'MC', 'Los', 'Die', 'Les', 'Big', 'Young', 'Dr.', 'Sister', 'Brother'];

export const BAND_SUFFIXES = [
  'Band', 'Trio', 'Quartet', 'Orchestra', 'Ensemble', 'Project', 'Collective', 'Experience', 'Crew', 'Brothers',
  'Sisters', 'Kings', 'Boys', 'Girls', 'Allstars', 'Club', 'Choir', 'Society', 'Syndicate', 'Sound System',
];

/** Strings that break naive CSV/SQL/JSON handling, worked into a small share of titles and names. */
export const TRICKY_TITLES: readonly ((word: string) => string)[] = [
  (w) => `Say "${w}"`,
  (w) => `${w}, ${w}, ${w}`,
  (w) => `${w} & Roses`,
  (w) => `Café ${w}`,
  (w) => `${w} Élégie`,
  (w) => `Señorita ${w}`,
  (w) => `${w} 🎸`,
  (w) => `${w}/Reprise`,
  (w) => `Back\\${w}`,
  (w) => `${w} \\N`,
  (w) => `It's a ${w}'s World`,
];

export const TRICKY_ARTISTS: readonly ((first: string, last: string) => string)[] = [
  (f, l) => `${f} "${l}" Jones`,
  (f, l) => `${f} & ${l}`,
  (f, l) => `${l}, ${f} and the Others`,
  (f, l) => `Zoë ${l}`,
  (f) => `Los Niños de ${f}`,
  (f, l) => `${f} ${l} ✨`,
  (f, l) => `${f} / ${l}`,
];

/** Artist home towns with coordinates (latitude, longitude); jittered per artist. */
export const PLACES: readonly (readonly [string, number, number])[] = [
  ['Memphis, TN', 35.149, -90.049], ['Nashville, TN', 36.162, -86.781], ['London, England', 51.507, -0.128],
  ['Los Angeles, CA', 34.052, -118.244], ['New York, NY', 40.713, -74.006], ['Chicago, IL', 41.878, -87.63],
  ['Detroit, MI', 42.331, -83.046], ['Seattle, WA', 47.606, -122.332], ['Austin, TX', 30.267, -97.743],
  ['Atlanta, GA', 33.749, -84.388], ['New Orleans, LA', 29.951, -90.072], ['Manchester, England', 53.481, -2.243],
  ['Dublin, Ireland', 53.35, -6.26], ['Paris, France', 48.857, 2.352], ['Berlin, Germany', 52.52, 13.405],
  ['Stockholm, Sweden', 59.329, 18.069], ['Reykjavík, Iceland', 64.147, -21.942], ['Toronto, Ontario, Canada', 43.653, -79.383],
  ['Montréal, Québec, Canada', 45.502, -73.567], ['Kingston, Jamaica', 18.018, -76.81], ['São Paulo, Brazil', -23.551, -46.633],
  ['Mexico City, Mexico', 19.433, -99.133], ['Havana, Cuba', 23.113, -82.366], ['Lagos, Nigeria', 6.524, 3.379],
  ['Tokyo, Japan', 35.69, 139.692], ['Sydney, Australia', -33.869, 151.209], ['Glasgow, Scotland', 55.864, -4.252],
  ['Bristol, England', 51.455, -2.588], ['Minneapolis, MN', 44.978, -93.265], ['Athens, GA', 33.951, -83.357],
  ['Seville, Spain', 37.389, -5.984], ['Oslo, Norway', 59.914, 10.752], ['Buenos Aires, Argentina', -34.604, -58.382],
];

/** Free-text locations without coordinates, as artists often entered them. */
export const VAGUE_PLACES = ['California - LA', 'Ohio', 'Texas', 'UK', 'Hollywood', 'Brooklyn', 'Bay Area', 'Scandinavia', 'Jersey Shore'];
