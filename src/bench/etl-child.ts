/**
 * One benchmark ETL in its own process, so that its peak memory is its own: runs the pipeline through the
 * library, samples RSS while each step runs, and prints one JSON line with per-step figures.
 * argv[2]: JSON { engine, dataDir?, url?, songData, logData, logJsonPath, mode? }. Each is a run as the CLI makes it:
 * the writer lock, the ledger and its files, `mode` (full, or incremental: only the files no run has loaded).
 */
import { loadConfig } from '../config/dwh-cfg.js';
import type { PipelineEvent } from '../etl/events.js';
import { runPipeline } from '../etl/run-pipeline.js';
import { etlSteps } from '../etl/steps.js';

export interface ChildStep {
  id: string;
  rows: number;
  seconds: number;
  peakRssMb: number;
}

export interface ChildResult {
  ok: boolean;
  error?: string;
  steps: ChildStep[];
  totalSeconds: number;
  peakRssMb: number;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
  const config = loadConfig('no-such-file.cfg', {
    env: {},
    overrides: {
      engine: spec.engine,
      dataDir: spec.dataDir,
      url: spec.url,
      songData: spec.songData,
      logData: spec.logData,
      logJsonPath: spec.logJsonPath,
      etlMode: spec.mode === 'incremental' ? 'incremental' : 'full',
    },
  });
  const steps: ChildStep[] = [];
  let current: ChildStep | undefined;
  let peak = 0;
  const mb = (): number => process.memoryUsage.rss() / 1024 / 1024;
  // Sampling is the only way to see a step's own peak; the process peak comes from the kernel at the end.
  const timer = setInterval(() => {
    const rss = mb();
    if (current && rss > current.peakRssMb) current.peakRssMb = rss;
    if (rss > peak) peak = rss;
  }, 25);
  let error: string | undefined;
  const emit = (event: PipelineEvent): void => {
    if (event.type === 'step-start') {
      current = { id: event.step, rows: 0, seconds: 0, peakRssMb: mb() };
      steps.push(current);
    } else if (event.type === 'step-done' && current) {
      current.rows = event.rows;
      current.seconds = event.seconds;
    } else if (event.type === 'step-error') {
      error = `${event.step}: ${event.title}: ${event.message}`;
    }
  };
  const started = performance.now();
  const result = await runPipeline({ config, steps: etlSteps(), emit, run: { command: 'etl' } });
  clearInterval(timer);
  const kernelPeak = process.resourceUsage().maxRSS / 1024;
  const out: ChildResult = {
    ok: result.ok,
    error,
    steps,
    totalSeconds: (performance.now() - started) / 1000,
    peakRssMb: Math.max(peak, kernelPeak),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

void main();
