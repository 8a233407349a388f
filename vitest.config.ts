import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that run longest (they spawn processes, build PGlite templates or drive several
 * instances), measured on a fresh clone. There Vitest has no durations cached and starts the
 * largest files first, which left these for the end: the last one ran alone on one worker for
 * ~10 s (2 cores, 121 s in all).
 */
const LONGEST = [
  'test/import/import-cli.test.ts',
  'test/notify/outbox-sender.test.ts',
  'test/oncall/handoff.test.ts',
  'test/e2e/local-mode-process.test.ts',
  'test/notify/outbox-failures.test.ts',
  'test/alerts/escalation.test.ts',
  'test/db/migrate.test.ts',
  'test/db/migrate-cli.test.ts',
  'test/db/pglite-template.test.ts',
];

/** Vitest's own order (durations from its cache, else file size), with LONGEST first. */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const i = LONGEST.findIndex((path) => file.moduleId.endsWith(path));
      return i < 0 ? LONGEST.length : i;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

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
    sequence: { sequencer: LongestFirst },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The JSON report gives .ci/run its closing 'N passed, N failed' line.
    reporters: ['default', ['json', { outputFile: '.vitest-tmp/results.json' }]],
  },
});
