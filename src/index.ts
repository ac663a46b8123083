/** The library: everything the CLI and the TUI use, without either of them. */
export * from './errors.js';
export * from './config/dwh-cfg.js';
export type * from './warehouse/warehouse.js';
export { openWarehouse, describeTarget, dialectOf } from './warehouse/open.js';
export { EmbeddedWarehouse } from './warehouse/embedded.js';
export { LocalSource } from './sources/local.js';
export { openSource } from './sources/open.js';
export { JsonRecordSplitter, type ParsedRecord } from './sources/json-records.js';
export { loadJson, LoadRejectedError, type LoadResult, type Rejection } from './etl/load-json.js';
export * from './etl/json-mapping.js';
export * from './etl/events.js';
export * from './etl/pipeline-state.js';
export { runPipeline, type RunOptions, type RunResult } from './etl/run-pipeline.js';
export { etlSteps, createTablesSteps, tableCounts, type Step, type StepContext } from './etl/steps.js';
export * from './sql/tables.js';
export { TRANSFORMS, CHECKS } from './sql/transforms.js';
export * from './queries/format.js';
export * from './queries/insights.js';
