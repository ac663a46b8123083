import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import type { TestProject } from 'vitest/node';
import { EmbeddedWarehouse } from '../../src/engines/embedded/embedded.js';
import { templateFile } from '../../src/engines/embedded/pglite-template.js';
import { ensureFreshBuild } from './fresh-build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    cacheDir: string;
  }
}

/**
 * Once per run, before any test file: dist/ brought up to date for the tests that spawn bin/sparkify; a PGlite
 * cache of the run's own, which every test file and the CLIs they start use instead of the user's home (see
 * isolate.ts); and an empty database as a folder, which tests copy (creating one costs seconds).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const run = mkdtempSync(join(tmpdir(), 'sparkify-run-'));
  const cacheDir = join(run, 'cache');
  mkdirSync(cacheDir);
  // The user's cached template, when there is one, has the same bytes (the name carries PGlite's version):
  // copying it spares initialising a database. The run never reads the home after this.
  const userTemplate = templateFile(process.env);
  if (userTemplate && existsSync(userTemplate)) copyFileSync(userTemplate, join(cacheDir, basename(userTemplate)));
  const previous = process.env.SPARKIFY_CACHE_DIR;
  process.env.SPARKIFY_CACHE_DIR = cacheDir;
  const template = join(run, 'pglite-template');
  mkdirSync(template);
  const [built] = await Promise.all([ensureFreshBuild(), makeTemplate(template)]);
  if (previous === undefined) delete process.env.SPARKIFY_CACHE_DIR;
  else process.env.SPARKIFY_CACHE_DIR = previous;
  if (process.env.SPARKIFY_TEST_VERBOSE) console.error(built);
  project.provide('pgliteTemplate', template);
  project.provide('cacheDir', cacheDir);
  return () => rmSync(run, { recursive: true, force: true });
}

async function makeTemplate(dir: string): Promise<void> {
  const { warehouse } = await EmbeddedWarehouse.open({ dataDir: dir });
  await warehouse.close();
  if (!existsSync(join(dir, 'PG_VERSION'))) throw new Error('template database was not created');
}
