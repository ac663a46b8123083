import { useCallback, useEffect, useState } from 'react';
import { describeError } from '../errors.js';
import type { Workspace } from './workspace.js';

/** Rows per table (null: missing), counted when the screen shows and on refresh. */
export function useCounts(workspace: Workspace): {
  counts?: Record<string, number | null>;
  error?: { title: string; message: string };
  refresh(): void;
} {
  const [counts, setCounts] = useState<Record<string, number | null> | undefined>(undefined);
  const [error, setError] = useState<{ title: string; message: string } | undefined>(undefined);
  const refresh = useCallback(() => {
    workspace.counts().then(
      (c) => {
        setCounts(c);
        setError(undefined);
      },
      (e: unknown) => setError(describeError(e)),
    );
  }, [workspace]);
  useEffect(refresh, [refresh]);
  return { counts, error, refresh };
}
