// Two bot instances on one PostgreSQL: each message is posted once, and together they keep each
// channel's pace (shortened here from the real 1 s; outbox-sender.test.ts checks that default).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { databaseFromUrl, type Database } from '../../src/db/database.js';
import { createOutboxSender, type OutboxSender } from '../../src/notify/outbox/poller.js';
import { createSlackTransport } from '../../src/notify/slack-transport.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { createServerTestDatabase, describeOnServer, type TestDatabase } from '../support/test-database.js';
import { TOKEN, captureLogger, enqueue, keyOf, post, postGaps } from './notify-helpers.js';

const STOCK = 'C0STOCK001';
const FINANCE = 'C0FINANCE1';
/** Short, but well above a send's own latency: without the shared pace two instances would post closer. */
const PACE_MS = 100;

describeOnServer('outbox sender on two instances', () => {
  let server: TestDatabase;
  let fake: FakeSlack;
  const instances: Database[] = [];
  const senders: OutboxSender[] = [];

  beforeAll(async () => {
    server = await createServerTestDatabase();
    fake = await startFakeSlack({ tokens: [TOKEN] });
  });

  afterAll(async () => {
    await Promise.all(senders.map((sender) => sender.stop()));
    await Promise.all(instances.map((db) => db.close()));
    await fake?.close();
    await server?.close();
  });

  it('posts every message exactly once and keeps each channel to one message per paceMs', async () => {
    const { logger } = captureLogger('warn');
    for (const instanceId of ['instance-a', 'instance-b']) {
      const db = databaseFromUrl(server.url!);
      instances.push(db);
      const transport = createSlackTransport({ token: TOKEN, apiUrl: fake.apiUrl, logger, timeoutMs: 2_000 });
      senders.push(createOutboxSender({ db, transport, logger, instanceId, options: { pollMs: 50, retryBaseMs: 20, paceMs: PACE_MS } }));
    }
    const keys = (prefix: string) => Array.from({ length: 10 }, (_, i) => `${prefix}:${i + 1}`);
    await enqueue(server.db, ...keys('stock').map((key) => post(key, STOCK)), ...keys('fin').map((key) => post(key, FINANCE)));

    for (const sender of senders) sender.start();
    await fake.waitUntil(() => fake.messages(STOCK).length + fake.messages(FINANCE).length >= 20, 20_000, () => 'all 20 messages');
    await Promise.all(senders.map((sender) => sender.stop()));

    expect(fake.callsTo('chat.postMessage')).toHaveLength(20);
    expect(fake.messages(STOCK).map(keyOf)).toEqual(keys('stock'));
    expect(fake.messages(FINANCE).map(keyOf)).toEqual(keys('fin'));
    for (const channel of [STOCK, FINANCE]) {
      const gaps = postGaps(fake, channel);
      expect(gaps).toHaveLength(9);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(PACE_MS * 0.95);
    }
    const rows = await server.db.prisma.outboxMessage.groupBy({ by: ['status'], _count: true });
    expect(rows).toEqual([{ status: 'sent', _count: 20 }]);
  });
});
