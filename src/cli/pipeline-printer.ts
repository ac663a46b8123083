import type { PipelineEvent } from '../etl/events.js';
import { initialPipelineState, keptSentence, pipelineReducer, type PipelineState, type StepState } from '../etl/pipeline-state.js';
import { inputFacts, inputRate } from '../etl/run-progress.js';
import { countLines, formatInt, paint, type CliIO } from './io.js';

/**
 * The headless view of a pipeline: one line per finished step (step, rows, seconds, rows/s of a load) on stdout,
 * warnings, rejected records and errors on stderr, a live progress line on stderr when it is a terminal,
 * and a summary of row counts at the end. With --json every event is one line of NDJSON on stdout instead.
 */
export function pipelinePrinter(io: CliIO, json: boolean): { emit: (event: PipelineEvent) => void; state: () => PipelineState } {
  let state = initialPipelineState;
  let live = false;
  const clearLive = (): void => {
    if (live) io.err('\r\x1b[2K');
    live = false;
  };
  const emit = (event: PipelineEvent): void => {
    state = pipelineReducer(state, event);
    if (json) {
      io.out(`${JSON.stringify(event)}\n`);
      return;
    }
    const step = 'step' in event ? state.steps.find((s) => s.id === event.step) : undefined;
    switch (event.type) {
      case 'step-progress':
        if (io.interactive && step) {
          io.err(`\r\x1b[2K  … ${[step.id, `${formatInt(step.rows)} rows`, ...inputFacts(step), `${step.seconds.toFixed(1)} s`].join('  ')}`);
          live = true;
        }
        break;
      case 'step-done':
        clearLive();
        io.out(`${paint(io, 'green', '✓')} ${stepLine(step!)}\n`);
        // A checking step's checklist, one line each under it (? marks what is less than a pass).
        for (const check of event.checks ?? []) io.out(`    ${check.caveat ? paint(io, 'yellow', '?') : paint(io, 'green', '✓')} ${check.text}\n`);
        break;
      case 'step-error':
        clearLive();
        io.out(`${paint(io, 'red', '✗')} ${step!.id.padEnd(16)} ${paint(io, 'red', 'failed')}\n`);
        io.err(`${paint(io, 'red', `${event.title}:`)} ${event.message}\n`);
        break;
      case 'step-warning':
        clearLive();
        io.err(`${paint(io, 'yellow', 'warning:')} ${event.message}\n`);
        break;
      case 'record-rejected':
        clearLive();
        io.err(`${paint(io, 'yellow', 'rejected:')} ${event.file}:${event.line}: ${event.reason}\n`);
        break;
      case 'pipeline-done':
        clearLive();
        io.out(summary(state, io));
        break;
      default:
        break;
    }
  };
  return { emit, state: () => state };
}

export function stepLine(step: StepState): string {
  // Rows per second only where input is read: a SQL step's count over its time is the speed of nothing.
  const rate = inputRate(step);
  const rows = step.rows > 0 ? `${formatInt(step.rows)} rows` : '';
  return [
    step.id.padEnd(16),
    rows.padStart(16),
    `${step.seconds.toFixed(2)} s`.padStart(10),
    (rate ? `${formatInt(rate)} rows/s` : '').padStart(16),
    step.detail ? `  ${step.detail}` : '',
  ].join(' ').trimEnd();
}

function summary(state: PipelineState, io: CliIO): string {
  const lines: string[] = [];
  if (Object.keys(state.counts).length > 0) lines.push('', `${'table'.padEnd(16)} ${'rows'.padStart(10)}`, ...countLines(state.counts));
  if (state.rejectedCount > 0) lines.push('', `${formatInt(state.rejectedCount)} record(s) rejected (listed on stderr)`);
  const verdict = state.ok ? paint(io, 'green', 'done') : state.cancelled ? paint(io, 'yellow', 'cancelled') : paint(io, 'red', 'failed');
  const run = state.runId !== undefined ? ` (run #${state.runId})` : '';
  lines.push('', `${verdict} in ${state.seconds.toFixed(2)} s${run}`);
  const kept = keptSentence(state);
  if (kept) lines.push(kept);
  lines.push('');
  return lines.join('\n');
}
