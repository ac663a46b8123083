import { describe, expect, it } from 'vitest';
import { bar, barChart } from '../../src/queries/chart.js';

describe('bar', () => {
  it('draws eighths of a character: the maximum fills the width', () => {
    expect(bar(8, 8, 4)).toBe('████');
    expect(bar(4, 8, 4)).toBe('██');
    expect(bar(1, 8, 4)).toBe('▌');
    expect(bar(5, 8, 4)).toBe('██▌');
    expect(bar(1, 32, 1)).toBe('▏');
    expect(bar(7, 8, 1)).toBe('▉');
  });

  it('gives a tiny value the thinnest bar and zero, negative or missing values none', () => {
    expect(bar(1, 10_000, 10)).toBe('▏');
    expect(bar(0, 10, 10)).toBe('');
    expect(bar(-3, 10, 10)).toBe('');
    expect(bar(Number.NaN, 10, 10)).toBe('');
    expect(bar(3, 0, 10)).toBe('');
  });
});

describe('barChart', () => {
  const chart = { label: 'hour', value: 'plays' };

  it('aligns labels, bars and values, one line per row', () => {
    const rows = [
      { hour: 9, plays: 4 },
      { hour: 18, plays: 8 },
      { hour: 23, plays: 1 },
    ];
    expect(barChart(rows, chart, { width: 8 })).toBe(['9  ████     4', '18 ████████ 8', '23 █        1', ''].join('\n'));
  });

  it('reads numbers given as text (NUMERIC), cuts long labels and draws nothing without numbers', () => {
    const rows = [
      { hour: 'a very long label indeed', plays: '2.5' },
      { hour: 'b', plays: '5' },
    ];
    expect(barChart(rows, chart, { width: 4, labelWidth: 6 })).toBe(['a ver… ██   2.5', 'b      ████ 5', ''].join('\n'));
    expect(barChart([{ hour: 1, plays: null }], chart)).toBe('');
    expect(barChart([], chart)).toBe('');
  });
});
