import { afterAll, beforeAll, expect } from 'vitest';
import type { DwhConfig } from '../../../src/config/dwh-cfg.js';
import { runPipeline } from '../../../src/etl/run-pipeline.js';
import { etlSteps } from '../../../src/etl/steps.js';
import { enginesUnderTest } from '../../helpers/engines.js';
import { tempDir } from '../../helpers/paths.js';
import { writeFixture } from './fixture.js';

/**
 * For the screens that read the star schema: before the file's tests, a fresh database of the first engine
 * under test with the fixture loaded by the ETL; after them, both removed. Returns the config to open it.
 */
export function loadedFixture(prefix: string): () => DwhConfig {
  const engine = enginesUnderTest()[0]!;
  const temp = tempDir(prefix);
  let config: DwhConfig | undefined;
  beforeAll(async () => {
    config = engine.config(writeFixture(temp.dir));
    const result = await runPipeline({ config, steps: etlSteps(), emit: () => undefined });
    expect(result.ok).toBe(true);
  });
  afterAll(async () => {
    await engine.cleanup();
    temp.cleanup();
  });
  return () => {
    if (!config) throw new Error('the fixture is loaded in beforeAll');
    return config;
  };
}
