import { WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { OutboxSignal, enqueueMessages } from '../../src/notify/enqueue.js';
import { OUTBOX_EVENT_TYPE } from '../../src/notify/message-transport.js';
import { outboxLeaseName, type OutboxSenderOptions } from '../../src/notify/outbox/context.js';
import { createOutboxSender, type OutboxSender } from '../../src/notify/outbox/poller.js';
import { createSlackTransport, type SlackTransportOptions } from '../../src/notify/slack-transport.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { createPgliteTestDatabase, describeEachDatabase } from '../support/test-database.js';
import {
  TOKEN,
  captureLogger,
  enqueue,
  insertAlert,
  insertGroup,
  keyOf,
  outboxRow,
  payload,
  post,
  postGaps,
  postsWithKey,
  reply,
  update,
} from './notify-helpers.js';

const STOCK = 'C0STOCK001';
const FINANCE = 'C0FINANCE1';
/** Pacing measured in real time, where channels run in parallel: short, but well above a send's own latency. */
const PACE_MS = 100;

/**
 * How far the skewed clock is ahead of real time. Senders given `skewed` wait by moving it on
 * instead of sleeping; the fake Slack stamps calls with it, so their gaps show the waits. Only for
 * one sender at a time on one channel: parallel waits would add up.
 */
let skew = 0;
const skewed: Pick<OutboxSenderOptions, 'now' | 'sleep'> = {
  now: () => Date.now() + skew,
  sleep: async (ms) => {
    skew += ms;
  },
};

let fake: FakeSlack;

beforeAll(async () => {
  fake = await startFakeSlack({ tokens: [TOKEN], now: () => Date.now() + skew });
});

afterAll(async () => {
  await fake.close();
});

describeEachDatabase('outbox sender', (ctx) => {
  const senders: OutboxSender[] = [];
  let log: ReturnType<typeof captureLogger>;

  beforeEach(() => {
    fake.reset();
    log = captureLogger();
    skew = 0;
  });

  afterEach(async () => {
    await Promise.all(senders.splice(0).map((sender) => sender.stop()));
  });

  /** Fast defaults; pacing stays at its real value (1 s) unless a test says otherwise. */
  function makeSender(
    options: OutboxSenderOptions = {},
    transportOptions: Partial<SlackTransportOptions> = {},
    extra: { db?: Database; instanceId?: string; signal?: OutboxSignal } = {},
  ): OutboxSender {
    const transport = createSlackTransport({ token: TOKEN, apiUrl: fake.apiUrl, logger: log.logger, timeoutMs: 2_000, ...transportOptions });
    const sender = createOutboxSender({
      db: extra.db ?? ctx.db,
      transport,
      logger: log.logger,
      instanceId: extra.instanceId ?? 'test-instance',
      ...(extra.signal ? { signal: extra.signal } : {}),
      options: { retryBaseMs: 20, pollMs: 100, ...options },
    });
    senders.push(sender);
    return sender;
  }

  it('posts each channel in id order and stores the ts on the row, the alert and the group', async () => {
    const alertId = await insertAlert(ctx.db);
    const groupId = await insertGroup(ctx.db, STOCK);
    // Keys sort differently from ids: the order must come from the ids.
    await enqueue(ctx.db, post('z-first', STOCK, { alertId }), post('m-fin', FINANCE));
    await enqueue(ctx.db, post('a-second', STOCK), post('k-third', STOCK, { groupId }));

    const handled = await makeSender({ paceMs: 20 }).drainOnce();

    expect(handled).toBe(4);
    expect(fake.messages(STOCK).map(keyOf)).toEqual(['z-first', 'a-second', 'k-third']);
    expect(fake.messages(FINANCE).map(keyOf)).toEqual(['m-fin']);
    const stockCalls = fake.callsTo('chat.postMessage').filter((c) => c.body.channel === STOCK);
    expect(stockCalls.map((c) => c.body.text)).toEqual(['message z-first', 'message a-second', 'message k-third']);

    for (const key of ['z-first', 'a-second', 'k-third']) {
      const row = await outboxRow(ctx.db, key);
      const stored = fake.messages(STOCK).find((m) => keyOf(m) === key);
      expect(row).toMatchObject({ status: 'sent', ts: stored?.ts, inFlightSince: null, attempts: 0, firstFailedAt: null });
      expect(row.sentAt).toBeInstanceOf(Date);
    }
    const first = await outboxRow(ctx.db, 'z-first');
    const third = await outboxRow(ctx.db, 'k-third');
    expect(await ctx.db.prisma.alert.findUnique({ where: { id: alertId } })).toMatchObject({ channel: STOCK, messageTs: first.ts });
    expect(await ctx.db.prisma.alertGroup.findUnique({ where: { id: groupId } })).toMatchObject({ messageTs: third.ts });
  });

  it('sends every post with its outbox key in the message metadata', async () => {
    await enqueue(ctx.db, post('alert:1:post', STOCK), reply('alert:1:note', STOCK, 'alert:1:post'), post('alert:2:post', FINANCE));

    await makeSender({ paceMs: 20 }).drainOnce();

    const calls = fake.callsTo('chat.postMessage');
    expect(calls).toHaveLength(3);
    for (const call of calls) {
      expect(call.body.metadata).toEqual({ event_type: OUTBOX_EVENT_TYPE, event_payload: { key: expect.any(String) } });
      expect(call.body.unfurl_links).toBe('false');
    }
    expect(calls.map((c) => (c.body.metadata as { event_payload: { key: string } }).event_payload.key).sort()).toEqual([
      'alert:1:note',
      'alert:1:post',
      'alert:2:post',
    ]);
    expect(fake.messages(STOCK).map((m) => m.metadata)).toEqual([
      { event_type: OUTBOX_EVENT_TYPE, event_payload: { key: 'alert:1:post' } },
      { event_type: OUTBOX_EVENT_TYPE, event_payload: { key: 'alert:1:note' } },
    ]);
  });

  it("updates the target's message; of a burst of updates only the newest is sent", async () => {
    await enqueue(ctx.db, post('alert:1', STOCK));
    const sender = makeSender({ paceMs: 20 });
    await sender.drainOnce();
    const target = await outboxRow(ctx.db, 'alert:1');

    await enqueue(ctx.db, ...[1, 2, 3, 4, 5].map((n) => update(`alert:1:v${n}`, STOCK, 'alert:1', `version ${n}`)));
    await sender.drainOnce();

    const updates = fake.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.body).toMatchObject({ channel: STOCK, ts: target.ts, text: 'version 5' });
    expect(fake.messages(STOCK)).toHaveLength(1);
    expect(fake.messages(STOCK)[0]).toMatchObject({ ts: target.ts, text: 'version 5', updates: 1 });
    const statuses = await ctx.db.prisma.outboxMessage.findMany({ where: { op: 'update' }, orderBy: { id: 'asc' }, select: { key: true, status: true, ts: true } });
    expect(statuses).toEqual([
      { key: 'alert:1:v1', status: 'superseded', ts: null },
      { key: 'alert:1:v2', status: 'superseded', ts: null },
      { key: 'alert:1:v3', status: 'superseded', ts: null },
      { key: 'alert:1:v4', status: 'superseded', ts: null },
      { key: 'alert:1:v5', status: 'sent', ts: target.ts },
    ]);
  });

  it("threads a reply under its parent's ts", async () => {
    await enqueue(ctx.db, post('group:1', STOCK), reply('group:1:list', STOCK, 'group:1'));

    await makeSender({ paceMs: 20 }).drainOnce();

    const parent = await outboxRow(ctx.db, 'group:1');
    const child = await outboxRow(ctx.db, 'group:1:list');
    expect(parent.ts).toBeTruthy();
    expect(postsWithKey(fake, 'group:1:list')[0]?.body.thread_ts).toBe(parent.ts);
    const stored = fake.messages(STOCK).find((m) => keyOf(m) === 'group:1:list');
    expect(stored).toMatchObject({ thread_ts: parent.ts, ts: child.ts });
    expect(child.status).toBe('sent');
  });

  it('posts a reply top-level when its parent failed, rather than losing it', async () => {
    const tooManyBlocks = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
    await enqueue(ctx.db, { ...post('group:1', STOCK), payload: payload('broken', tooManyBlocks) }, reply('group:1:list', STOCK, 'group:1'));

    await makeSender({ paceMs: 20 }).drainOnce();

    expect((await outboxRow(ctx.db, 'group:1')).status).toBe('failed');
    expect(await outboxRow(ctx.db, 'group:1:list')).toMatchObject({ status: 'sent' });
    const stored = fake.messages(STOCK).find((m) => keyOf(m) === 'group:1:list');
    expect(stored).toBeDefined();
    expect(stored?.thread_ts).toBeUndefined();
  });

  it('honours a 429 Retry-After and delivers the message once', async () => {
    fake.failNext('chat.postMessage', 1, { status: 429, retryAfter: 1 });
    await enqueue(ctx.db, post('alert:1', STOCK));

    await makeSender(skewed).drainOnce();

    const calls = fake.callsTo('chat.postMessage');
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at.getTime() - calls[0]!.at.getTime()).toBeGreaterThanOrEqual(1_000);
    expect(fake.messages(STOCK)).toHaveLength(1);
    expect(await outboxRow(ctx.db, 'alert:1')).toMatchObject({ status: 'sent', ts: fake.messages(STOCK)[0]?.ts });
  });

  it('retries 5xx answers with backoff and delivers exactly once', async () => {
    fake.failNext('chat.postMessage', 5, { status: 500 });
    await enqueue(ctx.db, post('alert:1', STOCK));

    await makeSender({ paceMs: 20, ...skewed }).drainOnce();

    expect(fake.callsTo('chat.postMessage')).toHaveLength(6);
    expect(fake.messages(STOCK)).toHaveLength(1);
    // attempts counts the transient failures (the lookups before re-posting found nothing).
    expect(await outboxRow(ctx.db, 'alert:1')).toMatchObject({ status: 'sent', attempts: 5, ts: fake.messages(STOCK)[0]?.ts, lastError: null });
  });

  it('adopts a post that timed out in the client but landed, instead of posting again', async () => {
    fake.failNext('chat.postMessage', 1, { delayMs: 1_500 });
    await enqueue(ctx.db, post('alert:1', STOCK));

    await makeSender({ paceMs: 20 }, { timeoutMs: 300 }).drainOnce();

    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(fake.callsTo('conversations.history').length).toBeGreaterThanOrEqual(1);
    expect(fake.messages(STOCK)).toHaveLength(1);
    expect(await outboxRow(ctx.db, 'alert:1')).toMatchObject({ status: 'sent', ts: fake.messages(STOCK)[0]?.ts, inFlightSince: null });
  });

  it('adopts a post that landed before a crash kept it from being recorded', async () => {
    const alertId = await insertAlert(ctx.db);
    // The previous process posted (with the row's key) and died before recording the ts.
    const client = new WebClient(TOKEN, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const posted = await client.chat.postMessage({
      channel: STOCK,
      text: 'message alert:1',
      metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { key: 'alert:1' } },
    });
    await enqueue(ctx.db, post('alert:1', STOCK, { alertId }));
    await ctx.db.prisma.outboxMessage.update({ where: { key: 'alert:1' }, data: { inFlightSince: new Date(Date.now() - 2_000), attempts: 1 } });

    await makeSender().drainOnce();

    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(fake.messages(STOCK)).toHaveLength(1);
    expect(await outboxRow(ctx.db, 'alert:1')).toMatchObject({ status: 'sent', ts: posted.ts, inFlightSince: null });
    expect(await ctx.db.prisma.alert.findUnique({ where: { id: alertId } })).toMatchObject({ channel: STOCK, messageTs: posted.ts });
  });

  it('commits the in-flight mark before posting, so an instance taking over from a stuck one adopts the post', async () => {
    fake.failNext('chat.postMessage', 1, { hang: true, land: true });
    await enqueue(ctx.db, post('alert:1', STOCK));
    // Stuck for good: its heartbeat stalled too, so its short lease runs out.
    const stuck = makeSender({ leaseTtlMs: 300, heartbeatMs: 60_000 }, { timeoutMs: 1_500 }, { instanceId: 'stuck' });
    const stuckDrain = stuck.drainOnce();
    await fake.waitForCalls('chat.postMessage', 1);

    // Were the stuck instance to die now, this is what the next one would see.
    const marked = await outboxRow(ctx.db, 'alert:1');
    expect(marked.status).toBe('pending');
    expect(marked.inFlightSince).toBeInstanceOf(Date);

    skew = 400; // the successor comes after the stuck one's lease expired
    await makeSender({ paceMs: 20, ...skewed }, {}, { instanceId: 'successor' }).drainOnce();
    await stuckDrain; // times out meanwhile, and must not overwrite what the successor recorded

    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(fake.messages(STOCK)).toHaveLength(1);
    expect(await outboxRow(ctx.db, 'alert:1')).toMatchObject({ status: 'sent', ts: fake.messages(STOCK)[0]?.ts, inFlightSince: null, lastError: null });
  });

  it('adopts a post that landed although Slack answered 500', async () => {
    fake.failNext('chat.postMessage', 1, { status: 500, land: true });
    await enqueue(ctx.db, post('alert:1', STOCK), post('alert:2', STOCK));

    await makeSender({ paceMs: 20 }).drainOnce();

    expect(postsWithKey(fake, 'alert:1')).toHaveLength(1);
    expect(fake.messages(STOCK).map(keyOf)).toEqual(['alert:1', 'alert:2']);
    expect(await outboxRow(ctx.db, 'alert:1')).toMatchObject({ status: 'sent', ts: fake.messages(STOCK)[0]?.ts });
  });

  it.each([
    ['channel_not_found', (): void => fake.failNext('chat.postMessage', 1, { error: 'channel_not_found' })],
    ['is_archived', (): void => fake.failNext('chat.postMessage', 1, { error: 'is_archived' })],
    ['invalid_blocks', (): void => undefined],
  ] as const)('marks the row failed on %s, never retries it, and sends the next row', async (code, script) => {
    script();
    const blocks = code === 'invalid_blocks' ? Array.from({ length: 51 }, () => ({ type: 'divider' as const })) : undefined;
    await enqueue(ctx.db, { ...post('bad', STOCK), payload: payload('bad', blocks) }, post('good', STOCK));

    const sender = makeSender({ paceMs: 20 });
    await sender.drainOnce();
    await sender.drainOnce();

    expect(postsWithKey(fake, 'bad')).toHaveLength(1);
    expect(await outboxRow(ctx.db, 'bad')).toMatchObject({ status: 'failed', lastError: code, attempts: 0 });
    expect(await outboxRow(ctx.db, 'good')).toMatchObject({ status: 'sent' });
    expect(fake.messages(STOCK).map(keyOf)).toEqual(['good']);
    const failure = log.lines.find((line) => line.msg === 'outbox message failed');
    expect(failure).toMatchObject({ level: 50, channel: STOCK, key: 'bad', error: code });
    expect(log.text()).not.toContain(TOKEN);
  });

  it('joins the channel after not_in_channel and posts', async () => {
    fake.setNotInChannel(STOCK);
    await enqueue(ctx.db, post('alert:1', STOCK));

    await makeSender({ paceMs: 20 }).drainOnce();

    expect(fake.callsTo('conversations.join')).toHaveLength(1);
    expect(fake.callsTo('conversations.join')[0]?.body.channel).toBe(STOCK);
    expect(fake.messages(STOCK).map(keyOf)).toEqual(['alert:1']);
    expect(await outboxRow(ctx.db, 'alert:1')).toMatchObject({ status: 'sent' });
  });

  it('fails the row with a clear error when it cannot join the channel', async () => {
    fake.setNotInChannel(STOCK);
    fake.failNext('conversations.join', 1, { error: 'method_not_supported_for_channel_type' });
    await enqueue(ctx.db, post('alert:1', STOCK));

    const sender = makeSender({ paceMs: 20 });
    await sender.drainOnce();
    await sender.drainOnce();

    expect(fake.callsTo('conversations.join')).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    const row = await outboxRow(ctx.db, 'alert:1');
    expect(row.status).toBe('failed');
    expect(row.lastError).toMatch(/not_in_channel.*method_not_supported_for_channel_type.*invite/);
  });

  it('sends a DM to a user ID through the conversation conversations.open returns, kept for its updates; the alert keeps its channel message', async () => {
    const USER = 'U0ONCALL1';
    const alertId = await insertAlert(ctx.db);
    await enqueue(ctx.db, post('alert:1:post', STOCK, { alertId }), post('alert:1:esc:0:1:U0ONCALL1', USER, { alertId }));
    const sender = makeSender({ paceMs: 20 });
    await sender.drainOnce();
    const channelPost = await outboxRow(ctx.db, 'alert:1:post');

    const dm = fake.dmChannelOf(USER)!;
    expect(dm).toMatch(/^D/);
    expect(fake.callsTo('conversations.open').map((c) => c.body.users)).toEqual([USER]);
    expect(fake.messages(dm).map(keyOf)).toEqual(['alert:1:esc:0:1:U0ONCALL1']);
    expect(await ctx.db.prisma.dmChannel.findUnique({ where: { userId: USER } })).toMatchObject({ channelId: dm });
    expect(await ctx.db.prisma.alert.findUnique({ where: { id: alertId } })).toMatchObject({ channel: STOCK, messageTs: channelPost.ts });

    // Updates (and a second DM) reuse the kept conversation: no second conversations.open.
    await enqueue(ctx.db, update('alert:1:esc:0:1:U0ONCALL1:update:7', USER, 'alert:1:esc:0:1:U0ONCALL1', 'acknowledged', { alertId }), post('other', USER));
    await sender.drainOnce();
    expect(fake.callsTo('conversations.open')).toHaveLength(1);
    expect(fake.callsTo('chat.update').map((c) => c.body.channel)).toEqual([dm]);
    expect(fake.messages(dm)).toMatchObject([{ text: 'acknowledged', updates: 1 }, { text: 'message other' }]);
    expect(await outboxRow(ctx.db, 'alert:1:esc:0:1:U0ONCALL1:update:7')).toMatchObject({ status: 'sent' });
  });

  it('fails a DM at once when the person cannot be sent one (user_not_found, cannot_dm_bot), and waits out a rate-limited open', async () => {
    // The skewed clock waits out the rate limit's (at least) one second at once.
    const sender = makeSender({ paceMs: 20, ...skewed });
    // One at a time: each person's DM is its own outbox channel, and channels drain in parallel.
    fake.failNext('conversations.open', 1, { error: 'user_not_found' });
    await enqueue(ctx.db, post('gone', 'U0GONE001'));
    await sender.drainOnce();
    expect(await outboxRow(ctx.db, 'gone')).toMatchObject({ status: 'failed', lastError: 'user_not_found' });

    await enqueue(ctx.db, post('bot', fake.botUserId));
    await sender.drainOnce();
    expect(await outboxRow(ctx.db, 'bot')).toMatchObject({ status: 'failed', lastError: 'cannot_dm_bot' });

    fake.failNext('conversations.open', 1, { status: 429, retryAfter: 0 });
    await enqueue(ctx.db, post('later', 'U0LATER01'));
    await sender.drainOnce();
    expect(await outboxRow(ctx.db, 'later')).toMatchObject({ status: 'sent', attempts: 0 });
    expect(fake.callsTo('conversations.open').map((c) => c.body.users)).toEqual(['U0GONE001', fake.botUserId, 'U0LATER01', 'U0LATER01']);
    expect(fake.callsTo('chat.postMessage').map((c) => c.body.channel)).toEqual([fake.dmChannelOf('U0LATER01')]);
  });

  it('posts an update anew when its message was deleted, and moves the target row and the alert to the new ts', async () => {
    const alertId = await insertAlert(ctx.db);
    await enqueue(ctx.db, post('alert:1', STOCK, { alertId }));
    const sender = makeSender({ paceMs: 20 });
    await sender.drainOnce();
    const original = await outboxRow(ctx.db, 'alert:1');
    expect(fake.deleteMessage(STOCK, original.ts!)).toBe(true);

    await enqueue(ctx.db, update('alert:1:resolved', STOCK, 'alert:1', 'resolved', { alertId }));
    await sender.drainOnce();

    expect(fake.callsTo('chat.update')).toHaveLength(1);
    const messages = fake.messages(STOCK);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ text: 'resolved', metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { key: 'alert:1:resolved' } } });
    const fresh = messages[0]!.ts;
    expect(fresh).not.toBe(original.ts);
    expect(await outboxRow(ctx.db, 'alert:1:resolved')).toMatchObject({ status: 'sent', ts: fresh });
    expect(await outboxRow(ctx.db, 'alert:1')).toMatchObject({ ts: fresh });
    expect(await ctx.db.prisma.alert.findUnique({ where: { id: alertId } })).toMatchObject({ channel: STOCK, messageTs: fresh });

    // A later update goes to the new message.
    await enqueue(ctx.db, update('alert:1:again', STOCK, 'alert:1', 'again'));
    await sender.drainOnce();
    expect(fake.callsTo('chat.update').at(-1)?.body.ts).toBe(fresh);
    expect(fake.messages(STOCK)).toMatchObject([{ ts: fresh, text: 'again' }]);
  });

  it('paces each channel to one message per paceMs while channels proceed in parallel', async () => {
    await enqueue(ctx.db, ...[1, 2, 3, 4].flatMap((n) => [post(`stock:${n}`, STOCK), post(`fin:${n}`, FINANCE)]));

    await makeSender({ paceMs: PACE_MS }).drainOnce();

    expect(fake.messages(STOCK).map(keyOf)).toEqual(['stock:1', 'stock:2', 'stock:3', 'stock:4']);
    expect(fake.messages(FINANCE).map(keyOf)).toEqual(['fin:1', 'fin:2', 'fin:3', 'fin:4']);
    for (const channel of [STOCK, FINANCE]) {
      const gaps = postGaps(fake, channel);
      expect(gaps).toHaveLength(3);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(PACE_MS * 0.95);
    }
    // In parallel: finance's first post does not wait for stock's last one (and vice versa).
    const order = fake.callsTo('chat.postMessage').map((c) => c.body.channel);
    expect(order.indexOf(FINANCE)).toBeLessThan(order.lastIndexOf(STOCK));
    expect(order.indexOf(STOCK)).toBeLessThan(order.lastIndexOf(FINANCE));
  });

  it('keeps the pace (1 s by default) across senders through the lease (a new holder waits for the last send)', async () => {
    await enqueue(ctx.db, post('one', STOCK));
    await makeSender(skewed, {}, { instanceId: 'first' }).drainOnce();
    await enqueue(ctx.db, post('two', STOCK));
    await makeSender(skewed, {}, { instanceId: 'second' }).drainOnce();

    expect(fake.messages(STOCK).map(keyOf)).toEqual(['one', 'two']);
    expect(postGaps(fake, STOCK)[0]).toBeGreaterThanOrEqual(1_000);
  });

  it('does not drain a channel whose lease another instance holds', async () => {
    await ctx.db.prisma.jobLease.create({ data: { name: outboxLeaseName(STOCK), holder: 'other', expiresAt: new Date(Date.now() + 60_000) } });
    await enqueue(ctx.db, post('stock', STOCK), post('fin', FINANCE));

    await makeSender({ paceMs: 20 }).drainOnce();

    expect(fake.messages(STOCK)).toHaveLength(0);
    expect(fake.messages(FINANCE).map(keyOf)).toEqual(['fin']);
    expect((await outboxRow(ctx.db, 'stock')).status).toBe('pending');
  });

  it('sends at once when this process signals a new row, without waiting for the poll', async () => {
    const signal = new OutboxSignal();
    const sender = makeSender({ paceMs: 20, pollMs: 60_000 }, {}, { signal });
    sender.start();
    await enqueueMessages(ctx.db.prisma, [post('first', STOCK)]);
    signal.notify();
    await fake.waitForCalls('chat.postMessage', 1, 5_000);
    // By now the start-up look is long over: only the signal can bring the next one.
    await enqueueMessages(ctx.db.prisma, [post('second', FINANCE)]);
    signal.notify();
    await fake.waitForCalls('chat.postMessage', 2, 5_000);
    await fake.waitUntil(() => fake.messages(FINANCE).length === 1, 5_000, () => 'finance message');
    expect(fake.messages(FINANCE).map(keyOf)).toEqual(['second']);
  });

  it('stop() lets the send in progress finish and be recorded, and releases the lease', async () => {
    // Slow enough for stop() to come while the send is in progress: stop() is called as it lands.
    fake.failNext('chat.postMessage', 1, { delayMs: 150 });
    await enqueue(ctx.db, post('alert:1', STOCK), post('alert:2', STOCK));
    const sender = makeSender({ pollMs: 50 });
    sender.start();
    await fake.waitForCalls('chat.postMessage', 1, 5_000);

    await sender.stop();

    expect(await outboxRow(ctx.db, 'alert:1')).toMatchObject({ status: 'sent', ts: fake.messages(STOCK)[0]?.ts });
    // Pacing (1 s) kept the second one from starting before stop.
    expect(await outboxRow(ctx.db, 'alert:2')).toMatchObject({ status: 'pending', attempts: 0 });
    const lease = await ctx.db.prisma.jobLease.findUnique({ where: { name: outboxLeaseName(STOCK) } });
    expect(lease?.expiresAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(lease?.lastUsedAt).toBeInstanceOf(Date);
  });
});

