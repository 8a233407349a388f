import type { Deps } from '../deps.js';

export interface ProductLine {
  sku: string;
  name: string;
  stock: number;
  minStock: number;
  unit: string;
}

export interface ProductList {
  lowOnly: boolean;
  products: ProductLine[];
  /** how many matched in all (the list itself is capped) */
  total: number;
}

/** Active products, lowest stock relative to minimum first when `lowOnly`, by SKU otherwise. */
export async function listProducts({ db }: Pick<Deps, 'db'>, options: { lowOnly: boolean; limit: number }): Promise<ProductList> {
  const where = options.lowOnly ? { active: true, stock: { lte: db.prisma.product.fields.minStock } } : { active: true };
  const [products, total] = await Promise.all([
    db.prisma.product.findMany({
      where,
      orderBy: options.lowOnly ? [{ stock: 'asc' }, { skuKey: 'asc' }] : [{ skuKey: 'asc' }],
      take: options.limit,
      select: { sku: true, name: true, stock: true, minStock: true, unit: true },
    }),
    db.prisma.product.count({ where }),
  ]);
  return { lowOnly: options.lowOnly, products, total };
}
