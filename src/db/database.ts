// One Database interface over two engines: embedded PGlite (DATABASE_URL unset) and a PostgreSQL
// server through node-postgres. Everything above this module uses the same Prisma client and SQL.
import { createRequire } from 'node:module';
import { PGlite } from '@electric-sql/pglite';
import type * as AdapterPg from '@prisma/adapter-pg';
import type PgModule from 'pg';
import type * as PgCopyStreams from 'pg-copy-streams';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { withinTimeout } from '../lib/within-timeout.js';

export type { PrismaClient };
export type DatabaseKind = 'pglite' | 'postgres';

/** A single connection used alone: migrations, advisory locks, multi-statement scripts. */
export interface SqlSession {
  /**
   * `name` makes it a prepared statement of this connection on a server (PGlite ignores it): parsed
   * once, and after five runs planned once, generically. For a statement run batch after batch (an
   * import's upserts), where each custom plan chose sorts and merge joins for 2,000 rows and a
   * re-import of 100,000 products took 0.8 s of server time against 0.46 s (PostgreSQL 15). The name
   * must stay with one SQL text.
   */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[], name?: string): Promise<R[]>;
  exec(sql: string): Promise<void>;
  /** a statement's count of rows inserted, updated or deleted */
  execute(sql: string, params?: unknown[]): Promise<number>;
  /**
   * `COPY … FROM STDIN` of `data` (text format, a line per row), on a server only: PGlite has no
   * COPY FROM STDIN. Only COPY writes rows a page at a time; an INSERT of the same rows, even one
   * multi-row statement, writes and logs them one by one (~2.7× the server time, PostgreSQL 15).
   */
  copyFrom?(sql: string, data: string): Promise<void>;
}

/**
 * What the helpers that only run SQL ask of a connection: Prisma's two raw methods, so a Prisma
 * client or interactive transaction is one as it is, and `sqlClientOf` makes a driver session one
 * (the watch cycle's transactions). Rows read alike through both only for int4, text, boolean, jsonb
 * and timestamptz columns: such helpers select counts as `::int`, dates and numerics as `::text`.
 */
export interface SqlClient {
  $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): PromiseLike<T>;
  $executeRawUnsafe(sql: string, ...values: unknown[]): PromiseLike<number>;
}

export function sqlClientOf(session: SqlSession): SqlClient {
  return {
    $queryRawUnsafe: <T>(sql: string, ...values: unknown[]) => session.query(sql, values) as Promise<T>,
    $executeRawUnsafe: (sql: string, ...values: unknown[]) => session.execute(sql, values),
  };
}

export interface TransactionOptions {
  /**
   * an advisory lock (pg_advisory_xact_lock) taken first, sent with BEGIN on a server: one round
   * trip less for each of a watch cycle's transactions (bench/watch-cycle.bench.ts)
   */
  lock?: number;
  /**
   * on a server, the transaction's connection is closed after this long, which ends the transaction
   * there, and the caller gets an error: a connection that stops answering without a reset would
   * otherwise hold it, and whoever waits for its lock, until TCP gives up (~15 minutes). PGlite's
   * one connection cannot be given up: there it is ignored.
   */
  timeoutMs?: number;
}

