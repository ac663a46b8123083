import { keptSentence, type PipelineState } from '../etl/pipeline-state.js';

/** What to do after an ETL that did not finish, then what the star tables hold, by where it stopped. */
export function etlAdvice(state: PipelineState): string | undefined {
  if (!state.finished || state.ok) return undefined;
  const kept = keptSentence(state);
  const advice = what(state);
  if (advice === undefined) return undefined;
  return kept ? `${advice} ${kept[0]!.toUpperCase()}${kept.slice(1)}.` : advice;
}

function what(state: PipelineState): string | undefined {
  if (state.cancelled) return 'Cancelled: the running step was rolled back. Press r to run again.';
  const failed = state.steps.find((s) => s.status === 'failed');
  if (!failed) return undefined;
  if (failed.id.startsWith('stage-')) {
    const setting = failed.id === 'stage-events' ? '[S3] LOG_DATA / LOG_JSONPATH' : '[S3] SONG_DATA';
    const badRecords = state.rejectedCount > 0 || /^Bad input record/.test(failed.error?.title ?? '');
    return badRecords
      ? 'Fix or remove the records named above, or let the load skip them with [ETL] MAX_ERRORS in dwh.cfg; then press r.'
      : `Check ${setting} in dwh.cfg, then press r to run again.`;
  }
  if (failed.id === 'checks') return 'The tables built do not match the data semantics: see the message above; r runs the ETL again.';
  return 'Press r to run again, q to go back.';
}
