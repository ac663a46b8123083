import { relative } from 'node:path';
import stringWidth from 'string-width';
import { formatInt } from '../queries/values.js';

/** Numbers and durations as the screens print them. */
export { formatInt };

export function rowsText(n: number): string {
  return `${formatInt(n)} ${n === 1 ? 'row' : 'rows'}`;
}

export function formatSeconds(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(2)} s`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m}m ${String(Math.round(seconds - m * 60)).padStart(2, '0')}s`;
}

export function formatRate(rowsPerSecond: number | undefined): string {
  return rowsPerSecond === undefined ? '' : `${formatInt(rowsPerSecond)}/s`;
}

const graphemes = new Intl.Segmenter();

/**
 * Cuts text to `width` terminal cells with an ellipsis. Cells, not characters: a CJK character or an emoji
 * takes two, a combining accent none, so cut text lines up with what the terminal draws (and with ink's own
 * measure, the same string-width). A wide character that would straddle the edge is left out whole.
 */
export function clip(text: string, width: number): string {
  if (width <= 0) return '';
  if (stringWidth(text) <= width) return text;
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const cells = stringWidth(segment);
    if (used + cells > width - 1) break;
    kept += segment;
    used += cells;
  }
  return `${kept}…`;
}

/** Long paths keep their end, the part people recognise. */
export function clipStart(text: string, width: number): string {
  const chars = [...text];
  return chars.length > width ? `…${chars.slice(chars.length - width + 1).join('')}` : text;
}

/** Word-wraps text into at most `maxLines` lines of `width`; the last line ends in an ellipsis when cut. */
export function wrapText(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  for (const word of words) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if ([...candidate].length <= width || line === '') line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  if (lines.length <= maxLines) return lines.map((l) => clip(l, width));
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = clip(`${kept[maxLines - 1]!} ${lines[maxLines]!}`, width);
  if (!kept[maxLines - 1]!.endsWith('…')) kept[maxLines - 1] = `${clip(kept[maxLines - 1]!, width - 1)}…`;
  return kept;
}

/** Paths under the working folder as ./relative, the way people typed them; URLs and paths elsewhere as they are. */
export function shortPath(path: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path;
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : `./${rel}`;
}

/** A stored ISO timestamp as `YYYY-MM-DD HH:MM` in local time, the way the clock on the wall reads. */
export function localTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso.slice(0, 16).replace('T', ' ');
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}`;
}
