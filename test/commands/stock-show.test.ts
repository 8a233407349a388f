// `/stock show SKU` (showProduct): the product as stored now and its five latest movements, newest
// first, then its initial stock when they reach back that far — read in one query, so what that
// query joins and orders is pinned here.
import { expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { showProduct } from '../../src/domain/stock/show-product.js';
import { AppError } from '../../src/lib/errors.js';
import { seed } from '../support/seed.js';
import { describeEachDatabase } from '../support/test-database.js';
import { makeTestDeps } from '../support/test-deps.js';

const T0 = new Date('2037-03-02T12:00:00Z');
/** when seed() creates products */
const SEEDED = new Date('2026-11-20T12:00:00Z');

async function addMovements(db: Database, sku: string, deltas: number[]): Promise<void> {
  const product = await db.prisma.product.findUniqueOrThrow({ where: { skuKey: sku.toLowerCase() } });
  for (const [i, delta] of deltas.entries()) {
    await db.prisma.stockMovement.create({
      data: { productId: product.id, delta, stockAfter: 100 + i, reason: 'restock', note: i % 2 ? `NF ${i}` : null, actor: `U0CLERK${i}`, createdAt: new Date(T0.getTime() + i * 60_000) },
    });
  }
}

describeEachDatabase('/stock show', (ctx) => {
  it('shows the stored figures and the five latest movements, newest first', async () => {
    await seed(ctx.db, 'products', [
      { sku: 'Cafe-500', name: 'Café 500 g', stock: 7, min_stock: 20, reorder_qty: 50, unit: 'pct' },
      { sku: 'ARROZ', name: 'Arroz', stock: 1, min_stock: 2 },
    ]);
    await addMovements(ctx.db, 'Cafe-500', [1, 2, 3, 4, 5, 6, 7]);
    await addMovements(ctx.db, 'ARROZ', [100]);

    const shown = await showProduct(makeTestDeps(ctx.db), 'CAFE-500');
    expect(shown).toEqual({
      sku: 'Cafe-500',
      name: 'Café 500 g',
      stock: 7,
      minStock: 20,
      reorderQty: 50,
      unit: 'pct',
      movements: [7, 6, 5, 4, 3].map((delta) => ({
        delta,
        stockAfter: 99 + delta,
        reason: 'restock',
        note: delta % 2 ? null : `NF ${delta - 1}`,
        actor: `U0CLERK${delta - 1}`,
        at: new Date(T0.getTime() + (delta - 1) * 60_000),
      })),
      // Seven movements: the five shown do not reach back to the first stock.
      initial: null,
    });
    const arroz = await showProduct(makeTestDeps(ctx.db), 'arroz');
    expect(arroz.movements).toHaveLength(1);
    expect(arroz.initial).toEqual({ stock: 1, at: SEEDED });
  });

  it('shows a product without movements, and an unset reorder quantity as null', async () => {
    await seed(ctx.db, 'products', [{ sku: 'PAPEL', name: 'Papel', stock: 3, min_stock: 1 }]);
    expect(await showProduct(makeTestDeps(ctx.db), 'papel')).toEqual({
      sku: 'PAPEL', name: 'Papel', stock: 3, minStock: 1, reorderQty: null, unit: 'un', movements: [], initial: { stock: 3, at: SEEDED },
    });
  });

  it('shows no initial stock for a product created before initial stocks were kept', async () => {
    await seed(ctx.db, 'products', [{ sku: 'ANTIGO', name: 'Antigo', stock: 3, min_stock: 1 }]);
    // As the migration left it: its first stock is its first movement.
    await ctx.db.query(`UPDATE products SET initial_stock = NULL`);
    await addMovements(ctx.db, 'ANTIGO', [3]);
    const shown = await showProduct(makeTestDeps(ctx.db), 'antigo');
    expect(shown.initial).toBeNull();
    expect(shown.movements).toMatchObject([{ delta: 3 }]);
  });

  it('refuses an unknown or inactive product by name', async () => {
    await seed(ctx.db, 'products', [{ sku: 'OLD-1', name: 'Velho', stock: 3, min_stock: 1, active: 'false' }]);
    for (const sku of ['OLD-1', 'NOPE-9']) {
      const refusal = await showProduct(makeTestDeps(ctx.db), sku).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(AppError);
      expect(refusal).toMatchObject({ code: 'not_found', userMessage: expect.stringContaining(sku) as string });
    }
  });
});
