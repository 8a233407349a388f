// An ingest API import is followed at once by the watcher that reads its rows (README.md, "Ingest
// API"): the alert reaches Slack without a WATCH_CRON tick (schedule off here) and without a cycle
// run by hand, and a burst of imports costs at most two cycles of that kind.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';
import { describeEachDatabase } from '../support/test-database.js';

const TOKEN = 'a-long-test-token-123456';
const STOCK = 'C0STOCK001';

/** The settle wait of a triggered cycle, counted, and held shut until opened. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const state = { calls: 0, open, sleep: () => (state.calls++, opened) };
  return state;
}

async function importProducts(bot: TestBot, rows: object[]): Promise<void> {
  const res = await fetch(`${bot.baseUrl}/api/v1/products`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(rows),
  });
  expect(res.status).toBe(200);
}

describeEachDatabase('ingest API import to alert', (ctx) => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack();
  });
  afterAll(async () => {
    await fake.close();
  });
  const start = (sleep: () => Promise<void>) =>
    startTestBot(ctx.db, { fake, env: { INGEST_API_TOKEN: TOKEN, STOCK_CHANNEL: STOCK }, changeWatch: { sleep } });

  it('posts the alert of a product imported at zero stock, with no cycle run by hand', async () => {
    const bot = await start(() => Promise.resolve());
    try {
      await importProducts(bot, [{ sku: 'ZERO-1', name: 'Café 500 g', stock: 0, min_stock: 10 }]);
      const message = await fake.waitUntil(
        () => fake.messages(STOCK).find((m) => JSON.stringify(m).includes('ZERO-1')),
        10_000,
        () => 'the low-stock alert of ZERO-1 at the fake Slack',
      );
      expect(message.thread_ts).toBeUndefined();
    } finally {
      await bot.stop();
    }
  });

  it('runs at most two cycles of the kind for a burst of 20 imports', async () => {
    const settle = gate();
    const bot = await start(settle.sleep);
    try {
      // The first import's cycle waits in its settle while the other 19 arrive.
      for (let i = 1; i <= 20; i++) await importProducts(bot, [{ sku: `BURST-${i}`, name: `Item ${i}`, stock: 0, min_stock: 10 }]);
      expect(settle.calls).toBe(1);
      settle.open();
    } finally {
      await bot.stop(); // waits for the triggered cycles
    }
    expect(settle.calls).toBe(2);
    // The first cycle already saw the whole burst.
    expect(await ctx.db.prisma.alert.count({ where: { kind: 'low_stock', status: { not: 'resolved' } } })).toBe(20);
  });
});
