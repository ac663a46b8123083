import { describe, expect, it } from 'vitest';
import { escapeMarkdownCell, markdownTable } from '../../src/queries/markdown.js';
import { OID } from '../../src/queries/values.js';

describe('Markdown tables', () => {
  it('escapes | so a cell can never split, and markup characters so data never formats', () => {
    expect(escapeMarkdownCell('AC|DC')).toBe('AC\\|DC');
    expect(escapeMarkdownCell('a\\|b')).toBe('a\\\\\\|b');
    expect(escapeMarkdownCell('*bold* `code` <b> [link](x)')).toBe('\\*bold\\* \\`code\\` \\<b\\> \\[link\\](x)');
    expect(escapeMarkdownCell('_under_ snake_case')).toBe('\\_under\\_ snake_case');
    expect(escapeMarkdownCell('two\nlines\r\nthree')).toBe('two<br>lines<br>three');
    expect(escapeMarkdownCell("You're The One")).toBe("You're The One");
  });

  it('right-aligns numbers, keeps one row per line, and says when there are no rows', () => {
    const fields = [
      { name: 'artist', dataTypeID: 25 },
      { name: 'plays', dataTypeID: OID.int4 },
      { name: 'share_pct', dataTypeID: OID.float8 },
    ];
    expect(markdownTable([{ artist: 'Guns | Roses', plays: 58, share_pct: 0.9 }, { artist: null, plays: 1, share_pct: null }], fields)).toBe(
      '| artist | plays | share_pct |\n| --- | ---: | ---: |\n| Guns \\| Roses | 58 | 0.9 |\n|  | 1 |  |\n',
    );
    expect(markdownTable([], fields)).toBe('| artist | plays | share_pct |\n| --- | ---: | ---: |\n\n_No rows._\n');
    expect(markdownTable([], [])).toBe('');
  });
});
