// The ingest API and /healthz over real HTTP (README.md, "Ingest API" and "Health"), on PGlite and, with
// TEST_DATABASE_URL, on the PostgreSQL server.
import type { Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeServer, createHttpServer, listen } from '../../src/http/server.js';
import { fromDbDate } from '../../src/lib/time/calendar.js';
import { FakeClock } from '../support/fake-clock.js';
import { createTestDatabase, describeEachDatabase } from '../support/test-database.js';
import { makeTestDeps, type TestDeps } from '../support/test-deps.js';

const TOKEN = 'a-long-test-token-123456';
// 22:30 on 23 November in São Paulo (BOT_TIMEZONE in the test config), the 24th in UTC.
const NOW = '2026-11-24T01:30:00Z';
const MIB = 1024 * 1024;

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

interface Running {
  server: Server;
  base: string;
}

async function start(deps: TestDeps): Promise<Running> {
  const server = createHttpServer({ deps });
  const port = await listen(server, 0);
  return { server, base: `http://127.0.0.1:${port}` };
}

interface PostOptions {
  /** null: no Authorization header */
  token?: string | null;
  contentType?: string;
  /** a raw body instead of JSON.stringify(body) */
  raw?: string | ReadableStream<Uint8Array>;
}

async function post(base: string, path: string, body: unknown, opts: PostOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/json' };
  const token = opts.token === undefined ? TOKEN : opts.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const init: RequestInit & { duplex?: 'half' } = { method: 'POST', headers, body: opts.raw ?? JSON.stringify(body) };
  if (opts.raw instanceof ReadableStream) init.duplex = 'half'; // required by fetch for a streamed body
  const res = await fetch(`${base}${path}`, init);
  return { status: res.status, headers: res.headers, body: await res.json() };
}

