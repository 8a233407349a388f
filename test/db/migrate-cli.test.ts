// `npm run db:migrate`: applies pending migrations, says so, exits. The first run on the embedded
// database spawns the real entry point; the others run the same command in this process.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMigrate } from '../../src/cli/run-migrate.js';
import { readMigrations } from '../../src/db/migrate.js';
import { isInitialized, templatePath } from '../../src/db/pglite-template.js';
import { CHILD_WITH_DATABASE_TIMEOUT_MS, runScript } from '../support/child-process.js';
import { describeEachCliTarget, inspect, runInProcess } from '../support/cli-targets.js';

const SCRIPT = 'src/cli/migrate.ts';
const migrateCli = (env: Record<string, string>, cwd: string) => runInProcess('db:migrate', runMigrate, env, cwd);

describeEachCliTarget('npm run db:migrate', (target) => {
  it('brings a fresh database up to date (an empty DATA_DIR from the migrated template npm install built), then reports it up to date', async () => {
    const t = target();
    const names = (await readMigrations()).map((m) => m.name);
    // On PGlite an empty DATA_DIR is a copy of the template when `npm install` built one for these migrations.
    const seeded = t.kind === 'pglite' && isInitialized(await templatePath());
    const first = t.kind === 'pglite' ? await runScript(SCRIPT, [], t.env, t.work, { runner: 'node' }) : await migrateCli(t.env, t.work);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(
      seeded ? 'database is up to date\n' : `applied ${names.length} migration${names.length === 1 ? '' : 's'}:\n${names.map((n) => `  ${n}\n`).join('')}`,
    );
    const recorded = await inspect(t, (db) => db.prisma.$queryRawUnsafe<{ migration_name: string }[]>('SELECT migration_name FROM "_prisma_migrations" ORDER BY 1'));
    expect(recorded.map((r) => r.migration_name)).toEqual(names);

    const second = await migrateCli(t.env, t.work);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe('database is up to date\n');
    // In the bot's language, like every command line tool.
    const third = await migrateCli({ ...t.env, BOT_LOCALE: 'pt-BR' }, t.work);
    expect(third.stdout).toBe('o banco de dados está atualizado\n');
  }, CHILD_WITH_DATABASE_TIMEOUT_MS);
});

describe('npm run db:migrate while the bot runs', () => {
  const work = mkdtempSync(join(tmpdir(), 'retaguarda-migrate-busy-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('refuses with one line pointing to the ingest API (exit 2), leaving the lock in place', async () => {
    // The bot: another live process (this one's parent); a lock of this very process would be its own to take.
    const dataDir = join(work, 'data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'retaguarda.lock'), JSON.stringify({ pid: process.ppid, purpose: 'bot', port: 3000, since: new Date().toISOString() }));
    const run = await migrateCli({ DATA_DIR: dataDir }, work);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(new RegExp(`^The embedded database in .* is in use by the running bot \\(pid ${process.ppid}\\)\\. .*/api/v1/`))]);
    expect(JSON.parse(readFileSync(join(dataDir, 'retaguarda.lock'), 'utf8'))).toMatchObject({ pid: process.ppid, purpose: 'bot' });
  });
});
