import { useCallback, useState, type ReactNode } from 'react';

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
