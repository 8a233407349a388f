// One instance is SIGKILLed in the middle of a long watch cycle (100,000 products, a third of them
// just ran low) while it is sending a channel's messages; another instance is started at once. How
// long until the new one watches again, and until it sends again?
// Targets: watching within one WATCH_CRON period + 60 s, sending within 15 s.
//
//   npx tsx scripts/faults/takeover.ts
//   FAULTS_TAKEOVER_PRODUCTS (100000) FAULTS_TAKEOVER_PERIOD_SECONDS (10) FAULTS_SETTLE_SECONDS (150)
import { CHANNELS, sleep } from './lib/bot.js';
import { formatNumber } from './lib/report.js';
import { BOOT_TIMEOUT_MS, runScenario, type Scenario } from './lib/scenario.js';
import { count, seconds } from './lib/settings.js';
import { BULK_PREFIX, TODAY, insertBulkProducts } from './lib/workload.js';

const PRODUCTS = count('FAULTS_TAKEOVER_PRODUCTS', 100_000);
const PERIOD_S = count('FAULTS_TAKEOVER_PERIOD_SECONDS', 10);
const SETTLE_MS = seconds('FAULTS_SETTLE_SECONDS', 150) * 1_000;
/** overdue orders announced one by one: the first instance is still sending them when killed */
const ORDERS = 40;
const WATCH_TARGET_MS = (PERIOD_S + 60) * 1_000;
const SEND_TARGET_MS = 15_000;

async function lowStockAlerts(s: Scenario): Promise<number> {
  const [row] = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerts WHERE kind = 'low_stock'`);
  return row?.n ?? 0;
}

async function pendingIn(s: Scenario, channel: string): Promise<number> {
  const [row] = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_messages WHERE channel = $1 AND status = 'pending'`, [channel]);
  return row?.n ?? 0;
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting ${timeoutMs / 1000} s for ${what}`);
    await sleep(intervalMs);
  }
}

await runScenario('takeover', async (s) => {
  if (60 % PERIOD_S !== 0) throw new Error('FAULTS_TAKEOVER_PERIOD_SECONDS must divide 60');
  await insertBulkProducts(s.db, PRODUCTS, 100);
  // More than ORDERS new alerts of a kind at once become one grouped message: the orders go one by
  // one (a long queue), the products as a storm.
  const env = { WATCH_CRON: `*/${PERIOD_S} * * * * *`, STORM_THRESHOLD: String(ORDERS + 10) };
  const first = await s.spawnBot('instance-a', { env });
  await first.waitHealthy(BOOT_TIMEOUT_MS);
  const dueDate = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
  const orders = Array.from({ length: ORDERS }, (_, i) => ({ number: `TKO-${i + 1}`, customer: `Cliente ${i + 1}`, total: 500, due_date: dueDate, status: 'pending' }));
  const ingested = await first.ingest('orders', orders);
  if (ingested.status !== 200) throw new Error(`ingest answered ${ingested.status}`);
  const financePosts = () => s.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === CHANNELS.finance);
  await waitFor('instance-a to send the overdue orders', (PERIOD_S + 30) * 1_000, async () => financePosts().length >= 2);

  await s.db.query(`UPDATE products SET stock = 5, updated_at = now() WHERE sku LIKE $1 AND id % 3 = 0`, [`${BULK_PREFIX}%`]);
  const [{ n: lowTotal } = { n: 0 }] = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM products WHERE stock <= min_stock`);
  s.progress(`${lowTotal} of ${PRODUCTS} products ran low: waiting for instance-a's long cycle`);
  await waitFor('instance-a to be in the middle of its long cycle', (PERIOD_S + 60) * 1_000, async () => {
    const n = await lowStockAlerts(s);
    return n > 0 && n < lowTotal;
  }, 50);
  const pendingAtKill = await pendingIn(s, CHANNELS.finance);
  await first.kill();
  const killedAt = Date.now();
  const alertsAtKill = await lowStockAlerts(s);
  s.progress(`instance-a killed with ${alertsAtKill}/${lowTotal} alerts opened and ${pendingAtKill} messages to send; starting instance-b`);

  const second = await s.spawnBot('instance-b', { env });
  let healthyAt: number | undefined;
  let watchingAt: number | undefined;
  let sendingAt: number | undefined;
  const deadline = killedAt + Math.max(WATCH_TARGET_MS, SEND_TARGET_MS) + 15_000;
  while (Date.now() < deadline && (watchingAt === undefined || sendingAt === undefined) && second.alive()) {
    if (healthyAt === undefined && (await second.health(1_000)) === 200) healthyAt = Date.now();
    if (watchingAt === undefined && (await lowStockAlerts(s)) > alertsAtKill) watchingAt = Date.now();
    sendingAt ??= financePosts().find((c) => c.at.getTime() > killedAt)?.at.getTime();
    await sleep(200);
  }
  await s.settle(SETTLE_MS);

  const since = (at: number | undefined) => (at === undefined ? 'never' : formatNumber((at - killedAt) / 1000, 's'));
  const [{ n: overdue } = { n: 0 }] = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders WHERE due_date < ${TODAY}`);
  s.figure('products / low', `${PRODUCTS} / ${lowTotal}`);
  s.figure('overdue orders (one message each)', overdue);
  s.figure('alerts opened when killed', `${alertsAtKill}/${lowTotal}`);
  s.figure('messages queued when killed', pendingAtKill, '> 0', pendingAtKill > 0);
  s.figure('instance-b healthy after kill', since(healthyAt));
  s.figure('instance-b watching after kill', since(watchingAt), `≤ ${(WATCH_TARGET_MS / 1000).toFixed(0)} s (period + 60 s)`, watchingAt !== undefined && watchingAt - killedAt <= WATCH_TARGET_MS);
  s.figure('instance-b sending after kill', since(sendingAt), `≤ ${SEND_TARGET_MS / 1000} s`, sendingAt !== undefined && sendingAt - killedAt <= SEND_TARGET_MS);
});