describe('outbox sender: the database goes away', () => {
  // A closed PGlite is what an outage looks like to the sender (isDatabaseUnavailable knows it).
  it('logs one warning line without a stack, not an error: the worker mid-send, then the poller', async () => {
    fake.reset();
    const log = captureLogger();
    const unavailable = (msg: string) => log.lines.filter((line) => line.msg === msg && line.level === 40 && typeof line.reason === 'string');
    const { db } = await createPgliteTestDatabase();
    fake.failNext('chat.postMessage', 1, { delayMs: 300 });
    await enqueue(db, post('alert:1', STOCK));
    const transport = createSlackTransport({ token: TOKEN, apiUrl: fake.apiUrl, logger: log.logger });
    const sender = createOutboxSender({ db, transport, logger: log.logger, instanceId: 'test-instance', options: { pollMs: 10 } });
    const draining = sender.drainOnce();
    await fake.waitForCalls('chat.postMessage', 1, 5_000);
    await db.close(); // while Slack answers: recording the send fails

    expect(await draining).toBe(0);
    expect(unavailable('outbox channel worker failed: database unavailable')).toHaveLength(1);

    sender.start();
    await expect.poll(() => unavailable('outbox poll failed: database unavailable').length).toBeGreaterThanOrEqual(1);
    await sender.stop();
    expect(log.lines.filter((line) => line.err !== undefined || Number(line.level) >= 50)).toEqual([]);
  });
});
