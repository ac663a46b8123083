import { writeFileSync } from 'node:fs';
import type { PipelineEvent } from '../etl/events.js';

interface StepWindow {
  step: string;
  start: number;
  end?: number;
}

/**
 * A measurement aid, off unless SPARKIFY_TUI_RENDER_LOG names a file: counts the frames ink renders while
 * each pipeline step runs, and the longest gap between two frames (a blocked UI thread shows as a gap). The
 * report is written as JSON when the app exits.
 */
export class RenderProbe {
  private readonly frames: number[] = [];
  private readonly windows: StepWindow[] = [];

  frame(): void {
    this.frames.push(Date.now());
  }

  event(event: PipelineEvent): void {
    if (event.type === 'step-start') this.windows.push({ step: event.step, start: event.at });
    else if (event.type === 'step-done' || event.type === 'step-error') {
      const open = this.windows.findLast((w) => w.step === event.step && w.end === undefined);
      if (open) open.end = event.at;
    }
  }

  report(): { step: string; seconds: number; frames: number; fps: number; maxGapMs: number }[] {
    return this.windows
      .filter((w): w is Required<StepWindow> => w.end !== undefined)
      .map((w) => {
        const inside = this.frames.filter((t) => t >= w.start && t <= w.end);
        const points = [w.start, ...inside, w.end];
        const gaps = points.slice(1).map((t, i) => t - points[i]!);
        const seconds = (w.end - w.start) / 1000;
        return {
          step: w.step,
          seconds,
          frames: inside.length,
          fps: seconds > 0 ? Math.round((inside.length / seconds) * 10) / 10 : 0,
          maxGapMs: Math.max(0, ...gaps),
        };
      });
  }

  write(file: string): void {
    writeFileSync(file, `${JSON.stringify({ frames: this.frames.length, steps: this.report() }, null, 2)}\n`);
  }
}

const file = process.env.SPARKIFY_TUI_RENDER_LOG;
export const renderProbe = file ? new RenderProbe() : undefined;
export const renderProbeFile = file;
