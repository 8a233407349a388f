// The free-text rule in the ingest API, over real HTTP on a real database: JSON strings with a NUL,
// a bidi override, a zero-width space, an escape character or a lone surrogate are answered 422
// with `{row, field, message}` naming the character and where it is, and nothing is written —
// not even the body's good rows.
import type { Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { closeServer, createHttpServer, listen } from '../../src/http/server.js';
import { FakeClock } from '../support/fake-clock.js';
import { seed } from '../support/seed.js';
import { describeEachDatabase } from '../support/test-database.js';
import { makeTestDeps } from '../support/test-deps.js';

const TOKEN = 'a-long-test-token-123456';

/** Each put at character 3 of a string ("ab…cd"), and what the field message says. */
const BAD = [
  { char: '\u0000', says: 'must not contain control characters (found U+0000 at character 3)' },
  { char: '\u202e', says: 'must not contain text-direction overrides (found U+202E at character 3)' },
  { char: '\u200b', says: 'must not contain invisible characters (found U+200B at character 3)' },
  { char: '\u001b', says: 'must not contain control characters (found U+001B at character 3)' },
  { char: '\ud800', says: 'must not contain broken characters (found U+D800 at character 3)' },
] as const;

const CASES = [
  { kind: 'products', field: 'name', row: (n: number, v: string) => ({ sku: `SKU-${n}`, name: v, stock: 5, min_stock: 1 }) },
  { kind: 'products', field: 'unit', row: (n: number, v: string) => ({ sku: `SKU-${n}`, name: 'Caneta', stock: 5, min_stock: 1, unit: v }) },
  { kind: 'orders', field: 'customer', row: (n: number, v: string) => ({ number: `PED-${n}`, customer: v, total: 10, due_date: '2026-12-01', status: 'pending' }) },
  { kind: 'employees', field: 'name', row: (n: number, v: string) => ({ code: `EMP-${n}`, name: v, start_date: '2026-12-01' }) },
  { kind: 'employees', field: 'role', row: (n: number, v: string) => ({ code: `EMP-${n}`, name: 'Ana', start_date: '2026-12-01', role: v }) },
  { kind: 'products', field: 'sku', row: (n: number, v: string) => ({ sku: `${v}-${n}`, name: 'Caneta', stock: 5, min_stock: 1 }) },
] as const;

describeEachDatabase('free text in the ingest API', (ctx) => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createHttpServer({ deps: makeTestDeps(ctx.db, { env: { INGEST_API_TOKEN: TOKEN }, clock: new FakeClock('2026-11-24T15:00:00Z') }) });
    base = `http://127.0.0.1:${await listen(server, 0)}`;
  });
  afterAll(async () => {
    await closeServer(server);
  });
  beforeEach(async () => {
    for (const c of CASES) await seed(ctx.db, c.kind, [c.row(0, 'Existente')]);
  });

  const post = async (kind: string, body: unknown) => {
    const res = await fetch(`${base}/api/v1/${kind}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as unknown };
  };
  const contents = async () =>
    JSON.stringify(
      await Promise.all([
        ctx.db.prisma.product.findMany({ orderBy: { id: 'asc' } }),
        ctx.db.prisma.stockMovement.count(),
        ctx.db.prisma.order.findMany({ orderBy: { id: 'asc' } }),
        ctx.db.prisma.employee.findMany({ orderBy: { id: 'asc' } }),
      ]),
    );

  it.each(CASES.map((c) => [`${c.kind}.${c.field}`, c] as const))('%s: 422 naming row, field and character; nothing written', async (_name, c) => {
    const before = await contents();
    // A good row first (an update, or for keys a new product): refused with the rest.
    const body = [c.row(0, 'Novo'), ...BAD.map((bad, i) => c.row(i + 1, `ab${bad.char}cd`))];
    const answer = await post(c.kind, body);
    expect(answer.status).toBe(422);
    const message = (says: string) => (c.field === 'sku' ? 'must not contain spaces or invisible characters (a SKU is a single word)' : says);
    expect(answer.body).toEqual({ errors: BAD.map((bad, i) => ({ row: i + 2, field: c.field, message: message(bad.says) })) });
    expect(await contents()).toBe(before);
  });
});
