// Real databases for tests: PGlite always, the PostgreSQL server when TEST_DATABASE_URL is set.
// Each test file gets its own database (a PGlite loaded from the migrated template, or a server
// database created from the migrated template database); tests within a file truncate between them.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, inject } from 'vitest';
import { databaseFromPglite, databaseFromUrl, openPglite, type Database } from '../../src/db/database.js';
import { PGLITE_EMPTY_TEMPLATE_FILE, PGLITE_TEMPLATE_FILE, withDatabaseName } from './database-names.js';
import { dropDatabase, recreateDatabase } from './global-setup.js';

export type TestDatabaseKind = 'pglite' | 'postgres';

export const SERVER_URL = process.env.TEST_DATABASE_URL;
export const SERVER_SKIP_REASON = 'needs TEST_DATABASE_URL (a PostgreSQL server); CI sets it';

export interface TestDatabase {
  db: Database;
  /** for server databases: the URL of this file's database (to open more instances on it) */
  url?: string;
  close(): Promise<void>;
}

/** `migrated: false`: a database no migration ran on yet, as on day one (for the tests of migrate). */
export async function createPgliteTestDatabase({ migrated = true } = {}): Promise<TestDatabase> {
  const template = new Blob([await readFile(migrated ? PGLITE_TEMPLATE_FILE : PGLITE_EMPTY_TEMPLATE_FILE)]);
  const db = databaseFromPglite(await openPglite(undefined, template));
  return { db, close: () => db.close() };
}

export async function createServerTestDatabase(): Promise<TestDatabase> {
  if (!SERVER_URL) throw new Error(SERVER_SKIP_REASON);
  const name = `retaguarda_t_${randomBytes(6).toString('hex')}`;
  await recreateDatabase(SERVER_URL, name, inject('serverTemplate'));
  const url = withDatabaseName(SERVER_URL, name);
  const db = databaseFromUrl(url);
  return {
    db,
    url,
    async close() {
      await db.close();
      await dropDatabase(SERVER_URL, name);
    },
  };
}

export function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  return kind === 'pglite' ? createPgliteTestDatabase() : createServerTestDatabase();
}

let emptySql: string | undefined;

/**
 * Empties every table (keeping migrations) and restarts ids, so tests in a file start clean. DELETE
 * rather than TRUNCATE: on the PostgreSQL server a TRUNCATE of every table costs ~75 ms (new files
 * for each), a DELETE of a test's few rows a millisecond or two. Foreign keys are not checked
 * meanwhile (session_replication_role; the test user is a superuser), so the order does not matter.
 */
export async function truncateAll(db: Database): Promise<void> {
  if (!emptySql) {
    const tables = await db.prisma.$queryRawUnsafe<{ tablename: string }[]>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    );
    const sequences = await db.prisma.$queryRawUnsafe<{ name: string }[]>(
      `SELECT sequence_name AS name FROM information_schema.sequences WHERE sequence_schema = 'public'`,
    );
    emptySql = `DO $$ BEGIN
      SET LOCAL session_replication_role = replica;
      ${tables.map((t) => `DELETE FROM "${t.tablename}";`).join(' ')}
      ${sequences.map((q) => `PERFORM setval('"${q.name}"', 1, false);`).join(' ')}
    END $$`;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      await db.prisma.$executeRawUnsafe(emptySql);
      return;
    } catch (error) {
      // A bot running on the database may lock the same rows in another order: PostgreSQL then
      // fails one side of the deadlock, and this side tries again.
      if (attempt === 3 || !(error instanceof Error && error.message.includes('40P01'))) throw error;
    }
  }
}

/** Read `db` inside hooks and tests, not when the suite is declared (it is opened in beforeAll). */
export interface DatabaseContext {
  readonly kind: TestDatabaseKind;
  readonly db: Database;
  readonly url: string | undefined;
}

/**
 * Runs the same suite on PGlite and, when TEST_DATABASE_URL is set, on the PostgreSQL server.
 * Without it the server suite is reported as skipped, with the reason in its name.
 */
export function describeEachDatabase(title: string, suite: (ctx: DatabaseContext) => void): void {
  for (const kind of ['pglite', 'postgres'] as const) {
    const unavailable = kind === 'postgres' && !SERVER_URL;
    const name = unavailable ? `${title} [postgres — skipped: ${SERVER_SKIP_REASON}]` : `${title} [${kind}]`;
    describe.skipIf(unavailable)(name, () => {
      let current: TestDatabase | undefined;
      const ctx: DatabaseContext = {
        kind,
        get db() {
          if (!current) throw new Error('test database not ready');
          return current.db;
        },
        get url() {
          return current?.url;
        },
      };
      beforeAll(async () => {
        current = await createTestDatabase(kind);
      });
      afterAll(async () => {
        await current?.close();
      });
      beforeEach(async () => {
        await truncateAll(ctx.db);
      });
      suite(ctx);
    });
  }
}

/** For suites that only make sense on a server (several instances, server mode). */
export function describeOnServer(title: string, suite: () => void): void {
  const name = SERVER_URL ? `${title} [postgres]` : `${title} [skipped: ${SERVER_SKIP_REASON}]`;
  describe.skipIf(!SERVER_URL)(name, suite);
}
