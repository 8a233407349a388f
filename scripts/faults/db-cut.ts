// The database goes away for a minute — the network between the bot and PostgreSQL is cut through a
// TCP proxy — across several watch ticks. The bot process stays up, /healthz answers 503 and the
// ingest API 503 with Retry-After meanwhile, and once the database is back, watching and sending
// resume: a problem that appeared during the cut is announced.
//
//   npx tsx scripts/faults/db-cut.ts
//   FAULTS_CUT_SECONDS (60) FAULTS_SETTLE_SECONDS (90)
import { proxiedUrl, startTcpProxy, urlTarget } from '../../test/support/tcp-proxy.js';
import { CHANNELS, sleep } from './lib/bot.js';
import { formatNumber } from './lib/report.js';
import { BOOT_TIMEOUT_MS, runScenario } from './lib/scenario.js';
import { FAULTS_DATABASE_URL, seconds } from './lib/settings.js';
import { churn, seedWorkload } from './lib/workload.js';

const CUT_MS = seconds('FAULTS_CUT_SECONDS', 60) * 1_000;
const SETTLE_MS = seconds('FAULTS_SETTLE_SECONDS', 90) * 1_000;
const WATCH_PERIOD_S = 2;
/** the first probes after the cut may still be answered from a live connection */
const CUT_GRACE_MS = 5_000;
/** after the database is back: healthy, watching (one tick + reconnecting) and sending again */
const RESUME_TARGET_MS = 30_000;

const MARKER = { sku: 'CUT-MARKER', name: 'Produto que acaba durante o corte', stock: 50, min_stock: 10 };

await runScenario('db-cut', async (s) => {
  const proxy = await startTcpProxy(urlTarget(FAULTS_DATABASE_URL));
  try {
    const bot = await s.spawnBot('bot', { databaseUrl: proxiedUrl(s.db.url, proxy.port), env: { WATCH_CRON: `*/${WATCH_PERIOD_S} * * * * *` } });
    await bot.waitHealthy(BOOT_TIMEOUT_MS);
    await seedWorkload(bot);
    const marker = await bot.ingest('products', [MARKER]);
    if (marker.status !== 200) throw new Error(`ingest of the marker product answered ${marker.status}`);
    for (let i = 0; i < 3; i++) {
      await churn(s.db, { products: 2, orders: 2 });
      await sleep(WATCH_PERIOD_S * 1_000);
    }

    s.progress(`cutting the database off for ${CUT_MS / 1000} s`);
    await proxy.cut();
    const cutAt = Date.now();
    const probes: (number | undefined)[] = [];
    let ingest: { status: number; retryAfter: string | null } | undefined;
    while (Date.now() - cutAt < CUT_MS) {
      const probeAt = Date.now();
      const status = await bot.health(3_000);
      if (probeAt - cutAt >= CUT_GRACE_MS) probes.push(status);
      if (ingest === undefined && probeAt - cutAt >= CUT_MS / 2) {
        const answer = await bot.ingest('products', [{ ...MARKER, stock: 40 }]).catch(() => undefined);
        ingest = { status: answer?.status ?? 0, retryAfter: answer?.headers.get('retry-after') ?? null };
      }
      // The data changes meanwhile (the script's own connection is not cut).
      await churn(s.db, { products: 2, orders: 2 });
      await sleep(1_000 - (Date.now() - probeAt));
    }
    await s.db.query(`UPDATE products SET stock = 0, updated_at = now() WHERE sku = $1`, [MARKER.sku]);
    const aliveThroughCut = bot.alive();
    await proxy.restore();
    const restoredAt = Date.now();
    s.progress('database back');

    const deadline = restoredAt + RESUME_TARGET_MS * 2;
    let healthyAt: number | undefined;
    let watchingAt: number | undefined;
    let sentAt: number | undefined;
    while (bot.alive() && Date.now() < deadline && sentAt === undefined) {
      if (healthyAt === undefined && (await bot.health(1_000)) === 200) healthyAt = Date.now();
      // The first cycle after the cut may group the alerts it opens into one storm message.
      const [alert] = await s.db.query<{ message_ts: string | null }>(
        `SELECT coalesce(g.message_ts, a.message_ts) AS message_ts
         FROM alerts a LEFT JOIN alert_groups g ON g.id = a.group_id
         WHERE a.fingerprint = 'low_stock:cut-marker' AND a.status <> 'resolved'`,
      );
      if (alert && watchingAt === undefined) watchingAt = Date.now();
      if (alert?.message_ts && s.fake.messages(CHANNELS.stock).some((m) => m.ts === alert.message_ts)) sentAt = Date.now();
      await sleep(200);
    }
    for (let i = 0; i < 3; i++) {
      await churn(s.db, { products: 2, orders: 2 });
      await sleep(WATCH_PERIOD_S * 1_000);
    }
    await s.settle(SETTLE_MS);

    const not503 = probes.filter((p) => p !== 503);
    const after = (at: number | undefined) => (at === undefined ? 'never' : formatNumber((at - restoredAt) / 1000, 's'));
    const within = (at: number | undefined) => at !== undefined && at - restoredAt <= RESUME_TARGET_MS;
    s.figure('database cut', formatNumber(CUT_MS / 1000, 's'));
    s.figure('bot alive through the cut', aliveThroughCut ? 'yes' : `no (exit ${String(await bot.exited)})`, 'yes', aliveThroughCut);
    s.figure('bot alive at the end', bot.alive() ? 'yes' : 'no', 'yes', bot.alive());
    s.figure('/healthz 503 during the cut', `${probes.length - not503.length}/${probes.length}`, `${probes.length}/${probes.length}`, not503.length === 0 && probes.length > 0);
    s.figure('  other answers', not503.length === 0 ? 'none' : [...new Set(not503.map((p) => (p === undefined ? 'no answer' : String(p))))].join(', '), 'none', not503.length === 0);
    const ingestOk = ingest?.status === 503 && ingest.retryAfter !== null;
    s.figure('ingest API during the cut', ingest ? `${ingest.status}, Retry-After ${ingest.retryAfter ?? 'missing'}` : 'not tried', '503 + Retry-After', ingestOk);
    const target = `≤ ${RESUME_TARGET_MS / 1000} s`;
    s.figure('/healthz 200 after restore', after(healthyAt), target, within(healthyAt));
    s.figure('watching resumed after', after(watchingAt), target, within(watchingAt));
    s.figure('sending resumed after', after(sentAt), target, within(sentAt));
  } finally {
    await proxy.close();
  }
});
