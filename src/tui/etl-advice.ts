import type { PipelineState } from '../etl/pipeline-state.js';

/** What to do after an ETL that did not finish, in one sentence, by where it stopped. */
export function etlAdvice(state: PipelineState): string | undefined {
  if (!state.finished || state.ok) return undefined;
  if (state.cancelled) return 'Cancelled: the running step was rolled back, the tables are consistent. Press r to run again.';
  const failed = state.steps.find((s) => s.status === 'failed');
  if (!failed) return undefined;
  if (failed.id.startsWith('stage-')) {
    const setting = failed.id === 'stage-events' ? '[S3] LOG_DATA / LOG_JSONPATH' : '[S3] SONG_DATA';
    return state.rejectedCount > 0
      ? 'Fix or remove the records named above, or let the load skip them with [ETL] MAX_ERRORS in dwh.cfg; then press r.'
      : `Check ${setting} in dwh.cfg (the staging table kept its rows), then press r to run again.`;
  }
  if (failed.id === 'checks') return 'The tables were built but do not match the data semantics: see the message above; r runs the ETL again.';
  return 'The step was rolled back: its table keeps its previous rows. Press r to run again, q to go back.';
}
