import { useCallback, useState } from 'react';
import { checkInputs, inputsReady, type InputStatus } from './inputs.js';
import type { Workspace } from './workspace.js';

/** The input folders' state, read when the screen shows and again after generating a sample. */
export function useInputs(workspace: Workspace): { statuses: InputStatus[]; ready: boolean; recheck(): void } {
  const [statuses, setStatuses] = useState<InputStatus[]>(() => checkInputs(workspace.config));
  const recheck = useCallback(() => setStatuses(checkInputs(workspace.config)), [workspace]);
  return { statuses, ready: inputsReady(statuses), recheck };
}
