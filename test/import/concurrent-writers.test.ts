// An import racing another writer on the same rows (the server only: PGlite has one connection, so
// nothing writes between an import's read of a row and its write). Each batch writes a row only
// over the version it read; a row changed in between is read afresh and written again.
import { expect, it } from 'vitest';
import { databaseFromUrl } from '../../src/db/database.js';
import { importCsv, type ImportOptions } from '../../src/domain/import/import-records.js';
import type { ProductRow } from '../../src/domain/import/rows.js';
import { COPY_MIN_ROWS, upsertRows, type ValidRow } from '../../src/domain/import/upsert-rows.js';
import { DEFAULT_REQUIRED_DOCUMENTS } from '../../src/lib/documents.js';
import { describeOnServerDatabase } from '../support/test-database.js';

const NOW = new Date('2026-11-24T15:00:00Z');
const options: ImportOptions = { actor: 'import', now: NOW, today: '2026-11-24', requiredDocuments: DEFAULT_REQUIRED_DOCUMENTS };
const lines = (...rows: string[]) => `${rows.join('\n')}\n`;

describeOnServerDatabase('import racing another writer', (ctx) => {
  /** the statement the last `racing` import waited in */
  let blockedIn = '';

  /**
   * Runs `import` while another connection holds `hold` uncommitted, lets it commit once the import
   * waits for it, and returns the import's summary.
   */
  async function racing<T>(hold: string, run: () => Promise<T>): Promise<T> {
    const other = databaseFromUrl(ctx.url!, { poolSize: 1 });
    try {
      return await other.withSession(async (session) => {
        await session.exec('BEGIN');
        await session.exec(hold);
        const running = run();
        running.catch(() => undefined);
        // Wait (on something happening, not a fixed time) for the import to block on the held rows.
        for (let waited = 0; ; waited++) {
          const [row] = await ctx.db.query<{ query: string }>(
            `SELECT query FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          if (row) {
            blockedIn = row.query;
            break;
          }
          if (waited > 500) throw new Error('the import never waited for the other writer');
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await session.exec('COMMIT');
        return running;
      });
    } finally {
      await other.close();
    }
  }

  it('a product another writer creates meanwhile: its stock movement says what changed from theirs', async () => {
    const summary = await racing(
      `INSERT INTO products (sku, sku_key, name, stock, min_stock) VALUES ('RACE-1', 'race-1', 'Caneta', 10, 2);
       INSERT INTO stock_movements (product_id, delta, stock_after, reason, actor) SELECT id, 10, 10, 'api', 'api' FROM products WHERE sku_key = 'race-1'`,
      () => importCsv({ db: ctx.db }, 'products', [lines('sku,name,stock,min_stock', 'RACE-1,Caneta,15,2', 'OTHER-1,Lápis,3,1')], options),
    );
    expect(summary).toMatchObject({ created: 1, updated: 1, unchanged: 0 });
    const moves = await ctx.db.query<{ delta: number; stock_after: number; reason: string }>(
      `SELECT m.delta, m.stock_after, m.reason FROM stock_movements m JOIN products p ON p.id = m.product_id WHERE p.sku_key = 'race-1' ORDER BY m.id`,
    );
    expect(moves).toEqual([
      { delta: 10, stock_after: 10, reason: 'api' },
      { delta: 5, stock_after: 15, reason: 'import' },
    ]);
  });

  it('a product another writer creates while a large batch is copied: the copy is undone, and the statement writes over theirs', async () => {
    // Two batches of new products, so the third is offered to COPY (upsertProducts says when).
    const product = (sku: string, stock: number): ValidRow<ProductRow> => ({
      row: { sku, skuKey: sku.toLowerCase(), name: `Item ${sku}`, stock, minStock: 1, reorderQty: null, unit: 'un', active: true },
      provided: [],
    });
    const fresh = (prefix: string) => Array.from({ length: COPY_MIN_ROWS }, (_, i) => product(`${prefix}-${i}`, i));
    const summary = await racing(
      `INSERT INTO products (sku, sku_key, name, stock, min_stock) VALUES ('RACE-1', 'race-1', 'Caneta', 10, 2);
       INSERT INTO stock_movements (product_id, delta, stock_after, reason, actor) SELECT id, 10, 10, 'api', 'api' FROM products WHERE sku_key = 'race-1'`,
      () => upsertRows(ctx.db, 'products', [fresh('A'), fresh('B'), [product('RACE-1', 15), ...fresh('C')]], options),
    );
    // The statement did not see their uncommitted row; COPY then waited on its SKU.
    expect(blockedIn).toMatch(/^COPY products/);
    expect(summary).toMatchObject({ created: 3 * COPY_MIN_ROWS, updated: 1, unchanged: 0 });
    expect(await ctx.db.query(`SELECT m.delta, m.stock_after, m.reason FROM stock_movements m JOIN products p ON p.id = m.product_id ORDER BY m.id`)).toEqual([
      { delta: 10, stock_after: 10, reason: 'api' },
      { delta: 5, stock_after: 15, reason: 'import' },
    ]);
    const [counts] = await ctx.db.query(`SELECT count(*)::int AS products, count(*) FILTER (WHERE initial_stock = stock)::int AS as_imported FROM products`);
    expect(counts).toEqual({ products: 3 * COPY_MIN_ROWS + 1, as_imported: 3 * COPY_MIN_ROWS });
  });

  it('an order paid meanwhile is not moved back to pending: it is counted as skipped', async () => {
    await importCsv({ db: ctx.db }, 'orders', [lines('number,customer,total,due_date,status', 'PED-1,Loja A,100.00,2026-11-01,pending')], options);
    const summary = await racing(
      `UPDATE orders SET status = 'paid', paid_at = '2026-11-24' WHERE number_key = 'ped-1'`,
      () => importCsv({ db: ctx.db }, 'orders', [lines('number,customer,total,due_date,status', 'PED-1,Loja A Ltda,100.00,2026-11-01,pending')], options),
    );
    expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: 0, skipped: 1 });
    expect(await ctx.db.query(`SELECT status::text, customer FROM orders`)).toEqual([{ status: 'paid', customer: 'Loja A' }]);
  });

  it('a hire given a Slack user meanwhile keeps it when the file has no such column', async () => {
    await importCsv({ db: ctx.db }, 'employees', [lines('code,name,start_date', 'E-1,Ana,2026-12-10')], options);
    const summary = await racing(
      `UPDATE employees SET slack_user = 'U0ANA00001' WHERE code_key = 'e-1'`,
      () => importCsv({ db: ctx.db }, 'employees', [lines('code,name,start_date', 'E-1,Ana Souza,2026-12-10')], options),
    );
    expect(summary).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(await ctx.db.query(`SELECT name, slack_user FROM employees`)).toEqual([{ name: 'Ana Souza', slack_user: 'U0ANA00001' }]);
  });
});
