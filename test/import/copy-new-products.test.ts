// On a server, once a batch of products turned out all new, the next batches of COPY_MIN_ROWS or
// more are offered to COPY whole (src/domain/import/upsert-rows.ts): new products must be stored
// exactly as the statement stores them, a batch with stored rows must fall back to the statement, a
// re-import must never try COPY, and any text a file may hold must come back as it went in.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { ProductRow } from '../../src/domain/import/rows.js';
import { copyText, COPY_MIN_ROWS, upsertRows, type UpsertOptions, type ValidRow } from '../../src/domain/import/upsert-rows.js';
import { DEFAULT_REQUIRED_DOCUMENTS } from '../../src/lib/documents.js';
import { describeOnServerDatabase, truncateAll } from '../support/test-database.js';

const NOW = new Date('2026-12-02T01:30:00.123Z');
const options: UpsertOptions = { actor: 'import', now: NOW, today: '2026-12-01', requiredDocuments: DEFAULT_REQUIRED_DOCUMENTS };

// Text COPY's format could misread: backslashes, its NULL marker, its end-of-data marker, quotes,
// separators of other formats, accents and emoji.
const NAMES = ['Caneta azul', 'Barra \\ invertida', '\\N', '\\.', 'Aspas "duplas" e \'simples\'', 'a,b;c|d', 'Ação Ñandú', 'Café ☕ 👩‍💻', ''];
const OPTIONAL = [[], ['reorder_qty'], ['unit'], ['active'], ['reorder_qty', 'unit', 'active']];

const productRows = (count: number): ValidRow<ProductRow>[] =>
  Array.from({ length: count }, (_, i) => ({
    row: {
      sku: `Sku-${String(i).padStart(4, '0')}`,
      skuKey: `sku-${String(i).padStart(4, '0')}`,
      name: NAMES[i % NAMES.length] || `Produto ${i}`,
      stock: (i * 7) % 40,
      minStock: i % 5,
      reorderQty: i % 3 === 0 ? null : 12 + i,
      unit: ['cx', 'kg', 'un'][i % 3]!,
      active: i % 4 !== 0,
    },
    provided: OPTIONAL[i % OPTIONAL.length]!,
  }));

/** Splits rows into batches of `size`, as the CSV reader hands them over. */
const inBatches = <T>(rows: T[], size: number) => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

