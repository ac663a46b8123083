import { formatInt } from '../queries/values.js';
import { rowsPerSecond, type PipelineState, type StepState } from './pipeline-state.js';

/**
 * How far a run has come, as people read it: steps done of all, a step's share of its input, the time left.
 * Pure arithmetic over the folded state, shared by the TUI and the headless printer.
 */

/** Steps done and all the run's steps (a skipped or failed step is not done). */
export function stepsDone(state: Pick<PipelineState, 'steps'>): { done: number; total: number } {
  return { done: state.steps.filter((s) => s.status === 'done').length, total: state.steps.length };
}

/**
 * The share of its input a step has read, 0-1: by bytes when the total is comparable, else by files; undefined
 * before the source has listed (or for a step that reads no input).
 */
export function inputShare(step: Pick<StepState, 'files' | 'bytes' | 'filesTotal' | 'bytesTotal'>): number | undefined {
  if (step.bytesTotal !== undefined && step.bytesTotal > 0) return Math.min(1, (step.bytes ?? 0) / step.bytesTotal);
  if (step.filesTotal !== undefined && step.filesTotal > 0) return Math.min(1, (step.files ?? 0) / step.filesTotal);
  return undefined;
}

/** Estimated seconds left of a step that reads input, once enough of it is read for the guess to mean something. */
export function etaSeconds(step: Pick<StepState, 'files' | 'bytes' | 'filesTotal' | 'bytesTotal' | 'seconds'>): number | undefined {
  const share = inputShare(step);
  // Below 2% or the first second, the rate still mostly measures start-up (listing, opening the first file).
  if (share === undefined || share < 0.02 || step.seconds < 1) return undefined;
  return share >= 1 ? 0 : (step.seconds * (1 - share)) / share;
}

/** Rows per second, only where it says how fast input goes in: a SQL step's rows per second are no speed of anything. */
export function inputRate(step: Pick<StepState, 'readsInput' | 'rows' | 'seconds'>): number | undefined {
  return step.readsInput ? rowsPerSecond(step) : undefined;
}

/** A bar of `width` cells, filled to `share` (0-1): `████░░░░`. */
export function bar(share: number, width: number): string {
  const cells = Math.max(0, Math.floor(width));
  const full = Math.round(Math.min(1, Math.max(0, share)) * cells);
  return '█'.repeat(full) + '░'.repeat(cells - full);
}

/** Files and bytes read of how many, e.g. `files 3/12 · 41.2/96.0 MB`. */
export function inputFacts(step: Pick<StepState, 'files' | 'bytes' | 'filesTotal' | 'bytesTotal'>): string[] {
  const mb = (n: number): string => (n / 1e6).toFixed(1);
  const facts: string[] = [];
  if (step.filesTotal !== undefined) facts.push(`files ${formatInt(step.files ?? 0)}/${formatInt(step.filesTotal)}`);
  else if (step.files) facts.push(`files ${formatInt(step.files)}`);
  if (step.bytesTotal !== undefined) facts.push(`${mb(step.bytes ?? 0)}/${mb(step.bytesTotal)} MB`);
  else if (step.bytes) facts.push(`${mb(step.bytes)} MB read`);
  return facts;
}
