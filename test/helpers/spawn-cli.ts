import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { PipelineEvent } from '../../src/etl/events.js';
import { BIN } from './paths.js';

export interface SpawnedRun {
  pid: number;
  /** Resolves when the run emits this event (with --json), e.g. the start of a step. */
  on(match: (event: PipelineEvent) => boolean): Promise<PipelineEvent>;
  /** Resolves with the exit code (or 128 + signal) and everything printed. */
  done: Promise<{ code: number; signal: NodeJS.Signals | null; events: PipelineEvent[]; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Starts the real `bin/sparkify` with `--json`, reading its NDJSON events as they come, so a test can act at a
 * given moment of a run (signal it when a step starts, touch the warehouse while it works).
 */
export function spawnRun(args: string[], env: NodeJS.ProcessEnv = {}): SpawnedRun {
  const child = spawn(process.execPath, [BIN, ...args, '--json'], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: PipelineEvent[] = [];
  const waiters: { match: (e: PipelineEvent) => boolean; resolve: (e: PipelineEvent) => void }[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    let event: PipelineEvent;
    try {
      event = JSON.parse(line) as PipelineEvent;
    } catch {
      return;
    }
    events.push(event);
    for (const w of waiters.splice(0)) {
      if (w.match(event)) w.resolve(event);
      else waiters.push(w);
    }
  });
  const done = new Promise<{ code: number; signal: NodeJS.Signals | null; events: PipelineEvent[]; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code: code ?? 128, signal, events, stderr }));
  });
  return {
    pid: child.pid!,
    on(match) {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ match, resolve });
        void done.then(() => reject(new Error(`the run ended before the event was seen; stderr: ${stderr}`)));
      });
    },
    done,
    kill: (signal) => child.kill(signal),
  };
}

/** The start of a step, as a matcher for SpawnedRun.on. */
export const stepStart = (step: string) => (e: PipelineEvent) => e.type === 'step-start' && e.step === step;
