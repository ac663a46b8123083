import { relative } from 'node:path';

/** A file as messages name it: relative to the working folder when that is shorter, else as it is. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && rel.length < path.length ? rel : path;
}
