/**
 * Starting a worker thread on one of the project's modules. The worker is compiled JavaScript next to the module
 * that starts it; when the sources run directly (the tests), it is the TypeScript file, and a small bootstrap
 * registers tsx in the worker first.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * @param from the starting module's `import.meta.url`
 * @param name the worker module's file name beside it, without the extension
 */
export function spawnModuleWorker(from: string, name: string, workerData: unknown): Worker {
  if (from.endsWith('.ts')) {
    const tsxPackage = createRequire(from).resolve('tsx/package.json');
    const tsx = pathToFileURL(join(dirname(tsxPackage), 'dist/esm/api/index.mjs')).href;
    const target = new URL(`./${name}.ts`, from).href;
    const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); })`;
    return new Worker(bootstrap, { eval: true, workerData });
  }
  return new Worker(new URL(`./${name}.js`, from), { workerData });
}
