// A data change to its alert (issue 11, item 6): a product posted at zero stock to the ingest API of
// the running bot (HTTP mode, default WATCH_CRON, schedule off so that no tick can be what brings
// it) until its message is at the fake Slack. The import triggers the low-stock watcher itself
// (src/app/watch-on-change.ts). Floor: the same POST's answer time plus one low-stock cycle run by
// hand over a product inserted directly. Target: one WATCH_CRON period plus 2 s.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startBot } from '../src/app/start-bot.js';
import { CHANGE_SETTLE_MS } from '../src/app/watch-on-change.js';
import { parseConfig } from '../src/config.js';
import { runWatchCycle } from '../src/domain/alerts/run-watch-cycle.js';
import { ALERT_KINDS } from '../src/domain/kinds/index.js';
import { createLogger } from '../src/lib/logger.js';
import { startFakeSlack, type FakeSlack } from '../test/support/fake-slack.js';
import { median, openBenchPglite, RUNS, type BenchModule } from './harness.js';

const CHANNEL = 'C0STOCK001';
const TOKEN = 'bench-ingest-token-0123456789';
const PRODUCTS = 10_000;
/** the default WATCH_CRON, `*\/5 * * * *` */
const PERIOD_S = 300;
/** more than the outbox's pace of one message a second per channel, so no run waits for the last */
const BETWEEN_RUNS_MS = 1_100;

function arrived(fake: FakeSlack, sku: string): Promise<unknown> {
  return fake.waitUntil(() => fake.messages(CHANNEL).find((m) => JSON.stringify(m).includes(sku)), 30_000, () => `the alert of ${sku}`);
}

const bench: BenchModule = {
  title: 'data change to alert: ingest API → fake Slack',
  async run(report) {
    const dir = await mkdtemp(join(tmpdir(), 'retaguarda-bench-change-'));
    const db = await openBenchPglite(join(dir, 'data'));
    const fake = await startFakeSlack();
    try {
      // A catalogue of healthy products, so that the cycle reads something.
      await db.withSession((s) =>
        s.query(
          `INSERT INTO products (sku, sku_key, name, stock, min_stock, unit)
           SELECT 'OK-' || lpad(g::text, 5, '0'), 'ok-' || lpad(g::text, 5, '0'), 'Produto ' || g, 50, 10, 'un'
           FROM generate_series(1, $1::int) g`,
          [PRODUCTS],
        ),
      );
      const config = parseConfig({
        PORT: '0',
        LOG_LEVEL: 'silent',
        SLACK_BOT_TOKEN: 'xoxb-1-2-benchchange',
        SLACK_SIGNING_SECRET: 'benchsigningsecret0123456789abcd',
        SLACK_API_URL: fake.apiUrl,
        INGEST_API_TOKEN: TOKEN,
        STOCK_CHANNEL: CHANNEL,
      });
      const bot = await startBot({ config, logger: createLogger({ level: 'silent' }), db, schedule: false });
      const figures: number[] = [];
      const floors: number[] = [];
      const answers: number[] = [];
      try {
        for (let run = 1; run <= Math.max(RUNS, 5); run++) {
          const sku = `CHG-${run}`;
          const started = performance.now();
          const res = await fetch(`http://127.0.0.1:${bot.port}/api/v1/products`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify([{ sku, name: 'Café 500 g', stock: 0, min_stock: 10 }]),
          });
          if (res.status !== 200) throw new Error(`ingest API answered ${res.status}: ${await res.text()}`);
          const answered = performance.now();
          await arrived(fake, sku);
          figures.push((performance.now() - started) / 1000);
          answers.push((answered - started) / 1000);
          await delay(BETWEEN_RUNS_MS);

          // The floor's cycle, by hand over a product the API did not bring (so nothing else runs).
          const handSku = `HAND-${run}`;
          await db.withSession((s) => s.query(`INSERT INTO products (sku, sku_key, name, stock, min_stock, unit) VALUES ($1, lower($1), 'Café', 0, 10, 'un')`, [handSku]));
          const cycleStarted = performance.now();
          await runWatchCycle(bot.deps, [ALERT_KINDS.low_stock.watcher]);
          floors.push((answered - started) / 1000 + (performance.now() - cycleStarted) / 1000);
          await arrived(fake, handSku);
          await delay(BETWEEN_RUNS_MS);
        }
      } finally {
        await bot.stop();
      }
      report({
        name: 'change to alert: ingest API → message at Slack',
        figure: median(figures),
        unit: 's',
        floor: median(floors),
        limit: PERIOD_S + 2,
        notes: [
          `median of ${figures.length} · worst ${Math.max(...figures).toFixed(2)} s`,
          `${CHANGE_SETTLE_MS} ms settle before the triggered cycle`,
          `HTTP answer ${(median(answers) * 1000).toFixed(0)} ms`,
          `${PRODUCTS.toLocaleString('en-US')} products, PGlite`,
          `limit = WATCH_CRON period (${PERIOD_S} s) + 2 s`,
        ],
      });
    } finally {
      await fake.close();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
