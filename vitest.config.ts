import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Each worker holds a PGlite instance (~0.5–0.8 GB); two workers fit the 2-core CI machine.
    // Files share their worker's modules (no re-import of Prisma, Bolt and PGlite per file): the
    // suite takes about half as long. So no test file may count on fresh module state (vi.mock,
    // stubbed globals or env): none does.
    pool: 'forks',
    maxWorkers: 2,
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The JSON report gives .ci/run its closing 'N passed, N failed' line.
    reporters: ['default', ['json', { outputFile: '.vitest-tmp/results.json' }]],
  },
});
