import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findInsight, INSIGHTS, parseParams, runInsight } from '../../src/queries/insights.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';
import { enginesUnderTest } from '../helpers/engines.js';
import { columns, loadInsightsFixture, table } from './db-setup.js';

describe.each(enginesUnderTest())('insights on the hand-made fixture, $name', (engine) => {
  let warehouse: Warehouse;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ warehouse, cleanup } = await loadInsightsFixture(engine));
  });
  afterAll(() => cleanup());

  const run = async (id: string, raw: Record<string, string> = {}) => {
    const insight = findInsight(id);
    return runInsight(warehouse, insight, parseParams(insight, raw));
  };

  it('runs every insight with its defaults: distinct column names, the chart columns among them', async () => {
    for (const insight of INSIGHTS) {
      const result = await run(insight.id);
      expect(result.seconds).toBeGreaterThanOrEqual(0);
      // Distinct names: JSON objects and CSV headers would otherwise lose a column.
      expect(new Set(columns(result)).size, insight.id).toBe(result.fields.length);
      if (insight.chart) expect(columns(result)).toEqual(expect.arrayContaining([insight.chart.label, insight.chart.value]));
    }
  });

  it('top-songs: by plays, ties to the earliest play, with whether the catalog has the song', async () => {
    const all = await run('top-songs');
    expect(columns(all)).toEqual(['rank', 'song', 'artist', 'plays', 'listeners', 'in_catalog']);
    expect(table(all)).toEqual([
      [1, 'Hit', 'Star', 4, 2, 'no'],
      [2, 'Song B', 'Artist A', 3, 2, 'yes'],
      [3, 'Song A', 'Artist A', 3, 2, 'yes'],
      [4, 'Song Z', 'Artist A', 1, 1, 'no'],
      [5, '=1+2', '@Home, "Live"', 1, 1, 'no'],
    ]);
    expect(table(await run('top-songs', { limit: '2' })).map((r) => r[1])).toEqual(['Hit', 'Song B']);
    expect(table(await run('top-songs', { level: 'paid' })).map((r) => [r[1], r[3]])).toEqual([
      ['Song A', 2],
      ['Song B', 2],
      ['Hit', 2],
      ['Song Z', 1],
    ]);
    expect(table(await run('top-songs', { from: '2018-11-05', to: '2018-11-05' })).map((r) => [r[1], r[3]])).toEqual([
      ['Hit', 2],
      ['Song A', 2],
      ['Song B', 2],
      ['Song Z', 1],
    ]);
    expect(table(await run('top-songs', { artist: 'ARTIST a' })).map((r) => [r[0], r[1]])).toEqual([
      [1, 'Song B'],
      [2, 'Song A'],
      [3, 'Song Z'],
    ]);
  });

  it('top-artists and catalog-gaps', async () => {
    expect(table(await run('top-artists'))).toEqual([
      [1, 'Artist A', 7, 3, 3, 'yes'],
      [2, 'Star', 4, 2, 1, 'no'],
      [3, '@Home, "Live"', 1, 1, 1, 'no'],
    ]);
    const gaps = await run('catalog-gaps');
    expect(columns(gaps)).toEqual(['rank', 'song', 'artist', 'plays', 'listeners', 'artist_in_catalog']);
    expect(table(gaps)).toEqual([
      [1, 'Hit', 'Star', 4, 2, 'no'],
      [2, 'Song Z', 'Artist A', 1, 1, 'yes'],
      [3, '=1+2', '@Home, "Live"', 1, 1, 'no'],
    ]);
  });

  it('user-agents: browser and system parsed from the agent string', async () => {
    expect(table(await run('user-agents'))).toEqual([
      ['Chrome on macOS', 1, 5, 41.7],
      ['Firefox on Windows', 1, 5, 41.7],
      ['Internet Explorer on Windows', 1, 1, 8.3],
      ['Safari on iOS', 1, 1, 8.3],
    ]);
    expect(table(await run('user-agents', { by: 'os' }))).toEqual([
      ['Windows', 2, 6, 50],
      ['macOS', 1, 5, 41.7],
      ['iOS', 1, 1, 8.3],
    ]);
    expect(table(await run('user-agents', { by: 'browser', level: 'free' }))).toEqual([
      ['Chrome', 1, 3, 60],
      ['Internet Explorer', 1, 1, 20],
      ['Safari', 1, 1, 20],
    ]);
  });

  it('locations: by metro area, or by the first state of the area', async () => {
    const metro = await run('locations');
    expect(columns(metro)).toEqual(['rank', 'location', 'users', 'plays', 'share_pct']);
    expect(table(metro)).toEqual([
      [1, 'San Francisco-Oakland-Hayward, CA', 1, 5, 41.7],
      [2, 'Chicago-Naperville-Elgin, IL-IN-WI', 1, 5, 41.7],
      [3, 'Austin-Round Rock, TX', 1, 1, 8.3],
      [4, 'Los Angeles-Long Beach-Anaheim, CA', 1, 1, 8.3],
    ]);
    expect(table(await run('locations', { by: 'state' }))).toEqual([
      [1, 'CA', 2, 6, 50],
      [2, 'IL', 1, 5, 41.7],
      [3, 'TX', 1, 1, 8.3],
    ]);
  });

  it('paid-vs-free: plays at the level of the moment, users at their latest level', async () => {
    const tiers = await run('paid-vs-free');
    expect(columns(tiers)).toEqual(['level', 'current_users', 'listeners', 'plays', 'share_pct', 'listening_hours', 'plays_per_listener']);
    expect(table(tiers)).toEqual([
      ['free', 2, 3, 5, 41.7, 0.3, 1.7],
      ['paid', 2, 2, 7, 58.3, 0.4, 3.5],
    ]);
    expect(table(await run('paid-vs-free', { from: '2018-11-06' })).map((r) => [r[0], r[2], r[3], r[4]])).toEqual([
      ['free', 1, 1, 25],
      ['paid', 2, 3, 75],
    ]);
  });

  it('plays by hour, weekday and week', async () => {
    expect(table(await run('plays-by-hour'))).toEqual([
      [9, 4, 2, 33.3],
      [18, 7, 2, 58.3],
      [23, 1, 1, 8.3],
    ]);
    const weekdays = await run('plays-by-weekday');
    expect(columns(weekdays)).toEqual(['weekday', 'days', 'plays', 'plays_per_day', 'users']);
    expect(table(weekdays)).toEqual([
      ['Monday', 1, 7, 7, 2],
      ['Tuesday', 2, 3, 1.5, 2],
      ['Wednesday', 1, 1, 1, 1],
      ['Friday', 1, 1, 1, 1],
    ]);
    expect(table(await run('plays-by-week'))).toEqual([
      ['2018-10-29', 1, 1, 1, 1],
      ['2018-11-05', 3, 9, 3, 3],
      ['2018-11-12', 1, 2, 1, 2],
    ]);
    expect(table(await run('plays-by-hour', { level: 'paid' })).map((r) => r.slice(0, 2))).toEqual([[18, 7]]);
  });

  it('users-listening-less: the latest days against the days before, or around a split date', async () => {
    const less = await run('users-listening-less', { days: '8' });
    expect(columns(less)).toEqual(['user_id', 'name', 'level', 'before_plays', 'after_plays', 'fewer_plays', 'change_pct']);
    expect(table(less)).toEqual([
      [2, 'Bob Ray', 'paid', 4, 1, 3, -75],
      [1, 'Ann Lee', 'paid', 3, 2, 1, -33.3],
      [4, 'Dee Fox', 'free', 1, 0, 1, -100],
    ]);
    expect(table(await run('users-listening-less', { days: '7', split: '2018-11-06' })).map((r) => [r[0], r[3], r[4]])).toEqual([
      [2, 4, 1],
      [1, 3, 0],
      [4, 1, 0],
    ]);
    expect(table(await run('users-listening-less', { days: '7', split: '2018-11-06', level: 'free' })).map((r) => r[0])).toEqual([4]);
    // By default, the last 14 days of data (from 2018-10-31) against the 14 before, which hold no plays.
    expect(table(await run('users-listening-less'))).toEqual([]);
  });

  it('users-not-seen-recently: no play for N days before the latest play', async () => {
    const away = await run('users-not-seen-recently');
    expect(columns(away)).toEqual(['user_id', 'name', 'level', 'last_play', 'days_away', 'plays']);
    expect(table(away)).toEqual([
      [3, 'Cid Roe', 'free', '2018-11-06T09:30:00Z', 7, 1],
      [4, 'Dee Fox', 'free', '2018-11-02T23:59:00Z', 10, 1],
    ]);
    expect(table(await run('users-not-seen-recently', { days: '10' })).map((r) => r[0])).toEqual([4]);
    expect(table(await run('users-not-seen-recently', { level: 'paid' }))).toEqual([]);
  });

  it('sessions: songs per session in buckets, with the average listening time', async () => {
    expect(table(await run('sessions'))).toEqual([
      ['1', 3, 50, 3, 2.8],
      ['2-5', 3, 50, 9, 9.4],
    ]);
    expect(table(await run('sessions', { level: 'paid' }))).toEqual([
      ['1', 1, 33.3, 1, 3.5],
      ['2-5', 2, 66.7, 6, 8.9],
    ]);
  });
});
