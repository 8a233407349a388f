// Runs one fault script: a fresh database and fake Slack, bot processes that are always killed at
// the end, a time limit, and the one table of figures (exit code 1 when anything failed).
import { startFakeSlack, type FakeSlack } from '../../../test/support/fake-slack.js';
import { spawnBot, type BotOptions, type BotProcess } from './bot.js';
import { createFaultsDatabase, type FaultsDatabase } from './database.js';
import { waitForDelivery, type DeliveryReport } from './delivery.js';
import { formatNumber, renderTable, type Figure } from './report.js';
import { seconds } from './settings.js';

export interface Scenario {
  name: string;
  db: FaultsDatabase;
  fake: FakeSlack;
  /** a bot process on this scenario's database and fake Slack */
  spawnBot(name: string, options?: Omit<BotOptions, 'name' | 'databaseUrl' | 'fake'> & { databaseUrl?: string }): Promise<BotProcess>;
  /** records a figure; `ok` undefined means informative only */
  figure(name: string, value: string | number, target?: string, ok?: boolean): void;
  /** waits for the outbox to drain and every problem to be announced; records lost and duplicates */
  settle(timeoutMs: number): Promise<DeliveryReport & { waitedMs: number }>;
  progress(message: string): void;
}

/** Time limit of each script: FAULTS_TIMEOUT_SECONDS (default 480, well above any default run). */
const TIMEOUT_MS = seconds('FAULTS_TIMEOUT_SECONDS', 480) * 1_000;
/** Bots must be healthy this soon after being spawned. */
export const BOOT_TIMEOUT_MS = 60_000;

export async function runScenario(name: string, body: (scenario: Scenario) => Promise<void>): Promise<void> {
  const started = Date.now();
  const figures: Figure[] = [];
  /** lost/duplicates and their parts: printed last */
  const deliveryFigures: Figure[] = [];
  const errors: string[] = [];
  const bots: BotProcess[] = [];
  let lost: number | undefined;
  let duplicates: number | undefined;
  let db: FaultsDatabase | undefined;
  let fake: FakeSlack | undefined;

  const progress = (message: string) => process.stderr.write(`[${name} ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    progress('interrupted: cleaning up');
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  async function cleanup(): Promise<void> {
    await Promise.all(bots.map((bot) => bot.kill().catch(() => undefined)));
    await fake?.close().catch(() => undefined);
    await db?.drop().catch((error: unknown) => errors.push(`could not drop ${db?.name}: ${String(error)}`));
  }

  try {
    fake = await startFakeSlack();
    db = await createFaultsDatabase(name);
    progress(`database ${db.name}, fake Slack at ${fake.apiUrl}`);
    const scenario: Scenario = {
      name,
      db,
      fake,
      async spawnBot(botName, options = {}) {
        const bot = await spawnBot({ ...options, name: botName, databaseUrl: options.databaseUrl ?? db!.url, fake: fake! });
        bots.push(bot);
        return bot;
      },
      figure(figureName, value, target = '', ok) {
        figures.push({ name: figureName, value: typeof value === 'number' ? formatNumber(value) : value, target, ok });
      },
      async settle(timeoutMs) {
        progress('waiting for every message to reach Slack');
        const report = await waitForDelivery(db!, fake!, timeoutMs, () => bots.some((bot) => bot.alive()));
        lost = report.lost;
        duplicates = report.duplicates;
        const add = (figureName: string, value: number | string, ok?: boolean, target = '0') =>
          deliveryFigures.push({ name: figureName, value: typeof value === 'number' ? formatNumber(value) : value, target: ok === undefined ? '' : target, ok });
        add('outbox rows', report.outboxRows);
        add('all delivered after', formatNumber(report.waitedMs / 1000, 's'), report.lost === 0, `≤ ${formatNumber(timeoutMs / 1000, 's')}`);
        add('messages without outbox key', report.unkeyed, report.unkeyed === 0);
        add('lost', report.lost, report.lost === 0);
        add('  undelivered (pending/failed)', report.undelivered, report.undelivered === 0);
        add('  sent but not in Slack', report.notInSlack, report.notInSlack === 0);
        add('  stale (update never shown)', report.staleUpdates, report.staleUpdates === 0);
        add('  problems never announced', report.unannounced, report.unannounced === 0);
        add('duplicates', report.duplicates, report.duplicates === 0);
        for (const example of report.examples) progress(`  ${example}`);
        return report;
      },
      progress,
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS / 1000} s (FAULTS_TIMEOUT_SECONDS)`)), TIMEOUT_MS);
    });
    const running = body(scenario);
    // Once the time is up the body may still fail later, against a dropped database: not news.
    running.catch(() => undefined);
    try {
      await Promise.race([running, timeout]);
    } finally {
      clearTimeout(timer);
    }
    for (const bot of bots) {
      const fatal = bot.problems.filter((p) => p.level >= 60).length;
      if (fatal > 0) errors.push(`${bot.name} logged ${fatal} fatal error(s): ${String(bot.problems.find((p) => p.level >= 60)?.msg)}`);
    }
  } catch (error) {
    errors.push(error instanceof Error ? error.message : String(error));
    const last = bots.at(-1);
    if (last) progress(`last output of ${last.name}:\n${last.tail(15)}`);
  } finally {
    for (const bot of bots.filter((b) => b.crashed())) {
      errors.push(`${bot.name} exited by itself (code ${String(await bot.exited)}): ${bot.tail(1).slice(0, 300)}`);
    }
    if (!interrupted) await cleanup();
  }
  if (interrupted) return;
  const logged = bots.reduce((n, bot) => n + bot.problems.filter((p) => p.level >= 50).length, 0);
  const messages = new Set(bots.flatMap((bot) => bot.problems.filter((p) => p.level >= 50).map((p) => `${bot.name}: ${String(p.msg)}`)));
  for (const message of [...messages].slice(0, 10)) progress(`logged an error: ${message}`);
  figures.push({ name: 'errors logged by the bots', value: String(logged), target: '', ok: undefined });
  figures.push({ name: 'duration', value: formatNumber((Date.now() - started) / 1000, 's'), target: '', ok: undefined });
  const table = renderTable(name, [...figures, ...deliveryFigures], lost, duplicates, errors);
  process.stdout.write(`\n${table.text}\n`);
  // A body cut short by the time limit may still have timers running: end here.
  process.exit(table.passed ? 0 : 1);
}
