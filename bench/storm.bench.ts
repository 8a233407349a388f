// An alert storm: 5,000 products below their minimum at once, all for one channel, through one watch
// cycle and the outbox sender to the fake Slack (test/support/fake-slack.ts) at Slack's real pace
// (paceMs 1,000). The sender's waits move a skewed clock on instead of sleeping (its `now`/`sleep`
// options, as the outbox tests do), and the fake stamps each call with that clock, so the pace is
// checked on the recorded call times without waiting them out. Targets (issue 11, item 3): at most
// 10 top-level messages; never more than 10 chat.postMessage in any 10-second window of the
// channel, nor two within a second; every alert listed in the grouped message's thread.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/config.js';
import type { ReconcileDeps } from '../src/domain/alerts/reconcile-alerts.js';
import { runWatchCycle } from '../src/domain/alerts/run-watch-cycle.js';
import { createI18n } from '../src/i18n/index.js';
import { systemClock } from '../src/lib/clock.js';
import { createLogger } from '../src/lib/logger.js';
import { createOutboxNotifier } from '../src/notify/outbox-notifier.js';
import { createOutboxSender } from '../src/notify/outbox/poller.js';
import { createSlackTransport } from '../src/notify/slack-transport.js';
import { startFakeSlack, type StoredMessage } from '../test/support/fake-slack.js';
import { measure, openBenchPglite, type BenchModule } from './harness.js';

const FINDINGS = Number(process.env.BENCH_STORM ?? 5_000);
const CHANNEL = 'C0STOCK001';
const TOKEN = 'xoxb-1-2-benchstorm';
const PACE_MS = 1_000;
const WINDOW_MS = 10_000;
const MAX_TOP_LEVEL = 10;
const MAX_IN_WINDOW = WINDOW_MS / PACE_MS;

/** The most posts within any `windowMs` (sorted times, two pointers). */
function mostInWindow(times: number[], windowMs: number): number {
  let most = 0;
  for (let start = 0, end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/** Every piece of text in a message's blocks. */
function blockText(message: StoredMessage): string {
  return JSON.stringify(message.blocks ?? []);
}

const bench: BenchModule = {
  title: `alert storm: ${FINDINGS.toLocaleString('en-US')} new findings for one channel`,
  async run(report) {
    const dir = await mkdtemp(join(tmpdir(), 'retaguarda-bench-storm-'));
    const db = await openBenchPglite(join(dir, 'data'));
    let skew = 0;
    const fake = await startFakeSlack({ tokens: [TOKEN], now: () => Date.now() + skew });
    try {
      await db.withSession((s) =>
        s.query(
          `INSERT INTO products (sku, sku_key, name, stock, min_stock, unit)
           SELECT 'SKU-' || lpad(g::text, 5, '0'), 'sku-' || lpad(g::text, 5, '0'), 'Produto ' || g, g % 3, 10, 'un'
           FROM generate_series(1, $1::int) g`,
          [FINDINGS],
        ),
      );
      const config = parseConfig({ STOCK_CHANNEL: CHANNEL, LOG_LEVEL: 'silent' });
      const i18n = createI18n(config.locale, config.timezone);
      const logger = createLogger({ level: 'silent' });
      const deps: ReconcileDeps = { db, clock: systemClock, config, i18n, logger, notifier: createOutboxNotifier({ i18n, remindAfterMs: config.remindAfterMs }) };
      const cycle = await measure(() => runWatchCycle(deps));

      const sender = createOutboxSender({
        db,
        transport: createSlackTransport({ token: TOKEN, apiUrl: fake.apiUrl, logger }),
        logger,
        instanceId: 'bench',
        options: {
          paceMs: PACE_MS,
          now: () => Date.now() + skew,
          sleep: async (ms) => {
            skew += ms;
          },
        },
      });
      const started = Date.now() + skew;
      const send = await measure(async () => {
        while ((await db.prisma.outboxMessage.count({ where: { status: 'pending' } })) > 0) await sender.drainOnce();
      });
      await sender.stop();
      const failed = await db.prisma.outboxMessage.count({ where: { status: { not: 'sent' } } });
      if (failed > 0) throw new Error(`${failed} outbox rows not sent`);

      const posts = fake.callsTo('chat.postMessage').map((c) => c.at.getTime()).sort((a, b) => a - b);
      const messages = fake.messages(CHANNEL);
      const topLevel = messages.filter((m) => !m.thread_ts);
      const thread = messages.filter((m) => m.thread_ts);
      const listed = new Set(thread.flatMap((m) => blockText(m).match(/SKU-\d{5}/g) ?? []));
      const spanS = ((posts.at(-1) ?? started) - started) / 1000;
      const notes = [`${posts.length} chat.postMessage (${thread.length} in threads)`, `watch cycle ${cycle.seconds.toFixed(1)} s, sending ${send.seconds.toFixed(1)} s real time`];

      report({ name: 'storm: top-level messages', figure: topLevel.length, unit: 'msgs', limit: MAX_TOP_LEVEL, notes });
      report({
        name: 'storm: chat.postMessage in any 10 s window',
        figure: mostInWindow(posts, WINDOW_MS),
        unit: 'posts',
        limit: MAX_IN_WINDOW,
        notes: [`all ${posts.length} posts over ${spanS.toFixed(0)} s of (skewed) Slack time`],
      });
      const gaps = posts.slice(1).map((t, i) => t - posts[i]!);
      const shortest = gaps.length ? Math.min(...gaps) / 1000 : Infinity;
      report({
        name: 'storm: shortest gap between two posts',
        figure: shortest,
        unit: 's',
        check: { target: `≥ ${(PACE_MS / 1000).toFixed(2)} s`, ok: shortest >= PACE_MS / 1000 },
      });
      report({
        name: 'storm: alerts listed in the thread',
        figure: listed.size,
        unit: 'alerts',
        check: { target: `all ${FINDINGS.toLocaleString('en-US')}`, ok: listed.size === FINDINGS },
        notes: [`${thread.length} thread replies`],
      });
    } finally {
      await fake.close();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
