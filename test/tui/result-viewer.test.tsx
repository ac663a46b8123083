import type { Key } from 'ink';
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Field, Row } from '../../src/warehouse/warehouse.js';
import { enginesUnderTest, openFor } from '../helpers/engines.js';
import { press } from '../screens/keys.js';

// Dim is a style: force ink's colors on, as a terminal would, to see which text is dim.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

const { ResultViewer } = await import('../../src/components/result-viewer.js');
const { initialView, reduceView, VIEWER_KEYS } = await import('../../src/screens/result-view.js');
const { keyAction } = await import('../../src/tui/key-table.js');

const ESC = String.fromCharCode(27);
const plain = (frame: string): string => frame.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');
const AGENT = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36';

// Nine columns as songplays has them: song_id and artist_id mostly NULL, one '' (which is not NULL).
const SONGPLAYS = `SELECT g::bigint AS songplay_id, timestamp '2018-11-01 21:01:46.796' + g * interval '1 minute' AS start_time,
  (g % 7 + 10)::int AS user_id, CASE WHEN g % 3 = 0 THEN 'paid' ELSE 'free' END AS level,
  CASE WHEN g = 2 THEN 'SOBBBAA12A8C13E3C9' WHEN g = 3 THEN '' END AS song_id,
  CASE WHEN g = 2 THEN 'ARDWIGF1187B9A8B1C' END AS artist_id, (g * 13)::int AS session_id,
  CASE WHEN g = 1 THEN '東京都渋谷区 🎸' ELSE 'San Francisco-Oakland-Hayward, CA' END AS location, '${AGENT}' AS user_agent
FROM generate_series(1, 30) AS g ORDER BY g`;

describe('the result viewer on a wide result', () => {
  const engine = enginesUnderTest()[0]!;
  let fields: Field[] = [];
  let rows: Row[] = [];
  beforeAll(async () => {
    const warehouse = await openFor(engine.config());
    try {
      ({ fields, rows } = await warehouse.query(SONGPLAYS));
    } finally {
      await warehouse.close();
    }
  });
  afterAll(() => engine.cleanup());

  function viewer(width: number) {
    let view = initialView;
    const element = () => <ResultViewer fields={fields} rows={rows} view={view} width={width} height={10} />;
    const instance = render(element());
    Object.defineProperty(instance.stdout, 'columns', { get: () => width, configurable: true });
    instance.rerender(element());
    const size = { rows: rows.length, columns: fields.length, visible: 10 };
    return {
      frame: () => instance.lastFrame() ?? '',
      press(input: string, key: Partial<Key> = {}) {
        const action = keyAction(VIEWER_KEYS, view, ...press(input, key));
        if (action) view = reduceView(view, action, size);
        instance.rerender(element());
      },
      unmount: () => instance.unmount(),
    };
  }

  it('shows whole headers and values at 120 columns, says what is hidden, and → scrolls with the first column pinned', () => {
    const v = viewer(120);
    let lines = plain(v.frame()).split('\n');
    expect(lines[0]).toBe('songplay_id │ start_time               │ user_id │ level │ song_id            │ artist_id          │ session_id');
    expect(lines[1]).toMatch(/^─+┼─+.* 2 more →$/);
    expect(lines[2]).toBe('          1 │ 2018-11-01T21:02:46.796Z │      11 │ free  │ NULL               │ NULL               │         13');
    expect(lines[3]).toContain('│ SOBBBAA12A8C13E3C9 │ ARDWIGF1187B9A8B1C │');
    // '' stays empty, NULL says so, and dim: the escape code for dim comes right before it.
    expect(lines[4]).toMatch(/│ paid {2}│ {20}│ NULL {15}│/);
    expect(v.frame()).toContain(`${ESC}[2mNULL`);
    expect(lines).toHaveLength(12);
    v.press('', { rightArrow: true });
    v.press('', { rightArrow: true });
    v.press('', { rightArrow: true });
    v.press('', { rightArrow: true });
    v.press('', { rightArrow: true });
    lines = plain(v.frame()).split('\n');
    expect(lines[0]).toMatch(/^songplay_id │ session_id │ location {26}│ user_agent {30,}$/);
    expect(lines[1]).toMatch(/ ← 5 more$/);
    // Aligned by the cells they take: the CJK and emoji row's bars stand where the others' do.
    const bars = (line: string) => [...line.matchAll(/│/g)].map((m) => stringWidth(line.slice(0, m.index)));
    expect(bars(lines[2]!)).toEqual(bars(lines[3]!));
    expect(lines[2]).toContain('東京都渋谷区 🎸');
    // The text cap gives way to the room left over (57 cells here), and the cut says so.
    expect(lines[2]!.endsWith(` │ ${AGENT.slice(0, 56)}…`)).toBe(true);
    expect(stringWidth(lines[2]!)).toBe(120);
    v.unmount();
  });

  it('v shows the top row as a record with every value whole, NULL dim; ↓ the next row', () => {
    const v = viewer(80);
    v.press('', { downArrow: true });
    v.press('v');
    const frame = v.frame();
    const lines = plain(frame).split('\n');
    expect(lines[0]).toBe('row 2 of 30');
    expect(lines.slice(1, 10)).toEqual([
      'songplay_id: 2',
      'start_time:  2018-11-01T21:03:46.796Z',
      'user_id:     12',
      'level:       free',
      'song_id:     SOBBBAA12A8C13E3C9',
      'artist_id:   ARDWIGF1187B9A8B1C',
      'session_id:  26',
      'location:    San Francisco-Oakland-Hayward, CA',
      'user_agent:  Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.36',
    ]);
    expect(lines[10]).toBe('             (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36');
    v.press('', { downArrow: true });
    const next = v.frame();
    expect(plain(next)).toContain('row 3 of 30');
    expect(plain(next)).toContain('artist_id:   NULL');
    expect(next).toContain(`${ESC}[2mNULL`);
    v.unmount();
  });
});
