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
  /**
   * Its stock when it was created, when the movements shown go back that far. Null for products
   * created before initial stocks were kept: their first stock is their first movement.
   */
  initial: { stock: number; at: Date } | null;
}

/** How many of the latest movements a product's details show. */
const MOVEMENTS_SHOWN = 5;

// `/stock show` is acknowledged only once this read is back, so it is one round trip — Prisma's
// `include` takes two — sent with db.query, as Prisma's raw-query path takes twice the CPU
// (bench/ack-latency.bench.ts). One row per movement (one row of nulls when there is none), newest
// first. Never cached: the figures are the stored ones of now.
const SHOW_SQL = `
  SELECT p.sku, p.name, p.stock, p.min_stock, p.reorder_qty, p.unit, p.initial_stock, p.created_at AS since,
         m.delta, m.stock_after, m.reason, m.note, m.actor, m.created_at
  FROM products p
  LEFT JOIN LATERAL (
    SELECT id, delta, stock_after, reason, note, actor, created_at FROM stock_movements
    WHERE product_id = p.id ORDER BY id DESC LIMIT ${MOVEMENTS_SHOWN}
  ) m ON true
  WHERE p.sku_key = $1 AND p.active
  ORDER BY m.id DESC`;

interface Row {
  sku: string;
  name: string;
  stock: number;
  min_stock: number;
  reorder_qty: number | null;
  unit: string;
  initial_stock: number | null;
  since: Date;
  /** null (and so the other movement columns) in the one row of a product without movements */
  delta: number | null;
  stock_after: number;
  reason: string;
  note: string | null;
  actor: string;
  created_at: Date;
}

export async function showProduct(deps: Pick<Deps, 'db' | 'i18n'>, sku: string): Promise<ProductDetails> {
  const rows = await deps.db.query<Row>(SHOW_SQL, [keyOf(sku)]);
  const product = rows[0];
  if (!product) throw new AppError('not_found', `no active product ${sku}`, { userMessage: deps.i18n.t('stock.notFound', { sku }) });
  const movements = rows.flatMap((m) =>
    m.delta === null ? [] : [{ delta: m.delta, stockAfter: m.stock_after, reason: m.reason, note: m.note, actor: m.actor, at: m.created_at }],
  );
  return {
    sku: product.sku,
    name: product.name,
    stock: product.stock,
    minStock: product.min_stock,
    reorderQty: product.reorder_qty,
    unit: product.unit,
    movements,
    initial: product.initial_stock !== null && movements.length < MOVEMENTS_SHOWN ? { stock: product.initial_stock, at: product.since } : null,
  };
}
