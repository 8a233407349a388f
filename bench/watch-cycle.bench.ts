// A watch cycle over 100,000 products, 100,000 orders and 10,000 hires on the PostgreSQL server:
// the first cycle (opens every alert, grouped per storm control) and the steady state (nothing
// changed: nothing written, nothing sent) — the cost every WATCH_CRON tick pays.
// Floor: the three watcher conditions as plain hand-written counting queries, run once.
import { randomBytes } from 'node:crypto';
import { parseConfig } from '../src/config.js';
import { databaseFromUrl, type Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import type { ReconcileDeps } from '../src/domain/alerts/reconcile-alerts.js';
import { runWatchCycle } from '../src/domain/alerts/run-watch-cycle.js';
import { createI18n } from '../src/i18n/index.js';
import { systemClock } from '../src/lib/clock.js';
import { createLogger } from '../src/lib/logger.js';
import { dateInZone } from '../src/lib/time/calendar.js';
import { createOutboxNotifier } from '../src/notify/outbox-notifier.js';
import { withDatabaseName } from '../test/support/database-names.js';
import { dropDatabase, recreateDatabase } from '../test/support/global-setup.js';
import { formatMb, measure, type BenchModule } from './harness.js';

const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const PRODUCTS = 100_000;
const ORDERS = 100_000;
const HIRES = 10_000;
const MOVEMENTS = 200_000;

/** Deterministic data straight in SQL (the import path is measured by import.bench.ts). */
async function populate(db: Database, today: string): Promise<void> {
  await db.withSession(async (s) => {
    await s.query(
      `INSERT INTO products (sku, sku_key, name, stock, min_stock, reorder_qty, unit)
       SELECT 'SKU-' || g, 'sku-' || g, 'Produto ' || g, ((g::bigint * 7919) % 400)::int, ((g::bigint * 104729) % 50)::int, 40, 'un'
       FROM generate_series(1, $1::int) g`,
      [PRODUCTS],
    );
    await s.query(
      `INSERT INTO stock_movements (product_id, delta, stock_after, reason, actor, created_at)
       SELECT 1 + (g * 31) % $1::int, -(1 + g % 5), 0, 'import', 'bench', now() - ((g % 40) || ' days')::interval
       FROM generate_series(1, $2::int) g`,
      [PRODUCTS, MOVEMENTS],
    );
    await s.query(
      `INSERT INTO orders (number, number_key, customer, total, due_date, status)
       SELECT 'PED-' || g, 'ped-' || g, 'Cliente ' || (g % 997), ((g * 7) % 20000) + 0.5, $2::date + (g % 100) - 5,
              CASE WHEN g % 10 = 0 THEN 'paid'::"OrderStatus" ELSE 'pending'::"OrderStatus" END
       FROM generate_series(1, $1::int) g`,
      [ORDERS, today],
    );
    await s.query(
      `INSERT INTO employees (code, code_key, name, start_date)
       SELECT 'EMP-' || g, 'emp-' || g, 'Pessoa ' || g, $2::date + (g % 365) - 30
       FROM generate_series(1, $1::int) g`,
      [HIRES, today],
    );
    await s.query(
      `INSERT INTO admission_documents (employee_id, code, status)
       SELECT e.id, d.code, CASE WHEN (e.id + length(d.code)) % 3 = 0 THEN 'missing'::"DocumentStatus" ELSE 'received'::"DocumentStatus" END
       FROM employees e CROSS JOIN unnest(ARRAY['cpf','rg','ctps','pis','proof_of_address','voter_id','bank_account','aso']) AS d(code)`,
    );
    await s.exec('ANALYZE');
  });
}

/** The watcher conditions as bare counting queries: what the database must do at the least. */
async function floor(db: Database, today: string): Promise<number> {
  const { seconds } = await measure(() =>
    db.withSession(async (s) => {
      await s.query(`SELECT count(*) FROM products WHERE active AND stock <= min_stock`);
      await s.query(`SELECT product_id, sum(delta) FROM stock_movements WHERE created_at >= now() - interval '28 days' AND delta < 0 GROUP BY product_id`);
      await s.query(`SELECT count(*) FROM orders WHERE active AND status = 'pending' AND due_date < $1::date`, [today]);
      await s.query(
        `SELECT e.id FROM employees e JOIN admission_documents d ON d.employee_id = e.id
         WHERE e.active AND e.start_date BETWEEN $1::date - 30 AND $1::date + 10 AND d.status = 'missing' GROUP BY e.id`,
        [today],
      );
    }),
  );
  return seconds;
}

const bench: BenchModule = {
  title: 'watch cycle on the server database (100k products, 100k orders, 10k hires)',
  async run(report) {
    const name = `retaguarda_bench_watch_${randomBytes(4).toString('hex')}`;
    await recreateDatabase(SERVER_URL, name);
    const db = databaseFromUrl(withDatabaseName(SERVER_URL, name));
    try {
      await migrate(db);
      const config = parseConfig({ STOCK_CHANNEL: 'C0STOCK001', FINANCE_CHANNEL: 'C0FINANCE1', HR_CHANNEL: 'C0HUMANRES', LOG_LEVEL: 'silent' });
      const i18n = createI18n(config.locale, config.timezone);
      const deps: ReconcileDeps = {
        db,
        clock: systemClock,
        config,
        i18n,
        logger: createLogger({ level: 'silent' }),
        notifier: createOutboxNotifier({ i18n, remindAfterMs: config.remindAfterMs }),
      };
      const today = dateInZone(new Date(), config.timezone);
      await populate(db, today);
      const floorS = await floor(db, today);

      const first = await measure(() => runWatchCycle(deps));
      const opened = first.value.reduce((n, r) => n + (r.transitions.open ?? 0), 0);
      const outbox = await db.prisma.outboxMessage.count();
      report({
        name: 'server: first cycle (opens every alert)',
        figure: first.seconds,
        unit: 's',
        floor: floorS,
        notes: [`${opened.toLocaleString('en-US')} alerts opened`, `${outbox} outbox messages (storm-grouped)`, `peak RSS ${formatMb(first.peakRssDeltaBytes)}`],
      });

      const events = await db.prisma.alertEvent.count();
      const steady = await measure(() => runWatchCycle(deps));
      const written = (await db.prisma.alertEvent.count()) - events + (await db.prisma.outboxMessage.count()) - outbox;
      report({
        name: 'server: steady cycle (nothing changed)',
        figure: steady.seconds,
        unit: 's',
        floor: floorS,
        notes: [`${written} rows written`, `peak RSS ${formatMb(steady.peakRssDeltaBytes)}`],
      });
    } finally {
      await db.close();
      await dropDatabase(SERVER_URL, name);
    }
  },
};

export default bench;
