import { describe, expect, it } from 'vitest';
import { textTable } from '../../src/queries/format.js';
import { OID } from '../../src/queries/values.js';

describe('textTable', () => {
  const fields = [
    { name: 'song', dataTypeID: 25 },
    { name: 'plays', dataTypeID: OID.int4 },
  ];

  it('rules the header off, not every row, and right-aligns numbers', () => {
    expect(textTable([{ song: 'Hit', plays: 4 }, { song: 'Song B', plays: 12 }], fields, 80)).toBe(
      [
        '┌────────┬───────┐',
        '│ song   │ plays │',
        '├────────┼───────┤',
        '│ Hit    │     4 │',
        '│ Song B │    12 │',
        '└────────┴───────┘',
      ].join('\n'),
    );
    expect(textTable([], fields, 80).split('\n')).toHaveLength(4);
  });

  it('fits the width by cutting the widest column with an ellipsis', () => {
    const table = textTable([{ song: 'Horn Concerto No. 4 in E flat K495', plays: 19 }], fields, 24);
    for (const line of table.split('\n')) expect([...line].length).toBeLessThanOrEqual(24);
    expect(table).toContain('│ Horn Concer… │    19 │');
  });
});
