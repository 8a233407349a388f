import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseFromUrl, type Database } from '../../src/db/database.js';
import { MIGRATIONS_DIR, migrate, readMigrations } from '../../src/db/migrate.js';
import { recreateDatabase, dropDatabase } from '../support/global-setup.js';
import { SERVER_URL, createPgliteTestDatabase, describeOnServer } from '../support/test-database.js';
import { withDatabaseName } from '../support/database-names.js';

async function copyMigrations(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'retaguarda-migrations-'));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

/** An embedded database no migration ran on (loaded from a template: no initdb per test). */
async function freshPglite(): Promise<Database> {
  return (await createPgliteTestDatabase({ migrated: false })).db;
}

describe('migrations on an empty embedded database', () => {
  it('applies every migration once, recorded as Prisma Migrate records them', async () => {
    const db = await freshPglite();
    try {
      const names = (await readMigrations()).map((m) => m.name);
      expect(names.length).toBeGreaterThan(0);
      expect(await migrate(db)).toEqual(names);
      expect(await migrate(db)).toEqual([]);

      const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; id: string }[]>(
        'SELECT id, migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
      );
      expect(rows.map((r) => r.migration_name)).toEqual(names);
      const first = rows[0]!;
      const sql = await readFile(join(MIGRATIONS_DIR, first.migration_name, 'migration.sql'));
      expect(first.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(first.finished_at).toBeInstanceOf(Date);
      expect(first.applied_steps_count).toBe(1);
      expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await db.close();
    }
  });

  it('refuses a migration that was changed after it was applied', async () => {
    const dir = await copyMigrations();
    const db = await freshPglite();
    try {
      await migrate(db, undefined, dir);
      const [first] = await readMigrations(dir);
      const file = join(dir, first!.name, 'migration.sql');
      await writeFile(file, `${await readFile(file, 'utf8')}\n-- edited later\n`);
      await expect(migrate(db, undefined, dir)).rejects.toThrow(/was modified after it was applied/);
    } finally {
      await db.close();
    }
  });

  it('rolls back a failing migration completely and records nothing', async () => {
    const dir = await copyMigrations();
    const db = await freshPglite();
    try {
      await migrate(db, undefined, dir);
      const bad = join(dir, '29991231000000_broken');
      await mkdir(bad);
      await writeFile(join(bad, 'migration.sql'), 'CREATE TABLE "half_done" (id int);\nSELECT * FROM "no_such_table";\n');
      await expect(migrate(db, undefined, dir)).rejects.toThrow(/29991231000000_broken failed/);
      const tables = await db.prisma.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM pg_tables WHERE tablename = 'half_done'`);
      expect(tables).toHaveLength(0);
      const recorded = await db.prisma.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29991231000000_broken'`);
      expect(recorded).toHaveLength(0);
    } finally {
      await db.close();
    }
  });
});

describeOnServer('migrations on a PostgreSQL server', () => {
  it('applies once when several instances start together (advisory lock)', async () => {
    const name = `retaguarda_mig_${process.pid}`;
    await recreateDatabase(SERVER_URL!, name);
    const url = withDatabaseName(SERVER_URL!, name);
    const instances = [databaseFromUrl(url), databaseFromUrl(url), databaseFromUrl(url)];
    try {
      const results = await Promise.all(instances.map((db) => migrate(db)));
      const all = (await readMigrations()).map((m) => m.name);
      expect(results.flat().sort()).toEqual(all.sort());
      const count = await instances[0]!.prisma.$queryRawUnsafe<{ n: bigint }[]>('SELECT count(*) AS n FROM "_prisma_migrations"');
      expect(Number(count[0]!.n)).toBe(all.length);
    } finally {
      await Promise.all(instances.map((db) => db.close()));
      await dropDatabase(SERVER_URL!, name);
    }
  });
});
