// The import pipeline against a real database (PGlite, and the server with TEST_DATABASE_URL):
// what `npm run import` and the ingest API write, and what they must never write.
import { expect, it } from 'vitest';
import { importCsv, importRecords, type ImportOptions } from '../../src/domain/import/import-records.js';
import { IMPORT_BATCH_SIZE } from '../../src/domain/import/upsert-rows.js';
import { DEFAULT_REQUIRED_DOCUMENTS } from '../../src/lib/documents.js';
import { dateInZone, fromDbDate } from '../../src/lib/time/calendar.js';
import { worded, rejection } from '../support/import-words.js';
import { describeEachDatabase } from '../support/test-database.js';

// 22:30 on 23 November in São Paulo, already the 24th in UTC: "today" must be the 23rd.
const NOW = new Date('2026-11-24T01:30:00Z');
const TODAY = dateInZone(NOW, 'America/Sao_Paulo');

const options = (overrides: Partial<ImportOptions> = {}): ImportOptions => ({
  actor: 'import',
  now: NOW,
  today: TODAY,
  requiredDocuments: DEFAULT_REQUIRED_DOCUMENTS,
  ...overrides,
});

const lines = (...rows: string[]) => `${rows.join('\n')}\n`;


describeEachDatabase('import: products', (ctx) => {
  const csv = (text: string, overrides?: Partial<ImportOptions>) => importCsv(ctx, 'products', [text], options(overrides));
  const product = (skuKey: string) => ctx.db.prisma.product.findUniqueOrThrow({ where: { skuKey } });
  const movements = () => ctx.db.prisma.stockMovement.findMany({ orderBy: { id: 'asc' } });

  const FILE = lines('sku,name,stock,min_stock', 'SKU-1,Caneta azul,10,5', 'SKU-2,Lápis HB,0,3', 'SKU-3,Borracha,7,2');

  it('counts created, updated and unchanged rows', async () => {
    expect(await csv(FILE)).toEqual({ created: 3, updated: 0, unchanged: 0, skipped: 0, encoding: 'utf-8' });
    const next = lines('sku,name,stock,min_stock', 'SKU-1,Caneta azul,10,5', 'SKU-2,Lápis HB 2,0,3', 'SKU-3,Borracha,9,2', 'SKU-4,Cola,1,1');
    expect(await csv(next)).toEqual({ created: 1, updated: 2, unchanged: 1, skipped: 0, encoding: 'utf-8' });
    expect((await product('sku-2')).name).toBe('Lápis HB 2');
    expect(await ctx.db.prisma.product.count()).toBe(4);
  });

  it('changes nothing when the same file is imported again', async () => {
    await csv(FILE);
    const before = await ctx.db.prisma.product.findMany({ orderBy: { id: 'asc' } });
    const movementsBefore = await movements();

    const later = new Date(NOW.getTime() + 3_600_000);
    expect(await csv(FILE, { now: later })).toEqual({ created: 0, updated: 0, unchanged: 3, skipped: 0, encoding: 'utf-8' });
    expect(await ctx.db.prisma.product.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
    expect(before.every((p) => p.updatedAt.getTime() === NOW.getTime())).toBe(true);
    expect(await movements()).toEqual(movementsBefore);
  });

  it('matches SKUs case-insensitively and keeps the stored spelling', async () => {
    await csv(FILE);
    expect(await csv(lines('sku,name,stock,min_stock', 'sku-1,Caneta azul,12,5'))).toEqual({ created: 0, updated: 1, unchanged: 0, skipped: 0, encoding: 'utf-8' });
    const stored = await product('sku-1');
    expect(stored.sku).toBe('SKU-1');
    expect(stored.stock).toBe(12);
    expect(await ctx.db.prisma.product.count()).toBe(3);
  });

  it('records a stock change as a stock movement with reason import', async () => {
    await csv(FILE);
    const before = (await movements()).length;
    await csv(lines('sku,name,stock,min_stock', 'SKU-1,Caneta azul,3,5', 'SKU-3,Borracha,7,2'));
    const added = (await movements()).slice(before);
    expect(added).toHaveLength(1); // SKU-3's stock did not change
    expect(added[0]).toMatchObject({ productId: (await product('sku-1')).id, delta: -7, stockAfter: 3, reason: 'import', actor: 'import' });
    expect(added[0]!.createdAt).toEqual(NOW);
  });

  it("keeps a new product's first stock as its initial stock, not as a movement", async () => {
    await csv(FILE);
    expect(await movements()).toEqual([]);
    await csv(lines('sku,name,stock,min_stock', 'SKU-1,Caneta azul,4,5'));
    expect(await product('sku-1')).toMatchObject({ stock: 4, initialStock: 10 });
    expect(await movements()).toMatchObject([{ delta: -6, stockAfter: 4 }]);
    expect(await product('sku-2')).toMatchObject({ stock: 0, initialStock: 0 });
  });

  it('updates a product when any one column changes, and only that product', async () => {
    const header = 'sku,name,stock,min_stock,reorder_qty,unit,active';
    const row = (sku: string) => `${sku},Caneta azul,10,5,24,cx,true`;
    await csv(lines(header, ...['A', 'B', 'C', 'D', 'E', 'F'].map(row)));
    const next = lines(header, 'A,Caneta azul!,10,5,24,cx,true', 'B,Caneta azul,11,5,24,cx,true', 'C,Caneta azul,10,6,24,cx,true',
      'D,Caneta azul,10,5,30,cx,true', 'E,Caneta azul,10,5,24,un,true', 'F,Caneta azul,10,5,24,cx,false', row('G'));
    expect(await csv(next)).toMatchObject({ created: 1, updated: 6, unchanged: 0 });
    expect(await product('c')).toMatchObject({ minStock: 6 });
    expect(await product('d')).toMatchObject({ reorderQty: 30 });
    expect(await product('e')).toMatchObject({ unit: 'un' });
    expect(await product('f')).toMatchObject({ active: false });
    expect(await csv(next)).toMatchObject({ created: 0, updated: 0, unchanged: 7 });
  });

  it('keeps the stored unit, reorder_qty and active when a file has no such column', async () => {
    await csv(lines('sku,name,stock,min_stock,reorder_qty,unit,active', 'SKU-1,Caneta azul,10,5,24,cx,false'));
    expect(await csv(lines('sku,name,stock,min_stock', 'SKU-1,Caneta azul preta,10,5'))).toMatchObject({ updated: 1 });
    expect(await product('sku-1')).toMatchObject({ name: 'Caneta azul preta', reorderQty: 24, unit: 'cx', active: false });
  });

  it('retires a product with active=false and brings it back with active=true', async () => {
    await csv(FILE);
    await csv(lines('sku,name,stock,min_stock,active', 'SKU-2,Lápis HB,0,3,false'));
    expect((await product('sku-2')).active).toBe(false);
    expect((await product('sku-1')).active).toBe(true);
    await csv(lines('sku,name,stock,min_stock,active', 'SKU-2,Lápis HB,0,3,sim'));
    expect((await product('sku-2')).active).toBe(true);
  });

  it('stores unicode and SQL-looking text verbatim', async () => {
    // Also what a PostgreSQL array literal must escape: the rows travel as one (upsert-rows.ts).
    const names = ['Açúcar cristal 1 kg — São João', "'; DROP TABLE products; --", 'Café "especial"; 500 g', '日本茶 🍵', 'NULL', 'Barra \\ {a,b} \\"x\\"'];
    const file = lines('sku,name,stock,min_stock', ...names.map((n, i) => `U-${i},"${n.replaceAll('"', '""')}",1,0`));
    expect(await csv(file)).toMatchObject({ created: names.length });
    const stored = await ctx.db.prisma.product.findMany({ orderBy: { id: 'asc' } });
    expect(stored.map((p) => p.name)).toEqual(names);
  });

  it('writes nothing when a row after two written batches is bad, and names its physical line', async () => {
    await csv(FILE);
    const countsBefore = { products: await ctx.db.prisma.product.count(), movements: (await movements()).length };
    const storedBefore = await ctx.db.prisma.product.findMany({ orderBy: { id: 'asc' } });

    // Names may not hold line breaks; the free-text column (unknown, so ignored) may.
    const good = (from: number, n: number) => Array.from({ length: n }, (_, i) => `G-${from + i},Produto ${from + i},${(from + i) % 40},5,`);
    // Enough good rows before the bad one that two whole batches are written before it is read.
    const before = IMPORT_BATCH_SIZE + 498;
    const after = IMPORT_BATCH_SIZE + 500;
    const badLine = 2 + before + 2 + after + 1;
    const file = lines(
      'sku,name,stock,min_stock,observacao', // line 1
      'SKU-1,Caneta azul,99,5,', // line 2: would change a stored product
      ...good(0, before),
      'G-ML,Caixa de papelão,3,1,"frágil:', // one record over two lines
      'não empilhar"',
      ...good(before, after),
      'G-BAD,Produto ruim,-3,x,', // line `badLine`
    );
    const error = await rejection(csv(file));
    expect(error.errors.map(worded)).toEqual([
      { position: badLine, field: 'stock', message: 'must be 0 or more' },
      { position: badLine, field: 'min_stock', message: 'must be a whole number like 1500 or 1.500 (a dot groups thousands; no decimals)' },
    ]);
    expect(await ctx.db.prisma.product.count()).toBe(countsBefore.products);
    expect((await movements()).length).toBe(countsBefore.movements);
    expect(await ctx.db.prisma.product.findMany({ orderBy: { id: 'asc' } })).toEqual(storedBefore);
  });

  // The second batch fails while later ones are being read; the last one while still queued.
  it.each([
    ['the second of four', 1],
    ['the last of four', 3],
  ])('rolls every batch back, the queued ones too, when the database refuses %s', async (_, failing) => {
    await csv(FILE);
    const storedBefore = await ctx.db.prisma.product.findMany({ orderBy: { id: 'asc' } });
    const movementsBefore = await movements();
    // A refusal no row check can foresee: the database's own.
    await ctx.db.query(`CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.sku = 'BOOM' THEN RAISE EXCEPTION 'refused by the database'; END IF; RETURN NEW; END $$`);
    await ctx.db.query('CREATE TRIGGER refuse_boom BEFORE INSERT ON products FOR EACH ROW EXECUTE FUNCTION refuse_boom()');
    try {
      const rows = Array.from({ length: IMPORT_BATCH_SIZE * 4 }, (_, i) => `N-${i},Produto ${i},${i % 40},5`);
      rows[IMPORT_BATCH_SIZE * failing + 7] = 'BOOM,Produto recusado,1,0';
      await expect(csv(lines('sku,name,stock,min_stock', 'SKU-1,Caneta azul,99,5', ...rows))).rejects.toThrow(/refused by the database/);
    } finally {
      await ctx.db.query('DROP TRIGGER refuse_boom ON products');
      await ctx.db.query('DROP FUNCTION refuse_boom()');
    }
    expect(await ctx.db.prisma.product.findMany({ orderBy: { id: 'asc' } })).toEqual(storedBefore);
    expect(await movements()).toEqual(movementsBefore);
    // The connection is usable afterwards (not left in an aborted transaction).
    expect(await csv(lines('sku,name,stock,min_stock', 'SKU-9,Grampo,4,1'))).toMatchObject({ created: 1 });
  });

  it('refuses a key that appears twice in one file, naming both lines', async () => {
    const error = await rejection(csv(lines('sku,name,stock,min_stock', 'SKU-1,A,1,0', 'SKU-2,B,1,0', 'sku-1,C,1,0')));
    expect(error.errors.map(worded)).toEqual([{ position: 4, field: 'sku', message: 'duplicate sku sku-1, first seen on line 2' }]);
    expect(await ctx.db.prisma.product.count()).toBe(0);
  });
});

describeEachDatabase('import: orders', (ctx) => {
  const api = (rows: unknown[]) => importRecords(ctx, 'orders', rows, options());
  const order = (numberKey: string) => ctx.db.prisma.order.findUniqueOrThrow({ where: { numberKey } });
  const base = { customer: 'Mercadinho São Jorge', total: '1234.56', due_date: '2026-11-01' };

  it('skips and counts a row that would move a paid or cancelled order back to pending', async () => {
    await api([
      { number: 'PED-1', ...base, status: 'paid', paid_at: '2026-11-10' },
      { number: 'PED-2', ...base, status: 'cancelled' },
      { number: 'PED-3', ...base, status: 'pending' },
    ]);
    const summary = await api([
      { number: 'PED-1', ...base, customer: 'Outro cliente', status: 'pending' },
      { number: 'ped-2', ...base, status: 'pending' },
      { number: 'PED-3', ...base, status: 'pending' },
    ]);
    expect(summary).toEqual({ created: 0, updated: 0, unchanged: 1, skipped: 2 });
    const paid = await order('ped-1');
    expect(paid).toMatchObject({ status: 'paid', customer: base.customer });
    expect(fromDbDate(paid.paidAt!)).toBe('2026-11-10');
    expect((await order('ped-2')).status).toBe('cancelled');
  });

  it('dates an order imported as paid without paid_at today in the bot time zone', async () => {
    expect(TODAY).toBe('2026-11-23');
    await api([{ number: 'PED-1', ...base, status: 'pending' }]);
    expect(await api([{ number: 'PED-1', ...base, status: 'paid' }])).toMatchObject({ updated: 1 });
    expect(fromDbDate((await order('ped-1')).paidAt!)).toBe('2026-11-23');
  });

  it('stores amounts exactly, from decimal strings, JSON numbers and decimal-comma CSV', async () => {
    await api([
      { number: 'PED-1', ...base, total: '1234.56', status: 'pending' },
      { number: 'PED-2', ...base, total: 99.9, status: 'pending' },
    ]);
    await importCsv(ctx, 'orders', [lines('number;customer;total;due_date;status', 'PED-3;Padaria;1.234.567,89;2026-11-01;pending')], options());
    const totals = await ctx.db.prisma.order.findMany({ orderBy: { id: 'asc' }, select: { total: true } });
    expect(totals.map((t) => t.total.toFixed(2))).toEqual(['1234.56', '99.90', '1234567.89']);
  });

  it('keeps the stored currency when a file has no currency column, and retires with active=false', async () => {
    await api([{ number: 'PED-1', ...base, status: 'pending', currency: 'usd' }]);
    await api([{ number: 'PED-1', ...base, total: '10.00', status: 'pending' }]);
    expect(await order('ped-1')).toMatchObject({ currency: 'USD', active: true });
    await api([{ number: 'PED-1', ...base, total: '10.00', status: 'pending', active: false }]);
    expect((await order('ped-1')).active).toBe(false);
  });
});

describeEachDatabase('import: employees', (ctx) => {
  const REQUIRED = ['cpf', 'ctps', 'aso'];
  const csv = (text: string) => importCsv(ctx, 'employees', [text], options({ requiredDocuments: REQUIRED }));
  const documents = async (codeKey: string) => {
    const employee = await ctx.db.prisma.employee.findUniqueOrThrow({ where: { codeKey }, include: { documents: { orderBy: { code: 'asc' } } } });
    return Object.fromEntries(employee.documents.map((d) => [d.code, { required: d.required, status: d.status }]));
  };
  const HEADER = 'code,name,start_date,received_documents';

  it('creates the configured required documents as missing for a new hire', async () => {
    expect(await csv(lines('code,name,start_date', 'EMP-7,Ana Luíza Conceição,2026-12-01'))).toMatchObject({ created: 1 });
    expect(await documents('emp-7')).toEqual({
      aso: { required: true, status: 'missing' },
      cpf: { required: true, status: 'missing' },
      ctps: { required: true, status: 'missing' },
    });
  });

  it('marks received documents, and a later file without them never reverts them', async () => {
    await csv(lines(HEADER, 'EMP-7,Ana,2026-12-01,CPF|aso'));
    const received = await ctx.db.prisma.admissionDocument.findFirstOrThrow({ where: { code: 'cpf' } });
    expect(received).toMatchObject({ status: 'received', actor: 'import', changedAt: NOW });
    expect((await documents('emp-7')).ctps).toEqual({ required: true, status: 'missing' });

    expect(await csv(lines(HEADER, 'EMP-7,Ana,2026-12-01,'))).toMatchObject({ unchanged: 1 });
    expect(await csv(lines('code,name,start_date', 'EMP-7,Ana,2026-12-01'))).toMatchObject({ unchanged: 1 });
    expect(await csv(lines(HEADER, 'EMP-7,Ana,2026-12-01,ctps'))).toMatchObject({ updated: 1 });
    expect(await documents('emp-7')).toEqual({
      aso: { required: true, status: 'received' },
      cpf: { required: true, status: 'received' },
      ctps: { required: true, status: 'received' },
    });
  });

  it('leaves a waived document waived', async () => {
    await csv(lines(HEADER, 'EMP-7,Ana,2026-12-01,'));
    await ctx.db.prisma.admissionDocument.updateMany({ where: { code: 'aso' }, data: { status: 'waived', waiverReason: 'exame em dia' } });
    expect(await csv(lines(HEADER, 'EMP-7,Ana,2026-12-01,aso'))).toMatchObject({ unchanged: 1 });
    expect((await documents('emp-7')).aso).toEqual({ required: true, status: 'waived' });
  });

  it('adds conditional documents named in extra_documents as required, also when received at once', async () => {
    await csv(lines('code,name,start_date', 'EMP-7,Ana,2026-12-01', 'EMP-8,Bruno,2026-12-01'));
    const summary = await csv(
      lines(
        'code,name,start_date,extra_documents,received_documents',
        'EMP-7,Ana,2026-12-01,military_service|marriage_certificate,',
        'EMP-8,Bruno,2026-12-01,military_service,military_service',
      ),
    );
    expect(summary).toEqual({ created: 0, updated: 2, unchanged: 0, skipped: 0, encoding: 'utf-8' });
    expect(await documents('emp-7')).toMatchObject({
      military_service: { required: true, status: 'missing' },
      marriage_certificate: { required: true, status: 'missing' },
    });
    expect((await documents('emp-8')).military_service).toEqual({ required: true, status: 'received' });
  });

  it('keeps the stored role and Slack user when a file has no such column, and retires with active=false', async () => {
    await csv(lines('code,name,start_date,role,slack_user', 'EMP-7,Ana,2026-12-01,Analista fiscal,U012AB3CD'));
    await csv(lines('code,name,start_date', 'emp-7,Ana Souza,2026-12-02'));
    expect(await ctx.db.prisma.employee.findUniqueOrThrow({ where: { codeKey: 'emp-7' } })).toMatchObject({
      code: 'EMP-7',
      name: 'Ana Souza',
      role: 'Analista fiscal',
      slackUser: 'U012AB3CD',
      active: true,
    });
    await csv(lines('code,name,start_date,active', 'EMP-7,Ana Souza,2026-12-02,false'));
    expect((await ctx.db.prisma.employee.findUniqueOrThrow({ where: { codeKey: 'emp-7' } })).active).toBe(false);
  });
});
