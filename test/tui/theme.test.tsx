import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';

// Colors are decided when ink's color library loads: force them on for this file, as a terminal would.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

const { StepRow } = await import('../../src/components/step-row.js');
const { TableCounts } = await import('../../src/components/table-counts.js');
const { COLOR_THEME, PLAIN_THEME, ThemeContext, colorEnabled } = await import('../../src/tui/theme.js');

// SGR color parameters: 30-37, 39, 90-97, and 38;5 / 38;2 (foreground; background is never used).
const ESC = String.fromCharCode(27);
const COLOR_CODE = new RegExp(`${ESC}\\[(?:3[0-79]|9[0-7]|38;[25])[;m]`);

function frame(theme: typeof COLOR_THEME): string {
  const { lastFrame, unmount } = render(
    <ThemeContext.Provider value={theme}>
      <Box flexDirection="column">
        <StepRow step={{ id: 'x', title: 'Build songs', status: 'done', rows: 71, rejected: 0, seconds: 0.5 }} width={80} />
        <StepRow step={{ id: 'y', title: 'Build time', status: 'failed', rows: 0, rejected: 0, seconds: 1 }} width={80} />
        <TableCounts counts={{ songs: 71, time: null }} width={80} />
      </Box>
    </ThemeContext.Provider>,
  );
  const out = lastFrame() ?? '';
  unmount();
  return out;
}

describe('colors', () => {
  it('are off with NO_COLOR, --no-color or a dumb terminal, on otherwise', () => {
    expect(colorEnabled({}, {})).toBe(true);
    expect(colorEnabled({}, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({}, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled({ color: false }, {})).toBe(false);
    expect(colorEnabled({}, { TERM: 'dumb' })).toBe(false);
  });

  it('mark done, failed and missing in color, and with the plain theme use no color codes at all', () => {
    const colored = frame(COLOR_THEME);
    expect(colored).toMatch(COLOR_CODE);
    const plain = frame(PLAIN_THEME);
    expect(plain).not.toMatch(COLOR_CODE);
    // The meaning survives without color: the marks and words are the same.
    const text = plain.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');
    expect(text).toMatch(/✓ Build songs\s+71 rows/);
    expect(text).toMatch(/✗ Build time\s+failed after 1.00 s/);
    expect(text).toMatch(/time\s+missing/);
  });
});
