import { describe, expect, it } from 'vitest';
import { inlineParams } from '../../src/engines/redshift/inline-params.js';
import { bindValues, INSIGHTS, parseParams } from '../../src/queries/insights.js';
import { openFor } from '../helpers/engines.js';
import { loadedFixture } from '../tui/helpers/loaded-fixture.js';

const config = loadedFixture('sparkify-inline-');

describe('values inlined where Redshift takes no bind parameters (DECLARE ... CURSOR)', () => {
  it('replaces placeholders with literals, and leaves strings, quoted names and comments alone', () => {
    expect(inlineParams('SELECT $1, $2, $10 -- $1\n/* $2 */ FROM t WHERE a = \'$1\' AND "$2" = $3', [7, "it's \\x", true, null, null, null, null, null, null, 'ten'])).toBe(
      "SELECT 7, 'it''s \\\\x', 'ten' -- $1\n/* $2 */ FROM t WHERE a = '$1' AND \"$2\" = TRUE",
    );
    expect(inlineParams('SELECT $1', [new Date(Date.UTC(2018, 10, 1, 16, 0, 0, 5))])).toBe("SELECT CAST('2018-11-01 16:00:00.005' AS TIMESTAMP)");
    expect(inlineParams('SELECT $1, x$1, $1', [null])).toBe('SELECT NULL, x$1, NULL');
    expect(() => inlineParams('SELECT $2', [1])).toThrow('$2 has no value (1 given)');
    expect(() => inlineParams('SELECT $1', [Number.NaN])).toThrow('$1 is not a finite number');
    expect(() => inlineParams('SELECT $1', [{}])).toThrow('$1 is a object');
  });

  it('every insight gives the same rows with its values inlined as with them bound', async () => {
    const warehouse = await openFor(config());
    try {
      for (const insight of INSIGHTS) {
        const params = bindValues(insight, parseParams(insight, {}));
        if (params.length === 0) continue;
        const bound = await warehouse.query(insight.sql, params);
        const inlined = await warehouse.query(inlineParams(insight.sql, params));
        expect(inlined.rows, insight.id).toEqual(bound.rows);
      }
    } finally {
      await warehouse.close();
    }
  });
});