describeOnServerDatabase('import: new products written by COPY', (ctx) => {

  const stored = () =>
    ctx.db.query(`SELECT sku, sku_key, name, stock, initial_stock, min_stock, reorder_qty, unit, active, created_at, updated_at FROM products ORDER BY sku_key`);
  // Rows a COPY wrote carry its savepoint's transaction id; the statement's, the import's own.
  const writers = async () => (await ctx.db.query<{ n: number }>(`SELECT count(DISTINCT xmin::text)::int AS n FROM products`))[0]!.n;
  // A COPY that fails takes ids from the sequence for the rows it had begun: gaps between the ids
  // of the products (and the sequence's last value) show it was tried.
  const idGaps = async () =>
    (await ctx.db.query<{ n: number }>(`SELECT ((SELECT last_value FROM products_id_seq) - count(*))::int AS n FROM products`))[0]!.n;
  const movementCount = async () => (await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM stock_movements`))[0]!.n;

  it('stores new products exactly as the statement does: the first batches by the statement, the next ones by COPY', async () => {
    const rows = productRows(4 * COPY_MIN_ROWS);
    expect(await upsertRows(ctx.db, 'products', inBatches(rows, COPY_MIN_ROWS - 1), options)).toMatchObject({ created: rows.length });
    expect(await writers()).toBe(1);
    const byStatement = await stored();

    await truncateAll(ctx.db);
    expect(await upsertRows(ctx.db, 'products', inBatches(rows, COPY_MIN_ROWS), options)).toMatchObject({ created: rows.length, updated: 0, unchanged: 0 });
    // The import's own transaction id (the first two batches: the second is sent before the first's
    // answer says it was all new), and one for each of the two COPYs' savepoints.
    expect(await writers()).toBe(3);
    expect(await stored()).toEqual(byStatement);
    expect(byStatement).toHaveLength(rows.length);
    expect(byStatement[1]).toMatchObject({ name: NAMES[1], initial_stock: 7, stock: 7, unit: 'un', reorder_qty: 13, created_at: NOW });
    expect(await movementCount()).toBe(0);
  });

  it('a batch with stored rows: the COPY is undone, and the statement updates them and creates the rest', async () => {
    const rows = productRows(4 * COPY_MIN_ROWS);
    const first = rows.slice(0, COPY_MIN_ROWS);
    await upsertRows(ctx.db, 'products', [first], options);
    // A batch of new products (so the next one is offered to COPY), then every third stored product
    // counted again, one up, with more new ones.
    const again = rows.map((r, i) => (i < COPY_MIN_ROWS && i % 3 === 0 ? { ...r, row: { ...r.row, stock: r.row.stock + 1 } } : r));
    const batches = [again.slice(COPY_MIN_ROWS, 2 * COPY_MIN_ROWS), [...again.slice(0, COPY_MIN_ROWS), ...again.slice(2 * COPY_MIN_ROWS)]];
    const summary = await upsertRows(ctx.db, 'products', batches, options);
    const changed = Math.ceil(COPY_MIN_ROWS / 3);
    expect(summary).toEqual({ created: 3 * COPY_MIN_ROWS, updated: changed, unchanged: COPY_MIN_ROWS - changed, skipped: 0 });
    // the COPY was tried: it took an id from the sequence for the stored row it stopped at
    expect(await idGaps()).toBeGreaterThan(0);
    const moves = await ctx.db.query<{ delta: number; reason: string }>(`SELECT delta, reason FROM stock_movements`);
    expect(moves).toHaveLength(changed);
    expect(moves.every((m) => m.delta === 1 && m.reason === 'import')).toBe(true);
    const products = await stored();
    expect(products).toHaveLength(rows.length);
    // The initial stock is the first one, not the stock after the change.
    expect(products[0]).toMatchObject({ sku_key: 'sku-0000', stock: 1, initial_stock: 0 });
  });

  it('a re-import of stored products never tries COPY', async () => {
    const rows = productRows(3 * COPY_MIN_ROWS);
    await upsertRows(ctx.db, 'products', [rows.slice(0, COPY_MIN_ROWS)], options);
    // stored rows first and last, new ones between: the batch after the new ones is offered to COPY
    expect(await upsertRows(ctx.db, 'products', inBatches(rows.slice(0, COPY_MIN_ROWS), COPY_MIN_ROWS), options)).toMatchObject({ unchanged: COPY_MIN_ROWS });
    expect(await idGaps()).toBe(0);
    expect(await upsertRows(ctx.db, 'products', inBatches([...rows.slice(COPY_MIN_ROWS), ...rows.slice(0, COPY_MIN_ROWS)], COPY_MIN_ROWS), options)).toMatchObject({
      created: 2 * COPY_MIN_ROWS,
      unchanged: COPY_MIN_ROWS,
    });
    expect(await idGaps()).toBeGreaterThan(0);
  });

  it('writes any text a file may hold through COPY and reads it back unchanged', async () => {
    // PostgreSQL text holds no NUL; the import refuses control characters anyway (check-free-text).
    const text = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replaceAll('\0', ''));
    // One session throughout: the temporary table is its connection's.
    await ctx.db.withSession(async (session) => {
      await session.exec('CREATE TEMP TABLE copied (n int, a text, b text)');
      try {
        await fc.assert(
          fc.asyncProperty(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 20 }), async (values) => {
            await session.exec('TRUNCATE copied');
            await session.copyFrom!('COPY copied (n, a, b) FROM STDIN', values.map(([a, b], n) => `${n}\t${copyText(a)}\t${copyText(b)}\n`).join(''));
            const back = await session.query<{ a: string; b: string }>('SELECT a, b FROM copied ORDER BY n');
            expect(back.map((r) => [r.a, r.b])).toEqual(values);
          }),
          { numRuns: 60 },
        );
      } finally {
        await session.exec('DROP TABLE copied');
      }
    });
  });
});
