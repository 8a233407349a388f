// A bot SIGKILLed again and again — at random points of a watch cycle and of an outbox drain — and
// restarted each time, while the data keeps changing. In the end every message is in Slack once:
// a post that landed just before the kill is found by its metadata key, not posted again.
//
//   npx tsx scripts/faults/sigkill-cycle-drain.ts
//   FAULTS_KILLS (20) FAULTS_SLACK_LATENCY_MS (250) FAULTS_BACKGROUND_ALERTS (1000)
//   FAULTS_WAIT_FOR_WORK_SECONDS (45) FAULTS_SETTLE_SECONDS (120)
import { randomInt } from 'node:crypto';
import { sleep, type BotProcess } from './lib/bot.js';
import { BOOT_TIMEOUT_MS, runScenario, type Scenario } from './lib/scenario.js';
import { count, seconds } from './lib/settings.js';
import { churn, insertBulkProducts, seedWorkload } from './lib/workload.js';

const KILLS = count('FAULTS_KILLS', 20);
// Slack's answers are this slow, so a kill often lands between a post landing and its recording.
const LATENCY_MS = count('FAULTS_SLACK_LATENCY_MS', 250);
const SETTLE_MS = seconds('FAULTS_SETTLE_SECONDS', 120) * 1_000;
/**
 * How long to wait for the restarted bot to run a cycle or send before killing it anyway: a cycle
 * may have to wait for the claim of the killed bot to lapse (the scheduler's job lease, 30 s).
 */
const WAIT_FOR_WORK_MS = seconds('FAULTS_WAIT_FOR_WORK_SECONDS', 45) * 1_000;

/** products low from the start: every cycle reconciles them, so a cycle lasts long enough to be hit */
const BACKGROUND_ALERTS = count('FAULTS_BACKGROUND_ALERTS', 1_000);

const WRITES = ['chat.postMessage', 'chat.update'];
const CHURN = { products: 2, orders: 2 };

interface WatchLease extends Record<string, unknown> {
  mine: boolean;
  running: boolean;
  last_used_at: Date | null;
}

/** The watch job's claim (lease name and holder format of src/scheduler and src/db/leases.ts). */
async function watchLease(s: Scenario, bot: BotProcess): Promise<WatchLease | undefined> {
  const [row] = await s.db.query<WatchLease>(
    `SELECT holder LIKE $1 AS mine, expires_at > now() AS running, last_used_at FROM job_leases WHERE name = 'job:watch'`,
    [`%:${bot.pid}:%`],
  );
  return row;
}

async function poll<T>(deadline: number, check: () => Promise<T | undefined>): Promise<T | undefined> {
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(10);
  }
  return undefined;
}

/**
 * Lets the bot run one whole watch cycle over the round's changes (its messages feed the kills
 * while sending; its length says how far into the next one a random kill may land), changes the
 * data again and kills the bot a random moment into the cycle that picks those changes up.
 * True when that cycle was still running at the kill.
 */
async function killDuringCycle(s: Scenario, bot: BotProcess): Promise<boolean> {
  const deadline = Date.now() + WAIT_FOR_WORK_MS;
  const claimedAfter = (after: number) => async () => {
    const lease = await watchLease(s, bot);
    const at = lease?.last_used_at?.getTime() ?? 0;
    return lease?.mine && lease.running && at > after ? at : undefined;
  };
  const first = await poll(deadline, claimedAfter((await watchLease(s, bot))?.last_used_at?.getTime() ?? 0));
  const startedAt = Date.now();
  await poll(deadline, async () => ((await watchLease(s, bot))?.running === false ? true : undefined));
  const lengthMs = Math.max(20, Date.now() - startedAt);
  await churn(s.db, CHURN);
  if (first !== undefined) await poll(deadline, claimedAfter(first));
  await sleep(randomInt(0, lengthMs));
  const lease = await watchLease(s, bot);
  await bot.kill();
  return lease?.mine === true && lease.running;
}

/** Kills the bot a random moment after it sent something to Slack; true when it was sending. */
async function killDuringDrain(s: Scenario, bot: BotProcess): Promise<boolean> {
  const writes = () => s.fake.calls.filter((c) => WRITES.includes(c.method)).length;
  const before = writes();
  const sending = await s.fake.waitUntil(() => writes() > before, WAIT_FOR_WORK_MS, () => 'no send').then(
    () => true,
    () => false,
  );
  // Up to a little past Slack's answer: before, during and after the send is recorded.
  await sleep(randomInt(0, LATENCY_MS + 200));
  await bot.kill();
  return sending;
}

/**
 * A cycle can be killed only once the claim of the last bot killed in one has lapsed; meanwhile
 * the kills hit sends (of the messages the cycles queued).
 */
async function nextTarget(s: Scenario, bot: BotProcess): Promise<'cycle' | 'drain'> {
  const lease = await watchLease(s, bot);
  const [{ pending } = { pending: 0 }] = await s.db.query<{ pending: number }>(`SELECT count(*)::int AS pending FROM outbox_messages WHERE status = 'pending'`);
  return lease?.running && !lease.mine && pending > 0 ? 'drain' : 'cycle';
}

await runScenario('sigkill-cycle-drain', async (s) => {
  s.fake.delayAll(LATENCY_MS);
  let bot = await s.spawnBot('bot-0');
  await bot.waitHealthy(BOOT_TIMEOUT_MS);
  await seedWorkload(bot);
  await insertBulkProducts(s.db, BACKGROUND_ALERTS, 1);

  const kills = { cycle: { aimed: 0, hit: 0 }, drain: { aimed: 0, hit: 0 } };
  for (let kill = 1; kill <= KILLS; kill++) {
    await churn(s.db, CHURN);
    if (!bot.alive()) throw new Error(`${bot.name} died on its own (exit ${String(await bot.exited)}):\n${bot.tail()}`);
    const target = await nextTarget(s, bot);
    const aimedAt = Date.now();
    const hit = target === 'cycle' ? await killDuringCycle(s, bot) : await killDuringDrain(s, bot);
    const waited = (Date.now() - aimedAt) / 1000;
    kills[target].aimed++;
    if (hit) kills[target].hit++;
    const spawnedAt = Date.now();
    bot = await s.spawnBot(`bot-${kill}`);
    await bot.waitHealthy(BOOT_TIMEOUT_MS);
    const boot = (Date.now() - spawnedAt) / 1000;
    s.progress(`kill ${kill}/${KILLS} ${target === 'cycle' ? 'in a watch cycle' : 'while sending'}${hit ? '' : ' (missed: killed anyway)'} after ${waited.toFixed(1)} s; restarted in ${boot.toFixed(1)} s`);
  }

  await s.settle(SETTLE_MS);
  s.figure('SIGKILLs', KILLS);
  s.figure('  during a watch cycle (hit/aimed)', `${kills.cycle.hit}/${kills.cycle.aimed}`, '≥ 1 hit', kills.cycle.hit > 0);
  s.figure('  while sending (hit/aimed)', `${kills.drain.hit}/${kills.drain.aimed}`, '≥ 1 hit', kills.drain.hit > 0);
  s.figure('history look-ups before a re-send', s.fake.callsTo('conversations.history').length + s.fake.callsTo('conversations.replies').length);
  s.figure('posts to Slack', s.fake.callsTo('chat.postMessage').length);
  const exit = await bot.stop();
  s.figure('last bot stops on SIGTERM', `exit ${String(exit)}`, 'exit 0', exit === 0);
});
