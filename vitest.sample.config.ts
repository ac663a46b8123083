import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The checks on the real sample data in ../shared/data (see test/sample): run by .ci/run after npm test.
export default mergeConfig(base, defineConfig({ test: { include: ['test/sample/**/*.test.ts'], exclude: ['node_modules/**'] } }));
