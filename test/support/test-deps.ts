import { Writable } from 'node:stream';
import { parseConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import type { Deps } from '../../src/domain/deps.js';
import { EMPTY_DIRECTORY, type Directory } from '../../src/domain/permissions/directory.js';
import { createI18n } from '../../src/i18n/index.js';
import { createLogger } from '../../src/lib/logger.js';
import { OutboxSignal } from '../../src/notify/enqueue.js';
import { createOutboxNotifier } from '../../src/notify/outbox-notifier.js';
import { FakeClock } from './fake-clock.js';

export interface TestDeps extends Deps {
  readonly clock: FakeClock;
  /** notified after each transaction that queued outbox messages */
  readonly signal: OutboxSignal;
  /** every log line written, parsed */
  readonly logs: Record<string, unknown>[];
}

/**
 * Config from an env-style object (defaults otherwise), as the bot would parse it — in English
 * unless `env` chooses BOT_LOCALE: tests assert English texts (the bot's default is pt-BR).
 */
export function testConfig(env: Record<string, string> = {}): Config {
  return parseConfig({ BOT_TIMEZONE: 'America/Sao_Paulo', LOG_LEVEL: 'debug', BOT_LOCALE: 'en', ...env });
}

export function makeTestDeps(db: Database, options: { env?: Record<string, string>; clock?: FakeClock; directory?: Directory } = {}): TestDeps {
  const config = testConfig(options.env);
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const i18n = createI18n(config.locale, config.timezone);
  const signal = new OutboxSignal();
  return {
    config,
    db,
    clock: options.clock ?? new FakeClock(),
    logger: createLogger({ level: config.logLevel, destination: sink }),
    i18n,
    directory: options.directory ?? EMPTY_DIRECTORY,
    notifier: createOutboxNotifier({ i18n, remindAfterMs: config.remindAfterMs, signal }),
    signal,
    logs,
  };
}
