// The checks on the real sample data in ../shared/data (test/sample), which .ci/run requires.
process.env.SPARKIFY_SAMPLE = '1';
const { default: config } = await import('./vitest.config.js');
export default config;