export interface Database {
  readonly kind: DatabaseKind;
  /** how many statements can run at once: PGlite's one connection, or the server pool's size */
  readonly connections: number;
  readonly prisma: PrismaClient;
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /**
   * One transaction on one connection, straight to the driver: committed when `fn` returns, rolled
   * back when it throws. Other statements wait for it on PGlite (its one connection). For long
   * batched writes (an import): Prisma keeps the arguments of its last 100 calls, DEBUG set or not,
   * which kept ~28 MB of an import's batches alive and let V8's old generation grow ~60 MB more at
   * 1,000,000 rows (bench/import-peak-rss.ts). And for the watch cycle's transactions, whose CPU
   * Prisma's runtime was a quarter of (domain/alerts/run-kind-transaction.ts).
   */
  transaction<T>(fn: (session: SqlSession) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * One statement straight to the driver, outside any transaction. For the hot reads and writes
   * (a watch cycle's findings and stored alerts, a request's receipt, `/stock show`): Prisma's raw
   * path costs about twice the CPU per statement and row (bench/watch-cycle, bench/ack-latency).
   * The drivers read a DATE column as different instants: select calendar dates as `::text`.
   */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** true when the database answers a trivial query within the timeout */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export function databaseFromPglite(pglite: PGlite, onClose?: () => Promise<void> | void): Database {
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const session = pgliteSession(pglite);
  return {
    kind: 'pglite',
    connections: 1,
    prisma,
    // PGlite has one connection: a session is simply that connection.
    withSession: (fn) => fn(session),
    async transaction(fn, options) {
      const lock = lockNumber(options);
      return pglite.transaction(async (tx) => {
        if (lock !== undefined) await tx.query('SELECT pg_advisory_xact_lock($1)', [lock]);
        return fn(pgliteSession(tx));
      });
    },
    query: session.query,
    ping: (timeoutMs) => ping(() => pglite.query('SELECT 1'), timeoutMs),
    async close() {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
      await onClose?.();
    },
  };
}

/** PGlite itself, or one of its transactions, as a session. */
function pgliteSession(connection: Pick<PGlite, 'query' | 'exec'>): SqlSession {
  return {
    query: async <R>(sql: string, params?: unknown[]) => (await connection.query<R>(sql, params)).rows,
    execute: async (sql: string, params?: unknown[]) => (await connection.query(sql, params)).affectedRows ?? 0,
    exec: async (sql: string) => {
      await connection.exec(sql);
    },
  };
}

// The server's driver is loaded only when a server is used: local mode (PGlite) starts ~60 ms
// sooner without it (bench/local-start.bench.ts). The three packages ship CommonJS, so this stays synchronous.
const require = createRequire(import.meta.url);

export function databaseFromUrl(url: string, options: { poolSize?: number } = {}): Database {
  const pg = require('pg') as typeof PgModule;
  const { PrismaPg } = require('@prisma/adapter-pg') as typeof AdapterPg;
  const copyStreams = require('pg-copy-streams') as typeof PgCopyStreams;
  const max = options.poolSize ?? 10;
  // `min`: two connections outlive pg's 10 s idle timeout, so a watch cycle every few minutes does
  // not connect afresh to a backend that must load its catalog again (~20 ms to connect, and each
  // kind's first statements ~10 ms slower: PostgreSQL 15's log, bench/watch-cycle.bench.ts).
  const pool = new pg.Pool({ ...withoutParallelWorkers(url), max, min: Math.min(2, max), connectionTimeoutMillis: 5_000 });
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const sessionOf = (client: PgModule.PoolClient): SqlSession => ({
    query: async <R>(sql: string, params?: unknown[], name?: string) =>
      (await client.query(name === undefined ? { text: sql, values: params } : { name, text: sql, values: params })).rows as R[],
    exec: async (sql: string) => {
      await client.query(sql);
    },
    execute: async (sql: string, params?: unknown[]) => (await client.query({ text: sql, values: params })).rowCount ?? 0,
    copyFrom: (sql: string, data: string) =>
      new Promise<void>((resolve, reject) => {
        const copy = client.query(copyStreams.from(sql));
        copy.on('finish', resolve).on('error', reject);
        copy.end(data);
      }),
  });
  return {
    kind: 'postgres',
    connections: max,
    prisma,
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn(sessionOf(client));
      } finally {
        client.release();
      }
    },
    async transaction(fn, options) {
      const lock = lockNumber(options);
      const client = await pool.connect();
      let released = false;
      // With an error, the pool closes the connection instead of handing it to the next caller.
      const release = (error?: Error) => {
        if (!released) client.release(error);
        released = true;
      };
      const run = async () => {
        let broken: Error | undefined;
        try {
          // Both in one simple-protocol message (no parameters there): the number is checked, not escaped.
          await client.query(lock === undefined ? 'BEGIN' : `BEGIN; SELECT pg_advisory_xact_lock(${lock})`);
          const result = await fn(sessionOf(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          // A connection that cannot even roll back is dropped too.
          await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
          throw error;
        } finally {
          release(broken);
        }
      };
      const timeoutMs = options?.timeoutMs;
      if (timeoutMs === undefined) return run();
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const error = new Error(`transaction took longer than ${timeoutMs} ms: its connection was closed`);
          release(error);
          reject(error);
        }, timeoutMs);
      });
      try {
        return await Promise.race([run(), expired]);
      } finally {
        clearTimeout(timer);
      }
    },
    query: async <R>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as R[],
    ping: (timeoutMs) => ping(() => pool.query('SELECT 1'), timeoutMs),
    async close() {
      await prisma.$disconnect();
      if (!pool.ended) await pool.end();
    },
  };
}

function lockNumber(options: TransactionOptions | undefined): number | undefined {
  const lock = options?.lock;
  if (lock !== undefined && !Number.isSafeInteger(lock)) throw new Error(`advisory lock ${lock}: not an integer`);
  return lock;
}

/**
 * No parallel workers for the bot's sessions. Its only large statements are the watchers', and for
 * the low-stock one at 1M products the planner gave each of 2 workers a full copy of the consumption
 * aggregate to hash: 2.1–2.5 s against 1.6 s serial (EXPLAIN ANALYZE, PostgreSQL 15), and three
 * times the CPU. Set at connection start (no extra statement); `options` given in the URL are kept,
 * as pg would let the URL's replace ours.
 */
function withoutParallelWorkers(url: string): { connectionString: string; options: string } {
  const parsed = new URL(url);
  const given = parsed.searchParams.get('options');
  parsed.searchParams.delete('options');
  return { connectionString: parsed.toString(), options: [given, '-c max_parallel_workers_per_gather=0'].filter(Boolean).join(' ') };
}

async function ping(query: () => Promise<unknown>, timeoutMs = 2_000): Promise<boolean> {
  try {
    return (await withinTimeout(query().then(() => true), timeoutMs)) ?? false;
  } catch {
    return false;
  }
}


// initdb sizes shared_buffers for a server (128 MB), and PGlite touches all of it at start: 16 MB
// takes ~120 MB off the resident size. The files stay in the OS page cache (NodeFS), so a miss
// costs a read(), not a disk seek; the bench's PGlite figures are measured with this setting.
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<PGlite> {
  return PGlite.create(dataDir, { startParams: PGLITE_START_PARAMS, ...(loadDataDir ? { loadDataDir } : {}) });
}
