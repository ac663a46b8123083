import { describe, expect, it } from 'vitest';
import { INSIGHTS, parseParams } from '../../src/queries/insights.js';

describe('the insight catalog', () => {
  it('has the questions the business asks, under unique ids', () => {
    expect(INSIGHTS.map((i) => i.id)).toEqual([
      'top-songs',
      'top-artists',
      'catalog-gaps',
      'user-agents',
      'locations',
      'paid-vs-free',
      'plays-by-hour',
      'plays-by-weekday',
      'plays-by-week',
      'users-listening-less',
      'users-not-seen-recently',
      'sessions',
    ]);
    for (const insight of INSIGHTS) {
      expect(insight.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(insight.title.length).toBeGreaterThan(3);
      expect(insight.question).toMatch(/\?$/);
    }
  });

  it('binds exactly its parameters, as $1..$n in order, each one used', () => {
    for (const insight of INSIGHTS) {
      const used = new Set([...insight.sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
      expect([...used].sort((a, b) => a - b), insight.id).toEqual(insight.params.map((_, i) => i + 1));
      expect(new Set(insight.params.map((p) => p.name)).size, insight.id).toBe(insight.params.length);
    }
  });

  it('has valid defaults', () => {
    for (const insight of INSIGHTS) expect(() => parseParams(insight, {}), insight.id).not.toThrow();
  });

  it('avoids SQL that Redshift or PGlite lacks', () => {
    const unportable = [/::/, /\bFILTER\s*\(/i, /generate_series/i, /regexp_/i, /\bLIMIT\s+\$/i, /\bILIKE\b/i, /\bDISTINCT ON\b/i, /\bLATERAL\b/i, /\bNULLS (FIRST|LAST)\b/i];
    for (const insight of INSIGHTS) {
      for (const pattern of unportable) expect(insight.sql, `${insight.id}: ${pattern}`).not.toMatch(pattern);
      // A parameter is always cast, so every engine knows its type without guessing from context.
      for (const m of insight.sql.matchAll(/(.{5})\$\d+(.{4})/g)) expect(`${m[1]}$n${m[2]}`, insight.id).toMatch(/CAST\(\$n AS /);
    }
  });
});
