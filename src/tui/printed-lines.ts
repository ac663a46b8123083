import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';

/** A line written once above the live screen (ink's `<Static>`), such as a finished ETL step. */
export interface PrintedLine {
  id: string;
  node: ReactNode;
}

/**
 * The app's one list of printed lines. ink keeps a pointer to the `<Static>` element after it unmounts and
 * then measures its freed layout node: garbage sizes, once a render tried to allocate a grid of 10^25
 * rows. So the app renders a single `<Static>` for its whole life and screens append to it.
 */
export function usePrintedLines(): { lines: PrintedLine[]; print(line: PrintedLine): void } {
  const [lines, setLines] = useState<PrintedLine[]>([]);
  const print = useCallback((line: PrintedLine) => {
    setLines((all) => (all.some((l) => l.id === line.id) ? all : [...all, line]));
  }, []);
  return { lines, print };
}

let scopes = 0;

/**
 * A prefix for the ids of what one screen prints, unique for the app's life: a screen opened again numbers its
 * runs from 1 again, and `print` keeps the first line of an id, so ids of run numbers alone would collide with
 * the last visit's and the new run's lines would never show.
 */
export function usePrintScope(): string {
  const [scope] = useState(() => `s${++scopes}`);
  return scope;
}

/**
 * Prints `lines` in order, each once, and says how many of them are printed: the caller keeps the rest in its
 * live region, so a line is never missing from both (printing lands one render later).
 */
export function usePrintInOrder(print: (line: PrintedLine) => void, lines: readonly PrintedLine[]): number {
  const printed = useRef(new Set<string>());
  const [, rendered] = useState(0);
  const ids = lines.map((l) => l.id).join('\n');
  useEffect(() => {
    let added = false;
    for (const line of lines) {
      if (printed.current.has(line.id)) continue;
      printed.current.add(line.id);
      print(line);
      added = true;
    }
    if (added) rendered((n) => n + 1);
    // `lines` is a new array on every render; its ids say when there is something new.
  }, [ids, print]);
  let count = 0;
  while (count < lines.length && printed.current.has(lines[count]!.id)) count++;
  return count;
}
