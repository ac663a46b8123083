import { useCallback, useEffect, useRef } from 'react';
import { describeError } from '../errors.js';
import type { ClusterEffect, ClusterReply, StepSpec } from './cluster-effects.js';
import { openSession, type ClusterSession } from './cluster-session.js';
import { runStep } from './cluster-steps.js';
import type { Workspace } from './workspace.js';

type Dispatch = (reply: ClusterReply) => void;

/**
 * Runs the Cluster screen's effects: reads [DWH] and loads the AWS code on `open`, asks AWS on `describe`, runs one
 * step of an operation on `step` (its polls come back as progress), and stops the polling on `abort` or when the
 * screen is left (the operation goes on in AWS). Every answer goes back to the reducer as a reply with its request.
 */
export function useClusterRunner(workspace: Workspace): (effect: ClusterEffect, dispatch: Dispatch) => void {
  const session = useRef<Promise<ClusterSession> | undefined>(undefined);
  const abort = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => abort.current?.abort(), []);

  const describe = useCallback(async (request: number, dispatch: Dispatch) => {
    try {
      const s = await session.current!;
      const status = await s.status();
      dispatch({ type: 'status', request, ...status, at: new Date(), snapshotName: s.snapshotName() });
    } catch (error) {
      dispatch({ type: 'status-failed', request, problem: describeError(error), at: new Date() });
    }
  }, []);

  const step = useCallback(
    async (request: number, spec: StepSpec, dispatch: Dispatch) => {
      const controller = new AbortController();
      abort.current = controller;
      dispatch({ type: 'step-started', request, at: Date.now() });
      try {
        const s = await session.current!;
        const result = await runStep(s, spec, workspace, {
          ...s.wait,
          signal: controller.signal,
          onProgress: (p) => dispatch({ type: 'step-progress', request, state: p.state, info: p.info ?? (p.state === 'deleted' ? null : undefined) }),
        });
        dispatch({ type: 'step-done', request, at: Date.now(), ...result });
      } catch (error) {
        // A stopped wait lands here too; the reducer has moved past its request and drops it.
        dispatch({ type: 'step-failed', request, problem: describeError(error) });
      } finally {
        if (abort.current === controller) abort.current = undefined;
      }
    },
    [workspace],
  );

  return useCallback(
    (effect: ClusterEffect, dispatch: Dispatch) => {
      switch (effect.type) {
        case 'open':
          session.current = openSession(workspace.config);
          session.current.then(
            (s) => dispatch({ type: 'opened', target: s.target }),
            (error: unknown) => dispatch({ type: 'open-failed', problem: describeError(error) }),
          );
          return;
        case 'describe':
          void describe(effect.request, dispatch);
          return;
        case 'step':
          void step(effect.request, effect.step, dispatch);
          return;
        case 'abort':
          abort.current?.abort();
      }
    },
    [workspace, describe, step],
  );
}
