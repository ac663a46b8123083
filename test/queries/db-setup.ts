import { afterAll, beforeAll } from 'vitest';
import { runPipeline } from '../../src/etl/run-pipeline.js';
import { etlSteps } from '../../src/etl/steps.js';
import { jsonRows } from '../../src/queries/format.js';
import type { QueryResult, Warehouse } from '../../src/warehouse/warehouse.js';
import { openFor, type EngineUnderTest } from '../helpers/engines.js';
import { tempDir } from '../helpers/paths.js';
import { writeInsightsFixture } from './insights-fixture.js';

/** The hand-made fixture loaded by the real pipeline into a fresh database of `engine`, and a connection to it. */
export async function loadInsightsFixture(engine: EngineUnderTest): Promise<{ warehouse: Warehouse; flags: string[]; cleanup: () => Promise<void> }> {
  const dir = tempDir('sparkify-insights-');
  const fixture = writeInsightsFixture(dir.dir);
  const config = engine.config(fixture);
  const result = await runPipeline({ config, steps: etlSteps(), emit: () => undefined });
  if (!result.ok) throw new Error(`the fixture did not load on ${engine.name}`);
  const warehouse = await openFor(config);
  return {
    warehouse,
    flags: engine.flags(config),
    async cleanup() {
      await warehouse.close();
      await engine.cleanup();
      dir.cleanup();
    },
  };
}

/** A result as arrays of JSON values in column order: compact to compare against hand-worked answers. */
export function table(result: QueryResult): unknown[][] {
  return jsonRows(result.rows, result.fields).map((row) => Object.values(row));
}

export function columns(result: QueryResult): string[] {
  return result.fields.map((f) => f.name);
}

/**
 * For CLI tests: the fixture loaded before the file's (or describe's) tests and removed after them, with the
 * connection closed so the command under test can open the database (the embedded one admits one at a time).
 * Returns the flags that point a command at it.
 */
export function cliFixture(engine: EngineUnderTest): () => string[] {
  let flags: string[] | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const loaded = await loadInsightsFixture(engine);
    await loaded.warehouse.close();
    flags = loaded.flags;
    cleanup = loaded.cleanup;
  });
  afterAll(async () => cleanup?.());
  return () => {
    if (!flags) throw new Error('the fixture is loaded in beforeAll');
    return flags;
  };
}
