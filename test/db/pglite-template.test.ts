// The migrated template a first start copies instead of running initdb and every migration.
// One template is built for the whole file (that build is an initdb, the slow part being avoided).
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../../src/db/data-dir-lock.js';
import { databaseFromPglite, openPglite } from '../../src/db/database.js';
import { MIGRATIONS_DIR, migrate, readMigrations } from '../../src/db/migrate.js';
import { buildTemplate, isInitialized, seedFromTemplate, templatePath } from '../../src/db/pglite-template.js';

describe('the PGlite template', () => {
  let work: string;
  let cacheDir: string;
  let template: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'retaguarda-template-'));
    cacheDir = join(work, 'cache');
    template = await buildTemplate(cacheDir);
  }, 120_000);
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('is built once per PGlite version and set of migrations, replacing older ones', async () => {
    expect(template).toBe(await templatePath(cacheDir));
    expect(isInitialized(template)).toBe(true);
    await cp(template, join(cacheDir, 'pglite-template-0000000000000000'), { recursive: true });
    expect(await buildTemplate(cacheDir)).toBe(template);
    expect(await readdir(cacheDir)).toEqual([template.split('/').at(-1)]);
  });

  it('fills an empty DATA_DIR (holding only its lock) with a migrated database', async () => {
    const dataDir = join(work, 'data');
    const lock = acquireDataDirLock(dataDir, 'bot');
    try {
      expect(await seedFromTemplate(dataDir, cacheDir)).toBe(true);
      const db = databaseFromPglite(await openPglite(dataDir));
      try {
        expect(await migrate(db)).toEqual([]);
        const applied = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>('SELECT migration_name FROM "_prisma_migrations" ORDER BY 1');
        expect(applied.map((r) => r.migration_name)).toEqual((await readMigrations()).map((m) => m.name));
        expect(await db.prisma.product.count()).toBe(0);
        await db.prisma.product.create({ data: { sku: 'SKU-1', skuKey: 'sku-1', name: 'Café', stock: 1, minStock: 2 } });
      } finally {
        await db.close();
      }
      // Never over a database that exists: the product stays.
      expect(await seedFromTemplate(dataDir, cacheDir)).toBe(false);
      const again = databaseFromPglite(await openPglite(dataDir));
      expect(await again.prisma.product.count()).toBe(1);
      await again.close();
    } finally {
      lock.release();
    }
  });

  it('leaves DATA_DIR as it was when the copy fails part-way', async () => {
    const broken = join(work, 'broken');
    const copy = join(broken, template.split('/').at(-1)!);
    await cp(template, copy, { recursive: true });
    // A file the copy cannot take (a named pipe), as an unreadable one would be for another user.
    execFileSync('mkfifo', [join(copy, 'pg_stat', 'zz-pipe')]);
    const dataDir = join(work, 'data-broken');
    const lock = acquireDataDirLock(dataDir, 'bot');
    try {
      expect(await seedFromTemplate(dataDir, broken)).toBe(false);
      expect(await readdir(dataDir)).toEqual(['retaguarda.lock']);
    } finally {
      lock.release();
    }
  });

  it('is not used when the migrations changed since it was built, nor when there is none', async () => {
    const migrations = join(work, 'migrations');
    await cp(MIGRATIONS_DIR, migrations, { recursive: true });
    const last = (await readMigrations(migrations)).at(-1)!;
    await writeFile(join(migrations, last.name, 'migration.sql'), `${last.sql}\n-- changed\n`);
    expect(await templatePath(cacheDir, migrations)).not.toBe(template);
    expect(await seedFromTemplate(join(work, 'stale'), cacheDir, migrations)).toBe(false);
    expect(await seedFromTemplate(join(work, 'none'), join(work, 'no-cache'))).toBe(false);
    expect(isInitialized(join(work, 'stale'))).toBe(false);
  });
});
