import { AppError } from '../../lib/errors.js';
import type { Deps } from '../deps.js';
import { keyOf } from '../import/values.js';

export interface ProductDetails {
  sku: string;
  name: string;
  stock: number;
  minStock: number;
  reorderQty: number | null;
  unit: string;
  movements: { delta: number; stockAfter: number; reason: string; note: string | null; actor: string; at: Date }[];
}

export async function showProduct(deps: Pick<Deps, 'db' | 'i18n'>, sku: string): Promise<ProductDetails> {
  const product = await deps.db.prisma.product.findUnique({
    where: { skuKey: keyOf(sku) },
    include: { movements: { orderBy: { id: 'desc' }, take: 5 } },
  });
  if (!product || !product.active) throw new AppError('not_found', `no active product ${sku}`, { userMessage: deps.i18n.t('stock.notFound', { sku }) });
  return {
    sku: product.sku,
    name: product.name,
    stock: product.stock,
    minStock: product.minStock,
    reorderQty: product.reorderQty,
    unit: product.unit,
    movements: product.movements.map((m) => ({ delta: m.delta, stockAfter: m.stockAfter, reason: m.reason, note: m.note, actor: m.actor, at: m.createdAt })),
  };
}
