// `npm run db:migrate` as a real child process: applies pending migrations, says so, exits.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../../src/db/data-dir-lock.js';
import { readMigrations } from '../../src/db/migrate.js';
import { CHILD_WITH_DATABASE_TIMEOUT_MS, runScript } from '../support/child-process.js';
import { describeEachCliTarget, inspect } from '../support/cli-targets.js';

const SCRIPT = 'src/cli/migrate.ts';

describeEachCliTarget('npm run db:migrate', (target) => {
  it('applies every migration to a fresh database, then reports it up to date', async () => {
    const t = target();
    const names = (await readMigrations()).map((m) => m.name);
    const first = await runScript(SCRIPT, [], t.env, t.work, { runner: 'node' });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`applied ${names.length} migration${names.length === 1 ? '' : 's'}:\n${names.map((n) => `  ${n}\n`).join('')}`);
    const recorded = await inspect(t, (db) => db.prisma.$queryRawUnsafe<{ migration_name: string }[]>('SELECT migration_name FROM "_prisma_migrations" ORDER BY 1'));
    expect(recorded.map((r) => r.migration_name)).toEqual(names);

    const second = await runScript(SCRIPT, [], t.env, t.work, { runner: 'node' });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe('database is up to date\n');
  }, CHILD_WITH_DATABASE_TIMEOUT_MS);
});

describe('npm run db:migrate while the bot runs', () => {
  const work = mkdtempSync(join(tmpdir(), 'retaguarda-migrate-busy-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('refuses with one line pointing to the ingest API (exit 2), leaving the lock in place', async () => {
    const dataDir = join(work, 'data');
    const lock = acquireDataDirLock(dataDir, 'bot', 3000);
    try {
      const run = await runScript(SCRIPT, [], { DATA_DIR: dataDir }, work, { runner: 'node' });
      expect(run.code).toBe(2);
      expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^The embedded database in .* is in use by the running bot \(pid \d+\)\. .*\/api\/v1\//)]);
      expect(JSON.parse(readFileSync(join(dataDir, 'retaguarda.lock'), 'utf8'))).toMatchObject({ pid: process.pid, purpose: 'bot' });
    } finally {
      lock.release();
    }
  });
});
