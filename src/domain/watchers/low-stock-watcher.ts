// Low stock: stock at or below the minimum (critical at zero), and — ahead of the threshold —
// products that run out within STOCK_COVER_DAYS at the rate recent stock movements show.
import type { Database } from '../../db/database.js';
import type { AlertDetails, LowStockDetails, Severity } from '../alerts/alert-types.js';
import { fingerprintOf, type Finding, type WatchContext, type Watcher } from './watcher.js';

/** consumption is averaged over this many days of stock movements */
export const USAGE_WINDOW_DAYS = 28;

interface Row {
  id: number;
  sku: string;
  sku_key: string;
  name: string;
  unit: string;
  stock: number;
  min_stock: number;
  reorder_qty: number | null;
  used: number | null;
}

// One pass over the products, each joined with its consumption over the window: the aggregate of
// recent movements is needed for the forecast anyway, and a second pass for the products already
// at their minimum (a UNION with the partial index) cost ~1.6× this (EXPLAIN ANALYZE, 10k-100k).
const FINDINGS_SQL = `
SELECT p.id, p.sku, p.sku_key, p.name, p.unit, p.stock, p.min_stock, p.reorder_qty, u.used
FROM products p LEFT JOIN (
  SELECT product_id, (-sum(delta))::float8 AS used
  FROM stock_movements
  WHERE created_at >= $1 AND delta < 0
  GROUP BY product_id
) u ON u.product_id = p.id
WHERE p.active AND (p.stock <= p.min_stock OR (u.used > 0 AND p.stock < $2::float8 * u.used / $3::float8))
  AND ($4::text IS NULL OR p.sku_key COLLATE "C" > $4::text)
  AND ($5::text IS NULL OR p.sku_key = $5::text)
ORDER BY p.sku_key COLLATE "C"
LIMIT $6`;

function severityOf(details: LowStockDetails): Severity {
  if (details.stock <= 0) return 'critical';
  if (details.stock <= details.minStock) return 'warning';
  return 'info';
}

function toFinding(row: Row): Finding {
  const dailyUsage = row.used && row.used > 0 ? row.used / USAGE_WINDOW_DAYS : null;
  const details: LowStockDetails = {
    kind: 'low_stock',
    sku: row.sku,
    name: row.name,
    unit: row.unit,
    stock: row.stock,
    minStock: row.min_stock,
    reorderQty: row.reorder_qty,
    dailyUsage: dailyUsage === null ? null : Math.round(dailyUsage * 100) / 100,
    daysOfCover: dailyUsage === null ? null : Math.floor(Math.max(row.stock, 0) / dailyUsage),
    predicted: row.stock > row.min_stock,
  };
  return {
    kind: 'low_stock',
    key: row.sku_key,
    fingerprint: fingerprintOf('low_stock', row.sku_key),
    subjectId: row.id,
    subject: row.sku,
    severity: severityOf(details),
    details,
  };
}

export const lowStockWatcher: Watcher<'low_stock'> = {
  kind: 'low_stock',
  name: 'low-stock',

  async findings(db: Database, ctx: WatchContext, page) {
    const since = new Date(ctx.now.getTime() - USAGE_WINDOW_DAYS * 86_400_000);
    const rows = await db.query<Row>(FINDINGS_SQL, [since, ctx.config.stockCoverDays, USAGE_WINDOW_DAYS, page.after, page.onlyKey ?? null, page.limit]);
    return rows.map(toFinding);
  },

  async clearances(db, alerts, { i18n }) {
    const products = await db.$queryRawUnsafe<{ id: number; name: string; unit: string; stock: number; minStock: number; reorderQty: number | null; active: boolean }[]>(
      `SELECT id, name, unit, stock, min_stock AS "minStock", reorder_qty AS "reorderQty", active FROM products WHERE id = ANY($1::int[])`,
      alerts.map((a) => a.subjectId),
    );
    const previous = new Map(alerts.map((a) => [a.subjectId, a.details]));
    return new Map(
      products.map((p) => {
        if (!p.active) return [p.id, { note: i18n.t('alert.cleared.retired') }];
        // The figures now. The forecast is not shown once resolved, and `predicted` keeps the title
        // the alert was raised with ("Low stock", not "Runs out soon" above the minimum).
        const details: LowStockDetails = { ...previous.get(p.id)!, name: p.name, unit: p.unit, stock: p.stock, minStock: p.minStock, reorderQty: p.reorderQty };
        return [p.id, { note: i18n.t('alert.cleared.stock', { stock: p.stock, unit: p.unit }), details }];
      }),
    );
  },

  figures(details: AlertDetails) {
    return details.kind === 'low_stock' ? JSON.stringify([details.stock, details.minStock, details.unit, details.name]) : '';
  },

  /** 0 runs out soon · 1 at/below minimum · 2 at/below half the minimum · 3 out of stock */
  step(details: AlertDetails) {
    if (details.kind !== 'low_stock') return 0;
    if (details.stock <= 0) return 3;
    if (details.stock * 2 <= details.minStock) return 2;
    if (details.stock <= details.minStock) return 1;
    return 0;
  },
};