describeEachDatabase('ingest API', (ctx) => {
  let api: Running;
  let deps: TestDeps;
  const send = (kind: string, body: unknown, opts?: PostOptions) => post(api.base, `/api/v1/${kind}`, body, opts);

  beforeAll(async () => {
    deps = makeTestDeps(ctx.db, { env: { INGEST_API_TOKEN: TOKEN }, clock: new FakeClock(NOW) });
    api = await start(deps);
  });
  afterAll(async () => {
    await closeServer(api.server);
  });

  const products = [
    { sku: 'SKU-1', name: 'Arroz tipo 1 5 kg', stock: 40, min_stock: 10 },
    { sku: 'SKU-2', name: 'Feijão carioca 1 kg', stock: 3, min_stock: 12, unit: 'pct' },
  ];

  it('answers 503 with Retry-After, and writes nothing, when rows keep changing under the import', async () => {
    await send('products', products);
    // A real trigger that drops every update of SKU-1: to the import, that row changed under it on
    // each attempt (another writer's doing, as far as it can tell), until it gives up as busy.
    await ctx.db.query(`CREATE FUNCTION stuck_row() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.sku = 'SKU-1' THEN RETURN NULL; END IF; RETURN NEW; END $$`);
    await ctx.db.query('CREATE TRIGGER stuck_row BEFORE UPDATE ON products FOR EACH ROW EXECUTE FUNCTION stuck_row()');
    try {
      const before = await ctx.db.query('SELECT sku, name, stock FROM products ORDER BY sku');
      const answer = await send('products', [{ ...products[0], stock: 41 }, { ...products[1], stock: 4 }]);
      expect(answer).toMatchObject({ status: 503, body: { error: expect.stringContaining('send them again') as string } });
      expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await ctx.db.query('SELECT sku, name, stock FROM products ORDER BY sku')).toEqual(before);
    } finally {
      await ctx.db.query('DROP TRIGGER stuck_row ON products');
      await ctx.db.query('DROP FUNCTION stuck_row()');
    }
  });

  it('answers 200 with the counts and writes the rows, stock changes as actor api', async () => {
    expect(await send('products', products)).toMatchObject({ status: 200, body: { created: 2, updated: 0, unchanged: 0, skipped: 0 } });
    const again = await send('products', [{ ...products[0], stock: 35 }, products[1]]);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ created: 0, updated: 1, unchanged: 1, skipped: 0 });
    const sku1 = await ctx.db.prisma.product.findUniqueOrThrow({ where: { skuKey: 'sku-1' }, include: { movements: { orderBy: { id: 'asc' } } } });
    expect(sku1.stock).toBe(35);
    expect(sku1.movements.at(-1)).toMatchObject({ delta: -5, reason: 'import', actor: 'api' });
  });

  it('answers 422 with every bad row, counted from 1, and writes nothing', async () => {
    const res = await send('products', [
      { sku: 'SKU-1', name: 'Arroz', stock: 'quarenta', min_stock: 10 },
      products[1],
      { sku: 'SKU-3', name: 'Óleo de soja', stock: 1.5, min_stock: -1 },
    ]);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      errors: [
        { row: 1, field: 'stock', message: 'must be a whole number like 1500 or 1.500 (a dot groups thousands; no decimals)' },
        { row: 3, field: 'stock', message: 'must be a whole number like 1500 or 1.500 (a dot groups thousands; no decimals)' },
        { row: 3, field: 'min_stock', message: 'must be 0 or more' },
      ],
    });
    expect(await ctx.db.prisma.product.count()).toBe(0);
  });

  it('accepts amounts as JSON numbers and decimal strings, refuses a float artefact, dates paid orders in BOT_TIMEZONE', async () => {
    const order = { customer: 'Padaria Pão Quente', due_date: '2026-11-01', status: 'pending' };
    const ok = await send('orders', [
      { ...order, number: 'PED-1', total: 1234.56 },
      { ...order, number: 'PED-2', total: '1234.56' },
      { ...order, number: 'PED-3', total: 0.3, status: 'paid' },
    ]);
    expect(ok).toMatchObject({ status: 200, body: { created: 3 } });
    const stored = await ctx.db.prisma.order.findMany({ orderBy: { id: 'asc' } });
    expect(stored.map((o) => o.total.toFixed(2))).toEqual(['1234.56', '1234.56', '0.30']);
    expect(fromDbDate(stored[2]!.paidAt!)).toBe('2026-11-23');

    const float = await send('orders', [{ ...order, number: 'PED-4', total: 0.1 + 0.2 }]);
    expect(float).toMatchObject({ status: 422, body: { errors: [{ row: 1, field: 'total', message: 'must have at most 2 decimal places' }] } });
    expect(await ctx.db.prisma.order.count()).toBe(3);
  });

  it('answers 422 for items that are not objects', async () => {
    const res = await send('employees', [{ code: 'EMP-1', name: 'Ana', start_date: '2026-12-01' }, 7, null, ['EMP-2']]);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      errors: [2, 3, 4].map((row) => ({ row, field: '', message: 'must be a JSON object' })),
    });
    expect(await ctx.db.prisma.employee.count()).toBe(0);
  });

  it('words the 422 message in BOT_LOCALE, keeping row and field as they are', async () => {
    const ptBR = await start(makeTestDeps(ctx.db, { env: { INGEST_API_TOKEN: TOKEN, BOT_LOCALE: 'pt-BR' }, clock: new FakeClock(NOW) }));
    try {
      const res = await post(ptBR.base, '/api/v1/orders', [
        { number: 'PED 1', customer: 'Padaria', total: '1.500', due_date: '12/31/2026', status: 'pending' },
        7,
        { number: 'PED-2', customer: 'Padaria', total: 10, due_date: '2026-12-31', status: 'aberto' },
      ]);
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        errors: [
          { row: 1, field: 'number', message: 'não pode ter espaços nem caracteres invisíveis (o número do pedido é uma palavra só)' },
          {
            row: 1,
            field: 'total',
            message:
              '1.500 pode ser 1500 ou 1.5 (o ponto pode separar os milhares ou marcar os decimais): escreva 1.500,00 para 1500 ou 1,50 para 1.5',
          },
          { row: 1, field: 'due_date', message: 'o mês 31 não existe: as datas são DD/MM/AAAA' },
          { row: 2, field: '', message: 'precisa ser um objeto JSON' },
          { row: 3, field: 'status', message: 'precisa ser um destes: pending, paid, cancelled' },
        ],
      });
    } finally {
      await closeServer(ptBR.server);
    }
    expect(await ctx.db.prisma.order.count()).toBe(0);
  });

  it('answers 400 for malformed JSON and for a body that is not an array', async () => {
    expect(await send('products', undefined, { raw: '[{"sku": "SKU-1",' })).toMatchObject({ status: 400, body: { error: 'body is not valid JSON' } });
    expect(await send('products', products[0])).toMatchObject({ status: 400, body: { error: 'body must be a JSON array of rows' } });
  });

  it('answers 401 for a missing or wrong token, including one that differs only in length', async () => {
    for (const token of [null, 'wrong-token-of-some-length', `${TOKEN}7`, TOKEN.slice(0, -1), '']) {
      const res = await send('products', products, { token });
      expect(res.status, `token ${JSON.stringify(token)}`).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect(await ctx.db.prisma.product.count()).toBe(0);
  });

  it('answers 404 for an unknown kind', async () => {
    expect(await send('customers', [])).toMatchObject({ status: 404 });
  });

  it('answers 413 past 10 MiB, whether the length is declared or streamed, and the client reads it', async () => {
    const tooLong = `[${' '.repeat(10 * MIB - 1)}]`; // 10 MiB + 1 byte of valid JSON
    expect(Buffer.byteLength(tooLong)).toBe(10 * MIB + 1);
    expect(await send('products', undefined, { raw: tooLong })).toMatchObject({ status: 413 });

    // Without Content-Length (chunked) the limit is found while reading.
    const chunk = new TextEncoder().encode(' '.repeat(MIB));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('['));
        if (sent > 10) return controller.close();
        controller.enqueue(chunk);
        sent++;
      },
    });
    expect(await send('products', undefined, { raw: stream })).toMatchObject({ status: 413 });

    // The server is still fine afterwards.
    expect(await send('products', products)).toMatchObject({ status: 200 });
  });

  it('answers 415 for another content type', async () => {
    const res = await send('products', undefined, { raw: 'sku,name,stock,min_stock\nSKU-1,Arroz,1,1\n', contentType: 'text/csv' });
    expect(res.status).toBe(415);
    expect(await ctx.db.prisma.product.count()).toBe(0);
  });

  it('answers 404 on every ingest path when INGEST_API_TOKEN is unset', async () => {
    const closed = await start(makeTestDeps(ctx.db));
    try {
      for (const kind of ['products', 'orders', 'employees']) {
        expect(await post(closed.base, `/api/v1/${kind}`, products)).toMatchObject({ status: 404 });
      }
    } finally {
      await closeServer(closed.server);
    }
    expect(await ctx.db.prisma.product.count()).toBe(0);
  });

  it('serves /healthz: 200 while the database answers', async () => {
    const res = await fetch(`${api.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', db: 'ok', mode: 'local', outbox: { pending: 0, failed: 0 } });
  });

  it('serves /healthz: 503 degraded once its database is closed', async () => {
    // Its own database, so the shared one stays open for the other tests.
    const own = await createTestDatabase(ctx.kind);
    const running = await start(makeTestDeps(own.db));
    try {
      expect((await fetch(`${running.base}/healthz`)).status).toBe(200);
      await own.db.close();
      const res = await fetch(`${running.base}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'degraded', db: 'down', mode: 'local', outbox: { pending: 0, failed: 0 } });
    } finally {
      await closeServer(running.server);
      await own.close();
    }
  });
});
