// Replayed Slack requests (issue 7, items 3 and 6): the same signed request sent again within the
// five minutes its signature is accepted is acknowledged with an empty 200 and never run again —
// slash commands, buttons and modal submissions, on one instance or across two sharing PostgreSQL.
// Also the edges of POST /slack/events: bad signatures, other methods, oversized bodies.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { ALERT_ACTIONS } from '../../src/blocks/action-ids.js';
import { databaseFromUrl, type Database } from '../../src/db/database.js';
import { createRequestReceipts } from '../../src/db/request-receipts.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { countLogs, startLoggedBot, type LoggedBot } from '../support/logged-bot.js';
import { seed } from '../support/seed.js';
import {
  blockActionPayload,
  postSigned,
  sendBlockAction,
  sendViewSubmission,
  signBody,
  slashCommandBody,
  viewSubmissionPayload,
  type SlackHttpResponse,
} from '../support/slack-requests.js';
import { TEST_SIGNING_SECRET } from '../support/test-bot.js';
import { createServerTestDatabase, describeEachDatabase, describeOnServer, type TestDatabase } from '../support/test-database.js';

const STOCK = 'C0STOCK001';
const CLERK = 'U0STOCK001';
const FORM = 'application/x-www-form-urlencoded';
const REPLAY_LOG = 'ignored a replayed Slack request';

const nowSeconds = () => Math.floor(Date.now() / 1000);
const slashBody = (fake: FakeSlack, text: string) =>
  new URLSearchParams(slashCommandBody({ command: '/stock', text, user_id: CLERK, channel_id: STOCK, response_url: fake.responseUrl() })).toString();
const stockOf = async (db: Database, sku = 'SKU-1') => (await db.prisma.product.findUniqueOrThrow({ where: { skuKey: sku.toLowerCase() } })).stock;
const restocks = (db: Database) => db.prisma.stockMovement.count({ where: { reason: 'restock' } });
const receipts = async (db: Database) => Number((await db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM slack_request_receipts`)[0]!.n);

function expectEmptyAck(res: SlackHttpResponse): void {
  expect(res.status).toBe(200);
  expect(res.body).toBe('');
}

describeEachDatabase('replayed Slack requests', (ctx) => {
  let fake: FakeSlack;
  let bot: LoggedBot;

  beforeAll(async () => {
    fake = await startFakeSlack();
    bot = await startLoggedBot(ctx.db, { apiUrl: fake.apiUrl, env: { STOCK_CHANNEL: STOCK } });
  });
  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
  });
  beforeEach(async () => {
    fake.reset();
    bot.logs.length = 0;
    // Below its minimum: a low-stock alert, and a restock of 1 leaves it open (so a repeat would act again).
    await seed(ctx.db, 'products', [{ sku: 'SKU-1', name: 'Café torrado 500 g', stock: 2, min_stock: 10 }]);
  });

  it('runs a slash command once however often it is sent; the copies get an empty 200', async () => {
    const raw = slashBody(fake, 'restock SKU-1 1');
    const timestamp = nowSeconds();
    const first = await postSigned(bot.baseUrl, TEST_SIGNING_SECRET, raw, FORM, { timestamp });
    expect(first.status).toBe(200);
    expect(JSON.stringify(first.json)).toContain('SKU-1');
    for (let i = 0; i < 2; i++) expectEmptyAck(await postSigned(bot.baseUrl, TEST_SIGNING_SECRET, raw, FORM, { timestamp }));

    expect(countLogs(bot, REPLAY_LOG)).toBe(2);
    expect(await stockOf(ctx.db)).toBe(3);
    expect(await restocks(ctx.db)).toBe(1);
    expect(await receipts(ctx.db)).toBe(1);

    // The same words typed again are a new request (new signature): they run.
    const again = await postSigned(bot.baseUrl, TEST_SIGNING_SECRET, slashBody(fake, 'restock SKU-1 1'), FORM, { timestamp: timestamp + 1 });
    expect(JSON.stringify(again.json)).toContain('SKU-1');
    expect(await stockOf(ctx.db)).toBe(4);
    expect(await restocks(ctx.db)).toBe(2);
  });

  it('runs a button click and a modal submission once each', async () => {
    expect(await bot.runWatchCycle()).toBe(true);
    const alert = await ctx.db.prisma.alert.findFirstOrThrow({ where: { subject: 'SKU-1' } });

    // Restock on the alert opens its modal: three identical clicks, one modal.
    const click = blockActionPayload({ actionId: ALERT_ACTIONS.restock, value: `${alert.id}:${alert.version}`, userId: CLERK, channelId: STOCK, responseUrl: fake.responseUrl() });
    const clickedAt = nowSeconds();
    for (let i = 0; i < 3; i++) expectEmptyAck(await sendBlockAction(bot.baseUrl, TEST_SIGNING_SECRET, click, { timestamp: clickedAt }));
    const [opened] = await fake.waitForCalls('views.open', 1);
    expect(countLogs(bot, REPLAY_LOG)).toBe(2);
    expect(fake.callsTo('views.open')).toHaveLength(1);

    // Its submission, three times: one restock.
    const view = opened!.body.view as { callback_id: string; private_metadata: string };
    const submission = viewSubmissionPayload({
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      userId: CLERK,
      values: { restock_quantity: { quantity: { type: 'number_input', value: '1' } }, restock_note: { note: { type: 'plain_text_input', value: null } } },
    });
    const submittedAt = nowSeconds();
    for (let i = 0; i < 3; i++) expectEmptyAck(await sendViewSubmission(bot.baseUrl, TEST_SIGNING_SECRET, submission, { timestamp: submittedAt }));
    await fake.waitUntil(() => fake.ephemerals(STOCK).length > 0, 5_000, () => 'no confirmation of the restock');
    expect(countLogs(bot, REPLAY_LOG)).toBe(4);
    expect(await stockOf(ctx.db)).toBe(3);
    expect(await restocks(ctx.db)).toBe(1);
    expect(fake.ephemerals(STOCK)).toHaveLength(1);
  });

  it('refuses a bad signature with 401 and keeps no receipt, so it cannot block the real request', async () => {
    const raw = slashBody(fake, 'restock SKU-1 1');
    const timestamp = nowSeconds();
    // The real request's signature on a tampered body, sent first.
    const tampered = await fetch(`${bot.baseUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': FORM, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signBody(TEST_SIGNING_SECRET, raw, timestamp) },
      body: raw.replace('restock', 'set'),
    });
    expect(tampered.status).toBe(401);
    expect((await postSigned(bot.baseUrl, TEST_SIGNING_SECRET, raw, FORM, { timestamp, badSignature: true })).status).toBe(401);
    expect(await receipts(ctx.db)).toBe(0);

    const real = await postSigned(bot.baseUrl, TEST_SIGNING_SECRET, raw, FORM, { timestamp });
    expect(JSON.stringify(real.json)).toContain('SKU-1');
    expect(await stockOf(ctx.db)).toBe(3);
  });

  it('answers GET with 405 naming POST, without an error in the log', async () => {
    const res = await fetch(`${bot.baseUrl}/slack/events`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(bot.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });

  it('refuses a signed body over 1 MiB with 413 and runs nothing', async () => {
    const raw = `${slashBody(fake, 'restock SKU-1 1')}&padding=${'x'.repeat(1_100_000)}`;
    const res = await postSigned(bot.baseUrl, TEST_SIGNING_SECRET, raw, FORM);
    expect(res.status).toBe(413);
    expect(await stockOf(ctx.db)).toBe(2);
    expect(await receipts(ctx.db)).toBe(0);
  });

  it('forgets receipts once their signatures have expired', async () => {
    const store = createRequestReceipts(ctx.db);
    const t0 = new Date('2037-01-01T12:00:00Z');
    expect(await store.claim('old', new Date(t0.getTime() + 10 * 60_000), t0)).toBe(true);
    expect(await store.claim('old', new Date(t0.getTime() + 10 * 60_000), t0)).toBe(false);
    // Eleven minutes on, the next claim clears it away, beside the request (which does not wait for it).
    const later = new Date(t0.getTime() + 11 * 60_000);
    expect(await store.claim('new', new Date(later.getTime() + 10 * 60_000), later)).toBe(true);
    await expect.poll(() => ctx.db.prisma.$queryRaw<{ key: string }[]>`SELECT key FROM slack_request_receipts ORDER BY key`, { timeout: 5_000 }).toEqual([{ key: 'new' }]);
  });

  it('claims requests that arrive together once each, the first copy of a request claiming it', async () => {
    const store = createRequestReceipts(ctx.db);
    const expiresAt = new Date(Date.now() + 10 * 60_000);
    expect(await store.claim('before', expiresAt, new Date())).toBe(true);
    // Claimed in one turn of the event loop, so sent as one statement; 'before' is a replay.
    const keys = ['a', 'b', 'a', 'before', 'c', 'b', 'a'];
    const claimed = await Promise.all(keys.map((key) => store.claim(key, expiresAt, new Date())));
    expect(claimed).toEqual([true, true, false, false, true, false, false]);
    expect(await receipts(ctx.db)).toBe(4);
  });
});

