// The fixture of the watch-cycle tests: one fake Slack for the file (reset before each test) and an
// outbox sender to it without pacing, so a test runs a cycle and then sends what it queued.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Database } from '../../src/db/database.js';
import type { Logger } from '../../src/lib/logger.js';
import { createOutboxSender, type OutboxSender } from '../../src/notify/outbox/poller.js';
import { createSlackTransport } from '../../src/notify/slack-transport.js';
import { startFakeSlack, type FakeSlack } from './fake-slack.js';

export interface WatchToFakeSlack {
  /** the file's fake Slack (set once beforeAll has run) */
  readonly fake: FakeSlack;
  /** a sender from `db` to the fake Slack: `await sender.drainOnce()` sends everything queued */
  senderFor(db: Database, logger: Logger): OutboxSender;
}

export function useWatchToFakeSlack(): WatchToFakeSlack {
  let fake: FakeSlack | undefined;
  beforeAll(async () => {
    fake = await startFakeSlack();
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(() => {
    fake?.reset();
  });
  return {
    get fake() {
      if (!fake) throw new Error('the fake Slack starts in beforeAll');
      return fake;
    },
    senderFor(db, logger) {
      const transport = createSlackTransport({ token: 'xoxb-test-token', apiUrl: this.fake.apiUrl, logger, timeoutMs: 2_000 });
      return createOutboxSender({ db, transport, logger, instanceId: 'test', options: { paceMs: 0, retryBaseMs: 10 } });
    },
  };
}
