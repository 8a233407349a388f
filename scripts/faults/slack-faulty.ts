// Slack misbehaves for a while — 429 with Retry-After, 5xx, requests that hang, connections reset,
// posts that land and then answer 500 or reset — while watch cycles keep producing messages; then
// Slack heals. Every message must reach Slack exactly once, and each Retry-After is respected.
//
//   npx tsx scripts/faults/slack-faulty.ts
//   FAULTS_SLACK_FAULTY_SECONDS (90) FAULTS_SLACK_FAULT_RATE (0.3) FAULTS_SETTLE_SECONDS (150)
import type { Fault } from '../../test/support/fake-slack.js';
import { sleep } from './lib/bot.js';
import { BOOT_TIMEOUT_MS, runScenario } from './lib/scenario.js';
import { fraction, seconds } from './lib/settings.js';
import { churn, seedWorkload } from './lib/workload.js';

const FAULTY_MS = seconds('FAULTS_SLACK_FAULTY_SECONDS', 90) * 1_000;
const FAULT_RATE = fraction('FAULTS_SLACK_FAULT_RATE', 0.3);
const SETTLE_MS = seconds('FAULTS_SETTLE_SECONDS', 150) * 1_000;

/** Every call the outbox makes: posts, updates and the history look-ups before a re-send. */
const METHODS = ['chat.postMessage', 'chat.update', 'conversations.history', 'conversations.replies', 'conversations.join'];
const MIX: Fault[] = [
  { status: 429, retryAfter: 1 },
  { status: 429, retryAfter: 3 },
  { status: 500 },
  { status: 502 },
  { status: 503 },
  { status: 500, land: true },
  { status: 503, land: true },
  { hang: true },
  { hang: true, land: true },
  { reset: true },
  { reset: true, land: true },
];

function faultName(fault: Fault): string {
  if ('status' in fault) return fault.status === 429 ? '429' : `${fault.status}${'land' in fault && fault.land ? ' after landing' : ''}`;
  if ('hang' in fault) return fault.land ? 'hang after landing' : 'hang';
  if ('reset' in fault) return fault.land ? 'reset after landing' : 'reset';
  if ('error' in fault) return fault.error;
  return 'slow';
}

await runScenario('slack-faulty', async (s) => {
  const bot = await s.spawnBot('bot');
  await bot.waitHealthy(BOOT_TIMEOUT_MS);
  await seedWorkload(bot);

  s.progress(`Slack faulty for ${FAULTY_MS / 1000} s (${Math.round(FAULT_RATE * 100)}% of calls)`);
  s.fake.failRandomly({ methods: METHODS, rate: FAULT_RATE, mix: MIX });
  const faultyFrom = Date.now();
  while (Date.now() - faultyFrom < FAULTY_MS && bot.alive()) {
    await churn(s.db, { products: 2, orders: 2 });
    await sleep(2_000);
  }
  s.fake.failRandomly(undefined);
  const healedAt = Date.now();
  s.progress('Slack healed');

  await s.settle(SETTLE_MS);
  s.figure('bot process alive', bot.alive() ? 'yes' : `no (exit ${String(await bot.exited)})`, 'yes', bot.alive());

  const calls = s.fake.calls.filter((c) => METHODS.includes(c.method));
  const faulted = calls.filter((c) => c.fault !== undefined);
  s.figure('Slack calls by the outbox', calls.length);
  s.figure('  while Slack was faulty', calls.filter((c) => c.at.getTime() < healedAt).length);
  const byKind = new Map<string, number>();
  for (const call of faulted) byKind.set(faultName(call.fault!), (byKind.get(faultName(call.fault!)) ?? 0) + 1);
  s.figure('faults injected', faulted.length, '> 0', faulted.length > 0);
  for (const [kind, n] of [...byKind].sort()) s.figure(`  ${kind}`, n);

  // After a 429 the channel must stay quiet for Retry-After (the next call of any kind to it).
  let ignored = 0;
  for (const [i, call] of calls.entries()) {
    if (call.fault === undefined || !('status' in call.fault) || call.fault.status !== 429) continue;
    const until = call.at.getTime() + call.fault.retryAfter * 1_000;
    const next = calls.slice(i + 1).find((c) => c.body.channel === call.body.channel);
    if (next && next.at.getTime() < until - 50) ignored++;
  }
  s.figure('Retry-After not respected', ignored, '0', ignored === 0);
});
