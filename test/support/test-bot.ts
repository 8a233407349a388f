// Starts the real bot (HTTP mode against the fake Slack, or local mode) on a free port.
import { PassThrough } from 'node:stream';
import { startBot, type RunningBot } from '../../src/app/start-bot.js';
import type { ChangeWatchOptions } from '../../src/app/watch-on-change.js';
import type { Database } from '../../src/db/database.js';
import { createLogger } from '../../src/lib/logger.js';
import type { OutboxSenderOptions } from '../../src/notify/outbox/context.js';
import { FakeClock } from './fake-clock.js';
import type { FakeSlack } from './fake-slack.js';
import { testConfig } from './test-deps.js';

export const TEST_BOT_TOKEN = 'xoxb-0000-1111-testtoken';
export const TEST_SIGNING_SECRET = 'testsigningsecret0123456789abcdef';

export interface TestBot extends RunningBot {
  baseUrl: string;
  clock: FakeClock;
  /** local mode: what the console printed */
  output: () => string;
  /** local mode: type a line */
  type(line: string): Promise<string>;
  /**
   * Resolves once no outbox row is pending: every message queued so far is in Slack (or failed for
   * good) and recorded. Call it after the change that queued them has committed.
   */
  outboxIdle(timeoutMs?: number): Promise<void>;
}

export interface TestBotOptions {
  fake?: FakeSlack;
  env?: Record<string, string>;
  clock?: FakeClock;
  /** cron jobs and the start-up cycle (off by default: tests call runWatchCycle) */
  schedule?: boolean;
  instanceId?: string;
  /** on top of the test defaults (fast retries, a 5 ms pace) */
  sender?: OutboxSenderOptions;
  /** the watch that follows an ingest API import (hold its settle wait) */
  changeWatch?: ChangeWatchOptions;
}

export async function startTestBot(db: Database, options: TestBotOptions = {}): Promise<TestBot> {
  const slackEnv: Record<string, string> = options.fake
    ? { SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: options.fake.apiUrl }
    : {};
  const config = testConfig({ PORT: '0', LOG_LEVEL: 'silent', ...slackEnv, ...options.env });
  const clock = options.clock ?? new FakeClock(new Date());
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  const bot = await startBot({
    config,
    logger: createLogger({ level: config.logLevel }),
    clock,
    db,
    input,
    output,
    schedule: options.schedule ?? false,
    instanceId: options.instanceId,
    // Pacing (one message per second per channel) is tested in outbox-sender.test.ts; here it would only make every test wait.
    sender: { retryBaseMs: 20, paceMs: 5, ...options.sender },
    changeWatch: options.changeWatch,
  });
  return {
    ...bot,
    baseUrl: `http://127.0.0.1:${bot.port}`,
    clock,
    output: () => printed,
    async type(line: string) {
      const before = printed.length;
      input.write(`${line}\n`);
      // Let readline emit the line before waiting for the answer queue.
      await new Promise((resolve) => setImmediate(resolve));
      await bot.console?.idle();
      return printed.slice(before);
    },
    outboxIdle: (timeoutMs) => outboxIdle(db, timeoutMs),
  };
}

/**
 * A row stays pending until its send is recorded (the post's ts on the alert too, in the same
 * transaction), so "no pending row" means nothing is being sent or waits to be (a retry included).
 */
async function outboxIdle(db: Database, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await db.prisma.outboxMessage.findMany({ where: { status: 'pending' }, select: { key: true, attempts: true, lastError: true } });
    if (pending.length === 0) return;
    if (Date.now() > deadline) throw new Error(`outbox not idle after ${timeoutMs} ms, still pending: ${JSON.stringify(pending)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