describeOnServer('a replay sent to another instance on the same PostgreSQL', () => {
  let server: TestDatabase;
  let second: Database;
  let fake: FakeSlack;
  const bots: LoggedBot[] = [];

  beforeAll(async () => {
    server = await createServerTestDatabase();
    second = databaseFromUrl(server.url!);
    fake = await startFakeSlack();
    bots.push(
      await startLoggedBot(server.db, { apiUrl: fake.apiUrl, instanceId: 'instance-a' }),
      await startLoggedBot(second, { apiUrl: fake.apiUrl, instanceId: 'instance-b' }),
    );
  });
  afterAll(async () => {
    await Promise.all(bots.map((b) => b.stop()));
    await second?.close();
    await server?.close();
    await fake?.close();
  });

  it('runs once: the other instance answers the copy with an empty 200', async () => {
    await seed(server.db, 'products', [{ sku: 'SKU-1', name: 'Café torrado 500 g', stock: 2, min_stock: 10 }]);
    const raw = slashBody(fake, 'restock SKU-1 1');
    const timestamp = nowSeconds();
    // Both at once, then each once more.
    const [a, b] = await Promise.all(bots.map((bot) => postSigned(bot.baseUrl, TEST_SIGNING_SECRET, raw, FORM, { timestamp })));
    expect([a!.body === '', b!.body === ''].sort()).toEqual([false, true]);
    for (const bot of bots) expectEmptyAck(await postSigned(bot.baseUrl, TEST_SIGNING_SECRET, raw, FORM, { timestamp }));

    expect(countLogs(bots[0]!, REPLAY_LOG) + countLogs(bots[1]!, REPLAY_LOG)).toBe(3);
    expect(await stockOf(server.db)).toBe(3);
    expect(await restocks(server.db)).toBe(1);
  });
});
