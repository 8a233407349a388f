// Three bot instances on one database for many watch cycles, the data changing all along: each
// tick is run by exactly one of them, nothing is posted twice, and together they never post to a
// channel faster than once per second.
//
//   npx tsx scripts/faults/three-instances.ts
//   FAULTS_THREE_SECONDS (60) FAULTS_SETTLE_SECONDS (90)
import { sleep, type LogRecord } from './lib/bot.js';
import { paceReport } from './lib/delivery.js';
import { formatNumber } from './lib/report.js';
import { BOOT_TIMEOUT_MS, runScenario } from './lib/scenario.js';
import { seconds } from './lib/settings.js';
import { churn, seedWorkload } from './lib/workload.js';

const RUN_MS = seconds('FAULTS_THREE_SECONDS', 60) * 1_000;
const SETTLE_MS = seconds('FAULTS_SETTLE_SECONDS', 90) * 1_000;
const PERIOD_MS = 2_000;
const INSTANCES = 3;

interface Run {
  instance: string;
  /** when the job started (epoch ms) */
  start: number;
}

await runScenario('three-instances', async (s) => {
  const runs: Run[] = [];
  // Watch runs are counted from each instance's log: the scheduler logs every run it did at debug.
  const onLogOf = (instance: string) => (record: LogRecord) => {
    if (record.msg === 'job done' && record.job === 'watch') runs.push({ instance, start: record.time - Number(record.ms ?? 0) });
  };
  const bots = await Promise.all(
    Array.from({ length: INSTANCES }, (_, i) => s.spawnBot(`bot-${i + 1}`, { env: { LOG_LEVEL: 'debug', WATCH_CRON: `*/${PERIOD_MS / 1000} * * * * *` }, onLog: onLogOf(`bot-${i + 1}`) })),
  );
  await Promise.all(bots.map((bot) => bot.waitHealthy(BOOT_TIMEOUT_MS)));
  await seedWorkload(bots[0]!);

  // Whole ticks only: from the next tick after every instance is up.
  const from = Math.ceil((Date.now() + 1) / PERIOD_MS) * PERIOD_MS;
  s.progress(`${INSTANCES} instances for ${RUN_MS / 1000} s`);
  while (Date.now() < from + RUN_MS) {
    await churn(s.db, { products: 2, orders: 2 });
    await sleep(PERIOD_MS);
  }
  // The last tick counted is one whose run has surely finished.
  const to = Math.floor((Date.now() - PERIOD_MS) / PERIOD_MS) * PERIOD_MS;
  await s.settle(SETTLE_MS);

  const ticks = Math.max(0, (to - from) / PERIOD_MS + 1);
  const perTick = new Map<number, Run[]>();
  for (const run of runs) {
    const tick = Math.floor(run.start / PERIOD_MS) * PERIOD_MS;
    if (tick < from || tick > to) continue;
    perTick.set(tick, [...(perTick.get(tick) ?? []), run]);
  }
  const twice = [...perTick.values()].filter((r) => r.length > 1).length;
  const missed = ticks - perTick.size;
  const inWindow = [...perTick.values()].flat();
  s.figure('watch ticks', ticks);
  s.figure('watch runs', inWindow.length, `${ticks}`, inWindow.length === ticks);
  for (const bot of bots) s.figure(`  by ${bot.name}`, inWindow.filter((r) => r.instance === bot.name).length);
  s.figure('ticks run more than once', twice, '0', twice === 0);
  s.figure('ticks not run', missed, '0', missed === 0);
  const pace = paceReport(s.fake);
  s.figure('posts to Slack', pace.posts);
  s.figure('shortest gap between posts to a channel', formatNumber(pace.minGapMs, 'ms', 0), '≥ 950 ms', pace.violations === 0);
  s.figure('  gaps under a second', pace.violations, '0', pace.violations === 0);
  const alive = bots.filter((b) => b.alive()).length;
  s.figure('instances alive', `${alive}/${INSTANCES}`, `${INSTANCES}/${INSTANCES}`, alive === INSTANCES);
});
