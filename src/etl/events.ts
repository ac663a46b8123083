/** What a running pipeline reports. Times are epoch milliseconds; both the TUI and the CLI fold these. */
export interface StepInfo {
  id: string;
  title: string;
  /** The step reads the input (see Step.readsInput): its rows per second mean something. */
  readsInput?: boolean;
}

/** One line of the input check: what was found, and whether it is less than a pass. */
export interface CheckLine {
  text: string;
  /**
   * Not a pass, not a failure: the check could not be made (no credentials here, no cluster named), or it found
   * what the run tolerates (records MAX_ERRORS allows).
   */
  caveat?: boolean;
}

export type PipelineEvent =
  | { type: 'pipeline-start'; steps: StepInfo[]; at: number }
  | { type: 'step-start'; step: string; at: number }
  | {
      type: 'step-progress';
      step: string;
      /** Rows (or records) handled so far in this step. */
      rows: number;
      files?: number;
      bytes?: number;
      /** Input files and bytes in all, once the source has listed them (bytes: only when comparable with `bytes`). */
      filesTotal?: number;
      bytesTotal?: number;
      rejected?: number;
      /** 0-100 when the step knows its total. */
      percent?: number;
      at: number;
    }
  | { type: 'step-warning'; step: string; message: string; at: number }
  | { type: 'record-rejected'; step: string; file: string; line: number; reason: string; at: number }
  | { type: 'step-done'; step: string; rows: number; seconds: number; detail?: string; checks?: CheckLine[]; at: number }
  | { type: 'step-skipped'; step: string; reason: string; at: number }
  | { type: 'step-error'; step: string; title: string; message: string; at: number }
  | {
      type: 'pipeline-done';
      ok: boolean;
      cancelled: boolean;
      seconds: number;
      counts: Record<string, number | null>;
      /** The ledger's id of this run, when it wrote. */
      runId?: number;
      /** The run whose output the star tables now hold (this one when it published). */
      publishedBy?: number;
      at: number;
    };

export type EmitEvent = (event: PipelineEvent) => void;
