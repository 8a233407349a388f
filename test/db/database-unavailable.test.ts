// isDatabaseUnavailable, the one place that tells "the database is away" from every other error,
// checked against errors produced by the real drivers (node-postgres, Prisma over its pg adapter,
// PGlite) rather than hand-written look-alikes wherever a real one can be had in a few milliseconds;
// and the health check, which must not hang on a database that does not answer.
import { createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderError } from '../../src/blocks/replies/error-reply.js';
import { databaseFromUrl, type Database } from '../../src/db/database.js';
import { getHealth } from '../../src/domain/health/get-health.js';
import { Prisma } from '../../src/generated/prisma/client.js';
import { createI18n } from '../../src/i18n/index.js';
import { isDatabaseUnavailable } from '../../src/lib/database-unavailable.js';
import { AppError, toAppError } from '../../src/lib/errors.js';
import { createPgliteTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-deps.js';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

async function caught(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/** What Prisma gives for a raw query when the adapter reports a PostgreSQL error (seen with pg_terminate_backend). */
function prismaRawError(sqlState: string, message: string): Prisma.PrismaClientKnownRequestError {
  const adapterError = Object.assign(new Error(message), { name: 'DriverAdapterError', cause: { kind: 'postgres', code: sqlState, severity: 'FATAL', message } });
  return new Prisma.PrismaClientKnownRequestError(`Raw query failed. Code: \`${sqlState}\`. Message: \`${message}\``, {
    code: 'P2010',
    clientVersion: Prisma.prismaVersion.client,
    meta: { driverAdapterError: adapterError },
  });
}

describe('isDatabaseUnavailable', () => {
  let closedPort: number;
  let finPort: number;
  let hangPort: number;
  const servers: Server[] = [];
  let refused: Database;
  let ended: Database;
  let pglite: TestDatabase;
  const held = new Set<Socket>();

  beforeAll(async () => {
    // A port nothing listens on: opened, then closed.
    const probe = createServer();
    closedPort = await listen(probe);
    await new Promise((resolve) => probe.close(resolve));
    // A "server" that accepts and closes at once, and one that accepts and never answers.
    const fin = createServer((socket) => socket.end());
    const hang = createServer((socket) => held.add(socket));
    servers.push(fin, hang);
    finPort = await listen(fin);
    hangPort = await listen(hang);
    refused = databaseFromUrl(`postgresql://postgres@127.0.0.1:${closedPort}/x`);
    ended = databaseFromUrl(`postgresql://postgres@127.0.0.1:${finPort}/x`);
    pglite = await createPgliteTestDatabase();
  });
  afterAll(async () => {
    await Promise.all([refused.close(), ended.close(), pglite.close()]);
    for (const server of servers) server.close();
  });

  it('recognises node-postgres connection failures', async () => {
    const connect = async (port: number) => {
      const pool = new pg.Pool({ host: '127.0.0.1', port, user: 'postgres', connectionTimeoutMillis: 200 });
      try {
        await pool.query('SELECT 1');
      } finally {
        await pool.end();
      }
    };
    const refusedError = await caught(() => connect(closedPort));
    expect((refusedError as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    expect(isDatabaseUnavailable(refusedError)).toBe(true);
    const endedError = await caught(() => connect(finPort));
    expect((endedError as Error).message).toMatch(/^Connection terminated unexpectedly/);
    expect(isDatabaseUnavailable(endedError)).toBe(true);
    const timeoutError = await caught(() => connect(hangPort));
    expect((timeoutError as Error).message).toMatch(/^Connection terminated due to connection timeout/);
    expect(isDatabaseUnavailable(timeoutError)).toBe(true);
  });

  it('recognises Prisma errors wrapping them, from queries and raw SQL', async () => {
    const model = await caught(() => refused.prisma.product.findMany());
    expect(model).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect(isDatabaseUnavailable(model)).toBe(true);
    expect(isDatabaseUnavailable(await caught(() => refused.prisma.$queryRaw`SELECT 1`))).toBe(true);
    expect(isDatabaseUnavailable(await caught(() => refused.prisma.$transaction(async (tx) => tx.product.count())))).toBe(true);
    expect(isDatabaseUnavailable(await caught(() => ended.prisma.$executeRaw`UPDATE job_leases SET holder = ''`))).toBe(true);
    // The server shutting down or restarting, through the adapter's catch-all kind.
    expect(isDatabaseUnavailable(prismaRawError('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isDatabaseUnavailable(prismaRawError('57P03', 'the database system is starting up'))).toBe(true);
    expect(isDatabaseUnavailable(prismaRawError('08006', 'connection failure'))).toBe(true);
  });

  it('leaves every other error alone: bad data, bad SQL, bugs', async () => {
    await pglite.db.prisma.jobLease.create({ data: { name: 'x', holder: 'a', expiresAt: new Date() } });
    const duplicate = await caught(() => pglite.db.prisma.jobLease.create({ data: { name: 'x', holder: 'b', expiresAt: new Date() } }));
    expect(duplicate).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect(isDatabaseUnavailable(duplicate)).toBe(false);
    expect(isDatabaseUnavailable(await caught(() => pglite.db.prisma.$queryRawUnsafe('SELEC 1')))).toBe(false);
    expect(isDatabaseUnavailable(prismaRawError('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseUnavailable(new AppError('not_found', 'no such SKU'))).toBe(false);
    expect(isDatabaseUnavailable('Connection terminated')).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  it('becomes AppError "unavailable" with a polite message in each language; anything else stays internal', async () => {
    const outage = toAppError(await caught(() => refused.prisma.product.findMany()));
    expect(outage.code).toBe('unavailable');
    expect(toAppError(new Error('boom')).code).toBe('internal');
    const en = renderError(createI18n('en', 'UTC'), outage);
    expect(en.text).toBe('The database is unavailable right now; please try again shortly.');
    const pt = renderError(createI18n('pt-BR', 'UTC'), outage);
    expect(pt.text).toBe('O banco de dados está indisponível no momento; tente de novo em instantes.');
    expect(pt.visibility).toBe('ephemeral');
  });

  it('/healthz data says "down" within 3 s when the server accepts connections but never answers (pool connect timeout is 5 s)', async () => {
    const hanging = databaseFromUrl(`postgresql://postgres@127.0.0.1:${hangPort}/x`);
    try {
      const started = Date.now();
      expect(await getHealth({ db: hanging, config: testConfig() })).toMatchObject({ status: 'degraded', db: 'down' });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      // Hung up on, the pending connects fail at once instead of waiting out their timeout.
      for (const socket of held) socket.destroy();
      await hanging.close();
    }
  });

  // Last: it closes the shared PGlite.
  it('recognises a closed PGlite', async () => {
    await pglite.close();
    expect(isDatabaseUnavailable(await caught(() => pglite.db.prisma.product.count()))).toBe(true);
  });
});
