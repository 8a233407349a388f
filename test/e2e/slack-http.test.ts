// The real Bolt app over real HTTP with real request signatures, talking to the fake Slack.
import { beforeEach, expect, it } from 'vitest';
import { useSlackBot } from '../support/slack-bot.js';
import { sendSlashCommand } from '../support/slack-requests.js';
import { TEST_SIGNING_SECRET } from '../support/test-bot.js';
import { seedCoffeeAndRice } from '../support/seed.js';
import { describeEachDatabase } from '../support/test-database.js';

describeEachDatabase('Slack HTTP mode end to end', (ctx) => {
  const slack = useSlackBot(ctx, { clock: false });

  beforeEach(async () => {
    await seedCoffeeAndRice(ctx.db);
  });

  it('answers a signed /stock list in the acknowledgement', async () => {
    const res = await sendSlashCommand(slack.bot.baseUrl, TEST_SIGNING_SECRET, { command: '/stock', text: 'list low', user_id: 'U0CLERK01' });
    expect(res.status).toBe(200);
    const body = res.json as { response_type: string; text: string; blocks: { type: string; text?: { text: string } }[] };
    expect(body.response_type).toBe('ephemeral');
    const text = JSON.stringify(body.blocks);
    expect(text).toContain('CAFE-500');
    expect(text).not.toContain('ARROZ-5KG');
  });

  it('answers bad input with the problem and the usage, writing nothing', async () => {
    const res = await sendSlashCommand(slack.bot.baseUrl, TEST_SIGNING_SECRET, { command: '/stock', text: 'restock CAFE-500 dez', user_id: 'U0CLERK01' });
    expect(res.status).toBe(200);
    const body = res.json as { text: string };
    expect(body.text).toContain('QTY `dez`');
    expect(body.text).toContain('/stock restock SKU QTY [note]');
    expect(await ctx.db.prisma.stockMovement.count({ where: { reason: 'restock' } })).toBe(0);
  });

  it('refuses a bad signature, and a request from the future, with 401 and no effect', async () => {
    const bad = await sendSlashCommand(slack.bot.baseUrl, TEST_SIGNING_SECRET, { command: '/stock', text: 'restock CAFE-500 5' }, { badSignature: true });
    expect(bad.status).toBe(401);
    const old = await sendSlashCommand(slack.bot.baseUrl, TEST_SIGNING_SECRET, { command: '/stock', text: 'restock CAFE-500 5' }, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(old.status).toBe(401);
    const future = await sendSlashCommand(slack.bot.baseUrl, TEST_SIGNING_SECRET, { command: '/stock', text: 'restock CAFE-500 5' }, { timestamp: Math.floor(Date.now() / 1000) + 10 * 60 });
    expect(future.status).toBe(401);
    const product = await ctx.db.prisma.product.findUniqueOrThrow({ where: { skuKey: 'cafe-500' } });
    expect(product.stock).toBe(3);
  });

  it('serves /healthz in HTTP mode', async () => {
    const res = await fetch(`${slack.bot.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', db: 'ok', mode: 'http', outbox: { pending: 0, failed: 0 }, slack: 'ok' });
  });
});
