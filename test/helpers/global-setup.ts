import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { TestProject } from 'vitest/node';
import { EmbeddedWarehouse } from '../../src/engines/embedded/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/**
 * Creating a PGlite database costs seconds; tests copy one template instead (see embeddedDataDir).
 * The template is made once per run.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const template = join(tmpdir(), `sparkify-pglite-template-${process.pid}`);
  rmSync(template, { recursive: true, force: true });
  mkdirSync(template, { recursive: true });
  const { warehouse } = await EmbeddedWarehouse.open({ dataDir: template });
  await warehouse.close();
  if (!existsSync(join(template, 'PG_VERSION'))) throw new Error('template database was not created');
  project.provide('pgliteTemplate', template);
  return () => rmSync(template, { recursive: true, force: true });
}
