import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Each worker holds a PGlite instance (~0.5–0.8 GB); two workers fit the 2-core CI machine.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The JSON report gives .ci/run its closing 'N passed, N failed' line.
    reporters: ['default', ['json', { outputFile: '.vitest-tmp/results.json' }]],
  },
});
