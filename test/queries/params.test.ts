import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { bindValues, findInsight, limitNote, parseParamFlags, parseParams, rowLimit } from '../../src/queries/insights.js';

const topSongs = findInsight('top-songs');
const less = findInsight('users-listening-less');

function failure(run: () => unknown): { message: string; exitCode: number } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return { message: (error as ConfigError).message, exitCode: (error as ConfigError).exitCode };
  }
  throw new Error('expected a ConfigError');
}

describe('parseParams', () => {
  it('fills every parameter: given values typed, the others at their default', () => {
    expect(parseParams(topSongs, {})).toEqual({ limit: 10, level: 'all', from: null, to: null, artist: '' });
    expect(parseParams(topSongs, { limit: ' 25 ', level: 'PAID', from: '2018-11-01', to: '2018-11-30', artist: 'Cold Play ' })).toEqual({
      limit: 25,
      level: 'paid',
      from: '2018-11-01',
      to: '2018-11-30',
      artist: 'Cold Play ',
    });
    expect(parseParams(findInsight('user-agents'), { by: 'os' })).toEqual({ by: 'os', level: 'all' });
    expect(parseParams(less, { split: '2018-11-15', days: '7' })).toEqual({ days: 7, split: '2018-11-15', level: 'all', limit: 20 });
  });

  it('rejects, in one line naming the insight, parameter and value, each kind of bad value (exit 2)', () => {
    const cases: [Record<string, string>, string][] = [
      [{ limit: 'ten' }, 'top-songs: limit = "ten": expected a whole number'],
      [{ limit: '2.5' }, 'top-songs: limit = "2.5": expected a whole number'],
      [{ limit: '0' }, 'top-songs: limit = "0": expected a number from 1 to 100000'],
      [{ limit: '1e3' }, 'top-songs: limit = "1e3": expected a whole number'],
      [{ from: '2018-02-30' }, 'top-songs: from = "2018-02-30": expected a date as YYYY-MM-DD'],
      [{ from: '11/01/2018' }, 'top-songs: from = "11/01/2018": expected a date as YYYY-MM-DD'],
      [{ to: "2018-11-01'; DROP TABLE songs; --" }, `top-songs: to = "2018-11-01'; DROP TABLE songs; --": expected a date as YYYY-MM-DD`],
      [{ level: 'gold' }, 'top-songs: level = "gold": use one of all, free, paid'],
      [{ colour: 'red' }, 'top-songs has no parameter "colour" (its parameters: limit, level, from, to, artist)'],
      [{ limit: 'a\nb' }, 'top-songs: limit = "a\\nb": expected a whole number'],
    ];
    for (const [raw, message] of cases) expect(failure(() => parseParams(topSongs, raw))).toEqual({ message, exitCode: 2 });
    expect(failure(() => parseParams(findInsight('locations'), { by: 'city' })).message).toBe('locations: by = "city": use one of metro, state');
    expect(failure(() => parseParams(less, { days: '5000' })).message).toBe('users-listening-less: days = "5000": expected a number from 1 to 3660');
  });

  it('accepts an empty date only where the default is open', () => {
    expect(parseParams(topSongs, { from: '' }).from).toBeNull();
    expect(parseParams(less, { split: '' }).split).toBeNull();
  });
});

describe('parseParamFlags', () => {
  it('splits name=value at the first =', () => {
    expect(parseParamFlags(['limit=5', 'artist=a=b', 'from='])).toEqual({ limit: '5', artist: 'a=b', from: '' });
    expect(parseParamFlags([])).toEqual({});
  });

  it('rejects a flag without a name or a value, and a name given twice', () => {
    expect(failure(() => parseParamFlags(['limit'])).message).toBe('--param limit: expected name=value');
    expect(failure(() => parseParamFlags(['=5'])).message).toBe('--param =5: expected name=value');
    expect(failure(() => parseParamFlags(['limit=5', 'limit=6'])).message).toBe('--param limit is given twice');
  });
});

describe('bindValues, rowLimit and limitNote', () => {
  it('binds in $1..$n order, defaults filling the gaps, an empty date as NULL', () => {
    expect(bindValues(topSongs, { artist: 'x', limit: 3 })).toEqual([3, 'all', null, null, 'x']);
    expect(bindValues(topSongs, { from: '' })).toEqual([10, 'all', null, null, '']);
    expect(bindValues(less, {})).toEqual([14, null, 'all', 20]);
  });

  it('states a limit only when the result may have been cut by it', () => {
    expect(rowLimit(topSongs, {})).toBe(10);
    expect(rowLimit(findInsight('plays-by-hour'), {})).toBeUndefined();
    expect(limitNote(topSongs, {}, 10)).toBe('showing the top 10 (--param limit=N for more)');
    expect(limitNote(topSongs, { limit: 3 }, 3)).toBe('showing the top 3 (--param limit=N for more)');
    expect(limitNote(topSongs, {}, 9)).toBeUndefined();
    expect(limitNote(findInsight('plays-by-hour'), {}, 24)).toBeUndefined();
  });
});

describe('findInsight', () => {
  it('names the unknown id and lists the valid ones', () => {
    const { message, exitCode } = failure(() => findInsight('top-song'));
    expect(exitCode).toBe(2);
    expect(message).toBe(
      'no insight "top-song"; use one of top-songs, top-artists, catalog-gaps, user-agents, locations, paid-vs-free, plays-by-hour, plays-by-weekday, plays-by-week, users-listening-less, users-not-seen-recently, sessions',
    );
  });
});
