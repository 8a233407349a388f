// Every stock change goes through here: the product row is locked, the change and a stock
// movement are written together, and the audit trail records who did it.
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { Deps } from '../deps.js';
import { keyOf } from '../import/values.js';

export type StockChange =
  | { kind: 'restock'; quantity: number; note?: string }
  | { kind: 'set'; quantity: number; note?: string }
  | { kind: 'min'; quantity: number };

export interface StockChangeResult {
  productId: number;
  sku: string;
  name: string;
  unit: string;
  before: { stock: number; minStock: number };
  after: { stock: number; minStock: number };
}

export async function changeStock(
  deps: Pick<Deps, 'db' | 'i18n' | 'clock'>,
  actor: Actor,
  sku: string,
  change: StockChange,
): Promise<StockChangeResult> {
  const { db, i18n } = deps;
  const now = deps.clock.now();
  return db.prisma.$transaction(async (tx) => {
    const [product] = await tx.$queryRaw<{ id: number; sku: string; name: string; unit: string; stock: number; min_stock: number }[]>`
      SELECT id, sku, name, unit, stock, min_stock FROM products WHERE sku_key = ${keyOf(sku)} AND active FOR UPDATE`;
    if (!product) throw new AppError('not_found', `no active product ${sku}`, { userMessage: i18n.t('stock.notFound', { sku }) });

    const before = { stock: product.stock, minStock: product.min_stock };
    const after = { ...before };
    if (change.kind === 'restock') after.stock = before.stock + change.quantity;
    else if (change.kind === 'set') after.stock = change.quantity;
    else after.minStock = change.quantity;
    if (after.stock > 2_147_483_647) {
      throw new AppError('invalid_input', `stock overflow for ${sku}`, { userMessage: i18n.t('stock.tooLarge') });
    }

    await tx.product.update({ where: { id: product.id }, data: { stock: after.stock, minStock: after.minStock, updatedAt: now } });
    if (after.stock !== before.stock) {
      await tx.stockMovement.create({
        data: {
          productId: product.id,
          delta: after.stock - before.stock,
          stockAfter: after.stock,
          reason: change.kind,
          note: 'note' in change && change.note ? change.note : null,
          actor: actor.userId,
          createdAt: now,
        },
      });
    }
    await recordAudit(tx, {
      actor: actor.userId,
      action: `stock.${change.kind}`,
      target: product.sku,
      outcome: 'ok',
      details: { before, after },
      at: now,
    });
    return { productId: product.id, sku: product.sku, name: product.name, unit: product.unit, before, after };
  });
}
