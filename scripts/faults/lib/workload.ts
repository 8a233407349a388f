// The data the bots watch: seeded through the ingest API like a back-office system would, then
// changed between watch cycles (in SQL, so changes go on while a bot is down or cut off) so that
// every cycle opens, worsens and resolves alerts and the outbox keeps sending.
import type { BotProcess } from './bot.js';
import type { FaultsDatabase } from './database.js';

export const PRODUCT_PREFIX = 'FLT-';
export const ORDER_PREFIX = 'PED-';

export interface WorkloadSize {
  products: number;
  orders: number;
}

/** "today" as the bots see it: they run with BOT_TIMEZONE=UTC */
export const TODAY = `(now() AT TIME ZONE 'UTC')::date`;

export const DEFAULT_WORKLOAD: WorkloadSize = { products: 300, orders: 200 };

function isoDate(daysFromToday: number): string {
  return new Date(Date.now() + daysFromToday * 86_400_000).toISOString().slice(0, 10);
}

/** Products well stocked and orders not yet due: nothing to alert about until `churn` runs. */
export async function seedWorkload(bot: BotProcess, size: WorkloadSize = DEFAULT_WORKLOAD): Promise<void> {
  const products = Array.from({ length: size.products }, (_, i) => ({
    sku: `${PRODUCT_PREFIX}${String(i + 1).padStart(5, '0')}`,
    name: `Produto de teste ${i + 1}`,
    stock: 50,
    min_stock: 10,
  }));
  const orders = Array.from({ length: size.orders }, (_, i) => ({
    number: `${ORDER_PREFIX}${String(i + 1).padStart(5, '0')}`,
    customer: `Cliente ${i + 1}`,
    total: 100 + i,
    due_date: isoDate(30),
    status: 'pending',
  }));
  for (const [kind, rows] of [['products', products], ['orders', orders]] as const) {
    if (rows.length === 0) continue;
    const answer = await bot.ingest(kind, rows);
    if (answer.status !== 200) throw new Error(`seeding ${kind} through the ingest API answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}

export interface ChurnSize {
  products: number;
  orders: number;
}

/**
 * Changes a few random subjects: a well-stocked product runs low (a new alert), a low one is
 * restocked (auto-resolved: its message is updated) or runs lower (updated, a thread reply); a
 * future order becomes overdue, an overdue one is paid or gets older, a paid one is due again.
 */
export async function churn(db: FaultsDatabase, size: ChurnSize): Promise<void> {
  if (size.products > 0) {
    await db.query(
      `UPDATE products SET updated_at = now(), stock = CASE
         WHEN stock > min_stock THEN floor(random() * min_stock)::int
         WHEN random() < 0.5 THEN 50
         ELSE greatest(stock - 4, 0) END
       WHERE id IN (SELECT id FROM products WHERE sku LIKE $1 ORDER BY random() LIMIT $2)`,
      [`${PRODUCT_PREFIX}%`, size.products],
    );
  }
  if (size.orders > 0) {
    // One draw per order (a CASE per column would draw again for each).
    await db.query(
      `UPDATE orders o SET updated_at = now(),
         status = CASE WHEN c.pay THEN 'paid'::"OrderStatus" ELSE 'pending'::"OrderStatus" END,
         paid_at = CASE WHEN c.pay THEN ${TODAY} END,
         due_date = CASE
           WHEN o.status <> 'pending' THEN ${TODAY} + 30
           WHEN o.due_date >= ${TODAY} THEN ${TODAY} - 1 - c.days
           WHEN c.pay THEN o.due_date
           ELSE o.due_date - 31 END
       FROM (
         SELECT id, (status = 'pending' AND due_date < ${TODAY} AND random() < 0.5) AS pay, floor(random() * 20)::int AS days
         FROM orders WHERE number LIKE $1 ORDER BY random() LIMIT $2
       ) c
       WHERE o.id = c.id`,
      [`${ORDER_PREFIX}%`, size.orders],
    );
  }
}

export const BULK_PREFIX = 'BULK-';

/** `n` products BULK-000001 … in one statement: a large catalogue, faster than any import. */
export async function insertBulkProducts(db: FaultsDatabase, n: number, stock: number, minStock = 10): Promise<void> {
  await db.query(
    `INSERT INTO products (sku, sku_key, name, stock, min_stock)
     SELECT $2 || lpad(i::text, 6, '0'), lower($2) || lpad(i::text, 6, '0'), 'Produto ' || i, $3::int, $4::int
     FROM generate_series(1, $1::int) i`,
    [n, BULK_PREFIX, stock, minStock],
  );
}
