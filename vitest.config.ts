import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Test files that replace a module (vi.mock): they get a fresh module graph of their own. */
const MOCKING = ['test/cli/internal-error.test.ts', 'test/prices/load-isolation.test.ts'];

const shared = {
  environment: 'node',
  testTimeout: 20000,
  env: { NO_COLOR: '1' },
  // APIGW_TEST_ASSERTIONS=FILE counts the expect() matchers each test runs (test/helpers/count-assertions.ts)
  setupFiles: process.env.APIGW_TEST_ASSERTIONS ? ['test/helpers/count-assertions.ts'] : [],
} as const;

export default defineConfig({
  test: {
    // one folder per run, removed after it: the simulations runCli computed (shared by both workers) and every test's temporary files
    globalSetup: ['test/helpers/run-dir.ts'],
    // vitest's default is one worker per core but one (2 - 1) on a 2-core machine: most test time is
    // CPU (simulations, the docs' CLI processes), so both cores work; 3+ cores keep the default
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        // the source modules load once per worker instead of once per test file: no test file changes
        // module state another relies on (the CLI is built afresh by each main() call)
        test: { ...shared, name: 'shared', include: ['test/**/*.test.ts'], exclude: MOCKING, isolate: false },
      },
      { test: { ...shared, name: 'isolated', include: MOCKING, isolate: true } },
    ],
  },
});
