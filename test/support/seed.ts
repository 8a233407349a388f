// Seeds back-office data through the real import path, as a clerk's CSV would.
import type { Database } from '../../src/db/database.js';
import { importRecords } from '../../src/domain/import/import-records.js';
import type { ImportKind } from '../../src/domain/import/rows.js';
import { DEFAULT_REQUIRED_DOCUMENTS } from '../../src/lib/documents.js';

export async function seed(db: Database, kind: ImportKind, rows: Record<string, unknown>[], now = new Date('2026-11-20T12:00:00Z')): Promise<void> {
  await importRecords({ db }, kind, rows, { actor: 'test', now, today: '2026-11-20', requiredDocuments: DEFAULT_REQUIRED_DOCUMENTS });
}

/** Records consumption of a product `daysAgo` before `now` (a negative stock movement). */
export async function consume(db: Database, sku: string, quantity: number, at: Date): Promise<void> {
  const product = await db.prisma.product.findUniqueOrThrow({ where: { skuKey: sku.toLowerCase() } });
  await db.prisma.stockMovement.create({
    data: { productId: product.id, delta: -quantity, stockAfter: product.stock, reason: 'import', actor: 'test', createdAt: at },
  });
}

export const ALL_DOCUMENTS = DEFAULT_REQUIRED_DOCUMENTS.join('|');

/** One product below its minimum (an alert) and one well stocked. */
export function seedCoffeeAndRice(db: Database): Promise<void> {
  return seed(db, 'products', [
    { sku: 'CAFE-500', name: 'Café torrado 500 g', stock: 3, min_stock: 20 },
    { sku: 'ARROZ-5KG', name: 'Arroz 5 kg', stock: 40, min_stock: 10 },
  ]);
}
