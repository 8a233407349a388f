// A channel message the outbox gave up on, sent again by an admin: `/alerts retry N` and the Retry
// button of `/alerts list`, through the real bot over signed HTTP, its own outbox sender posting to
// the fake Slack. Also what the digest and /healthz say about failures.
import { expect, it } from 'vitest';
import { FAILED_MESSAGE_ACTIONS } from '../../src/blocks/action-ids.js';
import { validateBlocks } from '../support/block-kit-limits.js';
import { seed } from '../support/seed.js';
import { useSlackBot } from '../support/slack-bot.js';
import { blockActionPayload, sendBlockAction } from '../support/slack-requests.js';
import { TEST_SIGNING_SECRET } from '../support/test-bot.js';
import { describeEachDatabase } from '../support/test-database.js';

const STOCK = 'C0STOCK001';
const CLERK = 'U0STOCK001';
const ADMIN = 'U0ADMIN001';
/** Far ahead on purpose: the HTTP server refuses Slack requests whose timestamp is ahead of the bot's clock. */
const NOW = '2037-11-28T18:00:00Z';

describeEachDatabase('retrying a failed channel message', (ctx) => {
  const slack = useSlackBot(ctx, { env: { STOCK_CHANNEL: STOCK, STOCK_TEAM: CLERK, ADMIN_USERS: ADMIN }, now: NOW });

  /** A low-stock alert whose post Slack refused (the bot was not allowed in the channel): its failed outbox row. */
  const failedPost = async () => {
    slack.fake.failNext('chat.postMessage', 1, { error: 'channel_not_found' });
    await seed(ctx.db, 'products', [{ sku: 'CAFE-500', name: 'Café torrado 500 g', stock: 0, min_stock: 10 }]);
    await slack.bot.runWatchCycle();
    await slack.bot.outboxIdle();
    expect(await ctx.db.prisma.outboxMessage.count({ where: { status: 'failed' } })).toBe(1);
    expect(slack.fake.messages(STOCK)).toEqual([]);
    return ctx.db.prisma.outboxMessage.findFirstOrThrow({ where: { status: 'failed' } });
  };
  const rowNow = (id: number) => ctx.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
  const audits = () => ctx.db.prisma.auditEvent.findMany({ where: { action: 'alerts.retry' }, orderBy: { id: 'asc' } });
  const health = async () => (await (await fetch(`${slack.bot.baseUrl}/healthz`)).json()) as { outbox: { pending: number; failed: number } };
  /** The alert's message, once the bot's sender has posted it. */
  const delivered = async (key: string) => {
    await slack.bot.outboxIdle();
    expect((await ctx.db.prisma.outboxMessage.findUniqueOrThrow({ where: { key } })).status).toBe('sent');
    const message = slack.fake.messages(STOCK).find((m) => m.metadata?.event_payload.key === key);
    expect(message, `the message ${key} in ${STOCK}`).toBeDefined();
    return message!;
  };
  const click = async (messageId: number, user: string) => {
    const responseUrl = slack.fake.responseUrl();
    const payload = blockActionPayload({ actionId: FAILED_MESSAGE_ACTIONS.retry, value: String(messageId), userId: user, channelId: STOCK, responseUrl });
    const res = await sendBlockAction(slack.bot.baseUrl, TEST_SIGNING_SECRET, payload);
    expect(res.status).toBe(200);
    return (await slack.fake.waitForResponse(responseUrl)).body as { response_type: string; text: string };
  };

  it('lists each failed message with its number; admins get a Retry button next to it', async () => {
    const row = await failedPost();

    const forAdmin = await slack.slash('/alerts', 'list', ADMIN);
    expect(validateBlocks(forAdmin.blocks, 'message')).toEqual([]);
    expect(forAdmin.all).toContain(`*${row.id}* · `);
    const buttons = JSON.stringify(forAdmin.blocks).match(/"action_id":"outbox\.retry","value":"(\d+)"/g);
    expect(buttons).toEqual([`"action_id":"outbox.retry","value":"${row.id}"`]);
    expect(forAdmin.all).toContain('/alerts retry N');

    const forClerk = await slack.slash('/alerts', 'list', CLERK);
    expect(forClerk.all).toContain(`*${row.id}* · `);
    expect(JSON.stringify(forClerk.blocks)).not.toContain(FAILED_MESSAGE_ACTIONS.retry);
  });

  it('an admin sends it again with `/alerts retry N`: delivered, off the failure count, audited', async () => {
    const row = await failedPost();
    expect((await health()).outbox.failed).toBe(1);

    const reply = await slack.slash('/alerts', `retry ${row.id}`, ADMIN);

    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toBe(`Message ${row.id} is queued again for <#${STOCK}>: it goes out in a moment.`);
    const message = await delivered(row.key);
    expect(await rowNow(row.id)).toMatchObject({ status: 'sent', ts: message.ts, lastError: null, attempts: 0, firstFailedAt: null });
    expect(await ctx.db.prisma.alert.findUniqueOrThrow({ where: { id: row.alertId! } })).toMatchObject({ channel: STOCK, messageTs: message.ts });
    expect(slack.fake.messages(STOCK)).toHaveLength(1);
    expect(await audits()).toMatchObject([{ actor: ADMIN, target: `message ${row.id}`, outcome: 'ok', details: { channel: STOCK, error: 'channel_not_found' } }]);
    expect((await health()).outbox).toEqual({ pending: 0, failed: 0 });
  });

  it('refuses anyone but ADMIN_USERS and changes nothing', async () => {
    const row = await failedPost();

    const reply = await slack.slash('/alerts', `retry ${row.id}`, CLERK);

    expect(reply.all).toContain('You are not allowed to change the on-call rotation or retry failed messages');
    expect(reply.all).toContain(`<@${ADMIN}>`);
    expect(await rowNow(row.id)).toEqual(row);
    expect(await audits()).toMatchObject([{ actor: CLERK, outcome: 'refused' }]);
    await slack.bot.drainOutbox();
    expect(slack.fake.messages(STOCK)).toEqual([]);
  });

  it('retries only failed messages, and says why not', async () => {
    const row = await failedPost();
    await slack.slash('/alerts', `retry #${row.id}`, ADMIN);
    await delivered(row.key);

    const again = await slack.slash('/alerts', `retry ${row.id}`, ADMIN);
    expect(again.text).toBe(`Message ${row.id} has not failed: it was sent. Only failed messages can be retried.`);
    const unknown = await slack.slash('/alerts', 'retry 987654', ADMIN);
    expect(unknown.all).toContain('There is no channel message 987654.');
    expect(unknown.all).not.toContain('/alerts retry ID');
    const bad = await slack.slash('/alerts', 'retry CAFE-500', ADMIN);
    expect(bad.all).toContain('must be the number of a failed message');
    expect(await audits()).toHaveLength(1);
    expect(slack.fake.messages(STOCK)).toHaveLength(1);
  });

  it('the Retry button does the same, for admins only', async () => {
    const row = await failedPost();

    const refused = await click(row.id, CLERK);
    expect(refused.text).toContain('You are not allowed to');
    expect(await rowNow(row.id)).toEqual(row);

    const answer = await click(row.id, ADMIN);
    expect(answer).toMatchObject({ response_type: 'ephemeral', text: `Message ${row.id} is queued again for <#${STOCK}>: it goes out in a moment.` });
    await delivered(row.key);
    expect(slack.fake.messages(STOCK)).toHaveLength(1);
    expect((await audits()).map((a) => `${a.actor}:${a.outcome}`)).toEqual([`${CLERK}:refused`, `${ADMIN}:ok`]);
  });

  it('the digest counts failed messages and says how to send them again', async () => {
    const before = await slack.slash('/alerts', 'digest', CLERK);
    expect(before.all).not.toContain('could not be posted');

    await failedPost();
    const digest = await slack.slash('/alerts', 'digest', CLERK);

    expect(validateBlocks(digest.blocks, 'message')).toEqual([]);
    expect(digest.text).toContain('1 channel message could not be posted.');
    expect(digest.all).toContain('`/alerts list` shows it and why; an admin can send it again with `/alerts retry N`.');
  });
});
