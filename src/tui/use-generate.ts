import { useCallback, useRef, useState } from 'react';
import { describeError } from '../errors.js';
import { formatInt } from './format.js';
import { sampleTarget, type SampleSize } from './inputs.js';
import type { Workspace } from './workspace.js';

export interface Generation {
  status: 'idle' | 'running' | 'done' | 'failed';
  size?: SampleSize;
  /** The folder written into. */
  out?: string;
  /** What was written, once done. */
  summary?: string;
  /** Set when the session reads the sample from somewhere dwh.cfg does not name. */
  redirected?: boolean;
  startedAt?: number;
  /** Written so far, while running. */
  progress?: { songs: number; events: number };
  error?: { title: string; message: string };
  start(size: SampleSize): Promise<void>;
}

/**
 * Writes a sample dataset where dwh.cfg expects the input (see sampleTarget), then points the workspace at
 * it. The generator is loaded on demand: most sessions never need it.
 */
export function useGenerate(workspace: Workspace, onDone: () => void): Generation {
  const [state, setState] = useState<Omit<Generation, 'start'>>({ status: 'idle' });
  const busy = useRef(false);

  const start = useCallback(
    async (size: SampleSize) => {
      if (busy.current) return;
      busy.current = true;
      const target = sampleTarget(workspace.config);
      setState({ status: 'running', size, out: target.out, startedAt: Date.now() });
      try {
        const { generateDataset } = await import('../generate/generate.js');
        const startedAt = Date.now();
        let shown = 0;
        const onProgress = (progress: { songs: number; events: number }): void => {
          // The generator reports every megabyte or so; a few updates a second are enough to watch.
          if (Date.now() - shown < 200) return;
          shown = Date.now();
          setState({ status: 'running', size, out: target.out, startedAt, progress });
        };
        const result = await generateDataset({ out: target.out, songs: size.songs, events: size.events, seed: 42, onProgress });
        if (target.overrides) workspace.useInputs(target.overrides);
        setState({
          status: 'done',
          size,
          out: target.out,
          redirected: target.overrides !== undefined,
          summary: `${formatInt(result.songFiles)} song files, ${formatInt(result.events)} events in ${formatInt(result.logFiles)} log files`,
        });
        onDone();
      } catch (error) {
        setState({ status: 'failed', size, out: target.out, error: describeError(error) });
      } finally {
        busy.current = false;
      }
    },
    [workspace, onDone],
  );

  return { ...state, start };
}
