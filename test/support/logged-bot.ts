// The real bot in HTTP mode against a fake Slack, like startTestBot, but with its log lines kept
// (parsed) for the test to read, and the start-up retry of Slack under the test's control.
import { Writable } from 'node:stream';
import { startBot, type RunningBot } from '../../src/app/start-bot.js';
import type { Database } from '../../src/db/database.js';
import { createLogger } from '../../src/lib/logger.js';
import type { SlackRetryOptions } from '../../src/slack/connect-slack.js';
import { FakeClock } from './fake-clock.js';
import { TEST_BOT_TOKEN, TEST_SIGNING_SECRET } from './test-bot.js';
import { testConfig } from './test-deps.js';

export interface LoggedBot extends RunningBot {
  baseUrl: string;
  /** every log line so far, parsed */
  logs: Record<string, unknown>[];
}

export interface LoggedBotOptions {
  /** Web API base URL (a fake Slack's apiUrl, or a closed port) */
  apiUrl: string;
  env?: Record<string, string>;
  level?: 'debug' | 'info';
  instanceId?: string;
  slackRetry?: SlackRetryOptions;
  clock?: FakeClock;
}

export async function startLoggedBot(db: Database, options: LoggedBotOptions): Promise<LoggedBot> {
  const config = testConfig({
    PORT: '0',
    LOG_LEVEL: options.level ?? 'info',
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: options.apiUrl,
    ...options.env,
  });
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const bot = await startBot({
    config,
    logger: createLogger({ level: config.logLevel, destination: sink }),
    clock: options.clock ?? new FakeClock(new Date()),
    db,
    schedule: false,
    instanceId: options.instanceId,
    sender: { retryBaseMs: 20 },
    slackRetry: options.slackRetry,
  });
  return { ...bot, baseUrl: `http://127.0.0.1:${bot.port}`, logs };
}

/** How many log lines carry this message. */
export function countLogs(bot: LoggedBot, msg: string): number {
  return bot.logs.filter((l) => l.msg === msg).length;
}
