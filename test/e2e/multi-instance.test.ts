// Two complete bot instances on one PostgreSQL, same schedule, same fake Slack: every alert is
// posted exactly once, and together they never post to a channel faster than the pace (shortened
// here from the real 1 s).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { databaseFromUrl, type Database } from '../../src/db/database.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { seed } from '../support/seed.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';
import { createServerTestDatabase, describeOnServer, type TestDatabase } from '../support/test-database.js';

const STOCK = 'C0STOCK001';
const FINANCE = 'C0FINANCE1';
const PACE_MS = 100;

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
      startTestBot(server.db, { fake, env, schedule: true, instanceId: 'instance-a', sender: { paceMs: PACE_MS } }),
      startTestBot(second, { fake, env, schedule: true, instanceId: 'instance-b', sender: { paceMs: PACE_MS } }),
    ])));
  });
  afterAll(async () => {
    await Promise.all(bots.map((b) => b.stop()));
    await second?.close();
    await server?.close();
    await fake?.close();
  });

  it('posts each alert exactly once, at most one message per pace per channel', async () => {
    await fake.waitUntil(() => fake.messages(STOCK).length >= 6 && fake.messages(FINANCE).length >= 4, 20_000, () => `10 alert posts; got ${fake.messages(STOCK).length} + ${fake.messages(FINANCE).length}`);
    // Two more cycles, each tried on both instances at once as their cron ticks would (a try finding
    // the job running on a tick is tried again): nothing is posted again.
    for (let cycles = 0; cycles < 2; ) {
      if ((await Promise.all(bots.map((bot) => bot.runWatchCycle()))).includes(true)) cycles += 1;
    }
    await bots[0]!.outboxIdle();

    for (const channel of [STOCK, FINANCE]) {
      const messages = fake.messages(channel);
      const keys = messages.map((m) => String(m.metadata?.event_payload.key));
      expect(new Set(keys).size).toBe(keys.length);
      const times = fake.callsTo('chat.postMessage').filter((c) => c.body.channel === channel).map((c) => c.at.getTime());
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(PACE_MS * 0.95);
    }
    expect(fake.messages(STOCK)).toHaveLength(6);
    expect(fake.messages(FINANCE)).toHaveLength(4);
    const alerts = await server.db.prisma.alert.findMany();
    expect(alerts).toHaveLength(10);
    expect(alerts.every((a) => a.messageTs)).toBe(true);
  });
});
