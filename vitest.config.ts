import { defineConfig } from 'vitest/config';

// `npm test` runs test/ except test/sample; `npm run test:sample` (SPARKIFY_SAMPLE=1) runs only the checks on
// the real sample data in ../shared/data, which .ci/run requires.
const sample = process.env.SPARKIFY_SAMPLE === '1';

export default defineConfig({
  test: {
    include: sample ? ['test/sample/**/*.test.ts'] : ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: sample ? ['node_modules/**'] : ['test/sample/**', 'node_modules/**'],
    // Once per run: dist/ current for the subprocess tests, a PGlite cache and template. Per file: a working
    // folder and a home of its own (test/helpers/isolate.ts), so the project folder and the user's home are never read.
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/isolate.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // PGlite workers are heavy (hundreds of MB each): two cores, two forks.
    maxWorkers: 2,
    pool: 'forks',
  },
});
