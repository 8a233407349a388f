// Two complete bot instances on one PostgreSQL, same schedule, same fake Slack: every alert is
// posted exactly once, and together they never post to a channel faster than once per second.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { databaseFromUrl, type Database } from '../../src/db/database.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { seed } from '../support/seed.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';
import { createServerTestDatabase, describeOnServer, type TestDatabase } from '../support/test-database.js';

const STOCK = 'C0STOCK001';
const FINANCE = 'C0FINANCE1';

describeOnServer('two bot instances on one database', () => {
  let fake: FakeSlack;
  let server: TestDatabase;
  let second: Database;
  const bots: TestBot[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack();
    server = await createServerTestDatabase();
    second = databaseFromUrl(server.url!);
    await seed(server.db, 'products', Array.from({ length: 6 }, (_, i) => ({ sku: `P-${i}`, name: `Produto ${i}`, stock: i, min_stock: 10 })));
    await seed(server.db, 'orders', Array.from({ length: 4 }, (_, i) => ({ number: `PED-${i}`, customer: 'Cliente', total: '100.00', due_date: '2026-10-01', status: 'pending' })));
    const env = { STOCK_CHANNEL: STOCK, FINANCE_CHANNEL: FINANCE, WATCH_CRON: '*/2 * * * * *' };
    // Both start together, both with the cron job and the start-up cycle.
    bots.push(...(await Promise.all([
      startTestBot(server.db, { fake, env, schedule: true, instanceId: 'instance-a' }),
      startTestBot(second, { fake, env, schedule: true, instanceId: 'instance-b' }),
    ])));
  });
  afterAll(async () => {
    await Promise.all(bots.map((b) => b.stop()));
    await second?.close();
    await server?.close();
    await fake?.close();
  });

  it('posts each alert exactly once, at most one message per second per channel', async () => {
    await fake.waitUntil(() => fake.messages(STOCK).length >= 6 && fake.messages(FINANCE).length >= 4, 30_000, () => `10 alert posts; got ${fake.messages(STOCK).length} + ${fake.messages(FINANCE).length}`);
    // Several more ticks go by on both instances: nothing is posted again.
    await new Promise((resolve) => setTimeout(resolve, 5_000));

    for (const channel of [STOCK, FINANCE]) {
      const messages = fake.messages(channel);
      const keys = messages.map((m) => String(m.metadata?.event_payload.key));
      expect(new Set(keys).size).toBe(keys.length);
      const times = fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel).map((c) => c.at.getTime());
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(950);
    }
    expect(fake.messages(STOCK)).toHaveLength(6);
    expect(fake.messages(FINANCE)).toHaveLength(4);
    const alerts = await server.db.prisma.alert.findMany();
    expect(alerts).toHaveLength(10);
    expect(alerts.every((a) => a.messageTs)).toBe(true);
  }, 60_000);
});
