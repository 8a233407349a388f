// Real databases for tests: PGlite always, the PostgreSQL server when TEST_DATABASE_URL is set.
// A migrated database is a PGlite loaded from the migrated template, or a server database created
// from the migrated template database. Closed, it stays with the worker for the next file (a
// worker runs its files one after another), which gets it emptied: each file saves loading a
// PGlite and creating and dropping a server database, ~1–2 s. Tests within a file truncate
// between them.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
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

// The worker's databases between two users; a second one closed meanwhile is thrown away.
let keptPglite: PGlite | undefined;
let keptServerDatabase: string | undefined;

/** `migrated: false`: a database no migration ran on yet, as on day one (for the tests of migrate). */
export async function createPgliteTestDatabase({ migrated = true } = {}): Promise<TestDatabase> {
  if (!migrated) {
    const db = databaseFromPglite(await openPglite(undefined, new Blob([await readFile(PGLITE_EMPTY_TEMPLATE_FILE)])));
    return { db, close: () => db.close() };
  }
  const kept = keptPglite;
  keptPglite = undefined;
  const pglite = kept ?? (await openPglite(undefined, new Blob([await readFile(PGLITE_TEMPLATE_FILE)])));
  let given = false;
  // The user's own handle. Given back, it acts as a closed PGlite: anything the user left running
  // fails as it did when each user closed its own, instead of writing into the next user's data.
  const handle = new Proxy(pglite, {
    get(target, key) {
      if (given && key === 'closed') return true;
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (given) return key === 'close' ? async () => undefined : () => Promise.reject(new Error('PGlite is closed'));
      // PGlite's methods use private fields: they run on the instance itself, not on the proxy.
      return value.bind(target);
    },
  });
  const db = databaseFromPglite(handle);
  if (kept) await truncateAll(db);
  return {
    db,
    async close() {
      if (given) return;
      given = true;
      await db.prisma.$disconnect();
      if (pglite.closed) return; // closed by the test (an outage)
      // Left inside a transaction (a test that failed mid-way): neither handed on nor waited for.
      if (pglite.isInTransaction()) return;
      if (keptPglite) await pglite.close();
      else keptPglite = pglite;
    },
  };
}

export async function createServerTestDatabase(): Promise<TestDatabase> {
  if (!SERVER_URL) throw new Error(SERVER_SKIP_REASON);
  const serverUrl = SERVER_URL;
  const kept = keptServerDatabase;
  keptServerDatabase = undefined;
  // Named after the run's template: the global teardown drops those the workers kept.
  const name = kept ?? `${inject('serverTemplate')}_${randomBytes(6).toString('hex')}`;
  if (!kept) await recreateDatabase(serverUrl, name, inject('serverTemplate'));
  const url = withDatabaseName(serverUrl, name);
  // A pool of the user's own, ended when it is done (as a dropped database would refuse what was left running).
  const db = databaseFromUrl(url);
  if (kept) await truncateAll(db);
  let given = false;
  return {
    db,
    url,
    async close() {
      if (given) return;
      given = true;
      await db.close();
      if (keptServerDatabase) await dropDatabase(serverUrl, name);
      else keptServerDatabase = name;
    },
  };
}

export function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  return kind === 'pglite' ? createPgliteTestDatabase() : createServerTestDatabase();
}

let emptySql: string | undefined;

/**
 * Empties every table (keeping migrations) and restarts ids, so tests start clean. DELETE
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
    describe.skipIf(unavailable)(name, () => suite(useTestDatabase(kind)));
  }
}

/** Opens a database of `kind` for the enclosing suite, emptied before each of its tests. */
function useTestDatabase(kind: TestDatabaseKind): DatabaseContext {
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
  return ctx;
}

/** For suites that only make sense on a server (several instances, server mode). */
export function describeOnServer(title: string, suite: () => void): void {
  const name = SERVER_URL ? `${title} [postgres]` : `${title} [skipped: ${SERVER_SKIP_REASON}]`;
  describe.skipIf(!SERVER_URL)(name, suite);
}

/** describeOnServer, on a database of its own that is emptied before each test. */
export function describeOnServerDatabase(title: string, suite: (ctx: DatabaseContext) => void): void {
  describeOnServer(title, () => suite(useTestDatabase('postgres')));
}
