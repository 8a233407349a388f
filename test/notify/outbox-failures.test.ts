// How the outbox sender lives with a failing Slack and with instances that die, on a fake clock:
// `now` and `sleep` are injected, so hours of backoff and Retry-After waits run in a moment, and
// the fake Slack stamps calls and messages with the same clock.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { retryFailedMessage } from '../../src/domain/alerts/retry-failed-message.js';
import { createI18n } from '../../src/i18n/index.js';
import { outboxLeaseName, type OutboxSenderOptions } from '../../src/notify/outbox/context.js';
import { createOutboxSender, type OutboxSender } from '../../src/notify/outbox/poller.js';
import { createSlackTransport } from '../../src/notify/slack-transport.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { FakeClock } from '../support/fake-clock.js';
import { describeEachDatabase } from '../support/test-database.js';
import { testConfig } from '../support/test-deps.js';
import { TOKEN, captureLogger, enqueue, keyOf, outboxRow, post, postsWithKey, update } from './notify-helpers.js';

const STOCK = 'C0STOCK001';
const SECOND = 1_000;
const HOUR = 3_600_000;

/** The world's clock (epoch ms): the fake Slack's, and each sender's unless a test gives it another. */
let t = Date.now();
const fakeSleep = async (ms: number): Promise<void> => {
  t += ms;
};

let fake: FakeSlack;

beforeAll(async () => {
  fake = await startFakeSlack({ tokens: [TOKEN], now: () => t });
});

afterAll(async () => {
  await fake.close();
});

describeEachDatabase('outbox sender: failures and leases on a fake clock', (ctx) => {
  const senders: OutboxSender[] = [];
  let log: ReturnType<typeof captureLogger>;

  beforeEach(() => {
    fake.reset();
    log = captureLogger();
    // Rows are queued at the real time (next_attempt_at); the fake clock starts there.
    t = Date.now();
  });

  afterEach(async () => {
    await Promise.all(senders.splice(0).map((sender) => sender.stop()));
  });

  /** Real pacing and backoff values; only time itself is fake. Every wait is taken inline. */
  function makeSender(options: OutboxSenderOptions = {}, instanceId = 'test-instance'): OutboxSender {
    const transport = createSlackTransport({ token: TOKEN, apiUrl: fake.apiUrl, logger: log.logger, timeoutMs: 2_000 });
    const sender = createOutboxSender({
      db: ctx.db,
      transport,
      logger: log.logger,
      instanceId,
      options: { now: () => t, sleep: fakeSleep, maxInlineWaitMs: Number.POSITIVE_INFINITY, retryBaseMs: SECOND, ...options },
    });
    senders.push(sender);
    return sender;
  }

  const callTimes = (key: string) => postsWithKey(fake, key).map((call) => call.at.getTime());
  const gaps = (times: number[]) => times.slice(1).map((time, i) => time - times[i]!);

  it('never counts a 429: 35 rate limits, then a 500, then success — delivered, one failure counted, backoff from the base', async () => {
    fake.failNext('chat.postMessage', 35, { status: 429, retryAfter: 1 });
    fake.failNext('chat.postMessage', 1, { status: 500 });
    await enqueue(ctx.db, post('alert:1', STOCK));

    await makeSender().drainOnce();

    const times = callTimes('alert:1');
    expect(times).toHaveLength(37);
    // Each 429 waited its Retry-After; the retry after the 500 came after retryBaseMs, not after a backoff inflated by the 429s.
    expect(gaps(times)).toEqual(Array.from({ length: 36 }, () => SECOND));
    expect(fake.messages(STOCK).map(keyOf)).toEqual(['alert:1']);
    const row = await outboxRow(ctx.db, 'alert:1');
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null, inFlightSince: null, ts: fake.messages(STOCK)[0]?.ts });
    expect(row.firstFailedAt?.getTime()).toBe(times[35]);
  });

  it('retries 5xx until the time budget (24 h by default) has passed since the first failure, then fails the row with the reason', async () => {
    fake.failNext('chat.postMessage', 500, { status: 503 });
    await enqueue(ctx.db, post('alert:1', STOCK));

    await makeSender({ retryMaxMs: HOUR }).drainOnce();

    const times = callTimes('alert:1');
    const first = times[0]!;
    // Backoff doubling from 1 s up to the hour, and the last try exactly when the budget ends.
    expect(gaps(times).slice(0, 13)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 3600].map((s) => s * SECOND));
    expect(times.at(-1)! - first).toBe(24 * HOUR);
    expect(times.at(-2)! - first).toBeLessThan(24 * HOUR);
    // More tries than the old attempt cap (20) allowed: the budget is time, not a count.
    expect(times.length).toBeGreaterThan(20);
    expect(fake.messages(STOCK)).toEqual([]);
    const row = await outboxRow(ctx.db, 'alert:1');
    expect(row).toMatchObject({ status: 'failed', attempts: times.length });
    expect(row.lastError).toBe(`http_503 (gave up: failing since ${new Date(first).toISOString()}, ${times.length} attempts)`);
    expect(log.lines.find((line) => line.msg === 'outbox message failed')).toMatchObject({ level: 50, key: 'alert:1' });
  });

  it('gives up after OUTBOX_GIVE_UP_AFTER as configured', async () => {
    expect(testConfig().outboxGiveUpAfterMs).toBe(24 * HOUR);
    const { outboxGiveUpAfterMs } = testConfig({ OUTBOX_GIVE_UP_AFTER: '90m' });
    expect(outboxGiveUpAfterMs).toBe(90 * 60 * SECOND);
    expect(() => testConfig({ OUTBOX_GIVE_UP_AFTER: '0h' })).toThrow(ConfigError);
    fake.failNext('chat.postMessage', 500, { status: 502 });
    await enqueue(ctx.db, post('alert:1', STOCK));

    await makeSender({ giveUpAfterMs: outboxGiveUpAfterMs }).drainOnce();

    const times = callTimes('alert:1');
    expect(times.at(-1)! - times[0]!).toBe(90 * 60 * SECOND);
    expect(await outboxRow(ctx.db, 'alert:1')).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/^http_502 \(gave up/) });
  });

  it('restarts the backoff after a success: the next message starts again from retryBaseMs', async () => {
    const sender = makeSender();
    fake.failNext('chat.postMessage', 3, { status: 500 });
    await enqueue(ctx.db, post('first', STOCK));
    await sender.drainOnce();
    expect(gaps(callTimes('first'))).toEqual([1, 2, 4].map((s) => s * SECOND));

    // Rate limits before its failure must not inflate its backoff either.
    fake.failNext('chat.postMessage', 2, { status: 429, retryAfter: 1 });
    fake.failNext('chat.postMessage', 1, { status: 500 });
    await enqueue(ctx.db, post('second', STOCK));
    await sender.drainOnce();

    expect(gaps(callTimes('second'))).toEqual([SECOND, SECOND, SECOND]);
    expect(fake.messages(STOCK).map(keyOf)).toEqual(['first', 'second']);
    expect(await outboxRow(ctx.db, 'first')).toMatchObject({ status: 'sent', attempts: 3 });
    expect(await outboxRow(ctx.db, 'second')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('adopts a post whose connection was reset after it landed, and re-posts one that did not land', async () => {
    fake.failNext('chat.postMessage', 1, { reset: true, land: true });
    fake.failNext('chat.postMessage', 1, { reset: true });
    await enqueue(ctx.db, post('landed', STOCK), post('lost', STOCK));

    await makeSender().drainOnce();

    expect(callTimes('landed')).toHaveLength(1);
    expect(callTimes('lost')).toHaveLength(2);
    expect(fake.messages(STOCK).map(keyOf)).toEqual(['landed', 'lost']);
    expect(await outboxRow(ctx.db, 'landed')).toMatchObject({ status: 'sent', attempts: 1, ts: fake.messages(STOCK)[0]?.ts });
  });

  it("takes over a dead instance's channel within 15 s, keeping the pace", async () => {
    await enqueue(ctx.db, post('one', STOCK), post('two', STOCK));
    // Default lease settings. The dead instance: its clock and its waits stop where it died, between
    // two sends (waiting for the pace); its last renewal is what the successor finds.
    t = Date.now(); // the rows are due
    const diedAt = t;
    const dead = makeSender({ now: () => diedAt, sleep: () => new Promise<void>(() => undefined) }, 'dead');
    void dead.drainOnce();
    await expect.poll(async () => (await outboxRow(ctx.db, 'one')).status).toBe('sent');
    expect((await ctx.db.prisma.jobLease.findUniqueOrThrow({ where: { name: outboxLeaseName(STOCK) } })).holder).toBe('dead');

    const successor = makeSender({}, 'successor');
    t = diedAt + 9_999;
    expect(await successor.drainOnce()).toBe(0);
    t = diedAt + 10_000;
    expect(await successor.drainOnce()).toBe(1);

    expect(fake.messages(STOCK).map(keyOf)).toEqual(['one', 'two']);
    const [one, two] = fake.callsTo('chat.postMessage').map((call) => call.at.getTime());
    expect(two! - one!).toBeLessThanOrEqual(15_000);
    expect(two! - one!).toBeGreaterThanOrEqual(SECOND);
    expect(await outboxRow(ctx.db, 'two')).toMatchObject({ status: 'sent' });
  });

  it('keeps its lease through a slow Slack call with a heartbeat: nobody takes the channel meanwhile', async () => {
    // Real time: long enough for a heartbeat and another instance's try while the call is in flight.
    fake.failNext('chat.postMessage', 1, { delayMs: 400 });
    await enqueue(ctx.db, post('slow', STOCK));
    const holder = makeSender({ heartbeatMs: 20 }, 'holder');
    const draining = holder.drainOnce();
    await fake.waitForCalls('chat.postMessage', 1);

    t += 60_000; // far past the lease's 10 s, while the call is in flight
    const lease = () => ctx.db.prisma.jobLease.findUniqueOrThrow({ where: { name: outboxLeaseName(STOCK) } });
    await expect.poll(async () => (await lease()).expiresAt.getTime() > t, { timeout: 2_000 }).toBe(true);
    expect(await makeSender({}, 'other').drainOnce()).toBe(0);
    expect((await lease()).holder).toBe('holder');

    expect(await draining).toBe(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(fake.callsTo('conversations.history')).toHaveLength(0);
    expect(fake.messages(STOCK).map(keyOf)).toEqual(['slow']);
  });
  describe('after an admin retry', () => {
    const admin = { userId: 'U0ADMIN001' };
    const retry = (id: number) => retryFailedMessage({ db: ctx.db, clock: new FakeClock(), i18n: createI18n('en', 'America/Sao_Paulo') }, admin, id);

    it('sends the message with a fresh budget and failure count', async () => {
      const sender = makeSender({ giveUpAfterMs: 10 * SECOND });
      fake.failNext('chat.postMessage', 20, { status: 500 });
      await enqueue(ctx.db, post('alert:1', STOCK));
      await sender.drainOnce();
      const failed = await outboxRow(ctx.db, 'alert:1');
      expect(failed).toMatchObject({ status: 'failed', attempts: 5 });

      fake.reset();
      t += HOUR;
      fake.failNext('chat.postMessage', 1, { status: 500 });
      expect(await retry(failed.id)).toEqual({ id: failed.id, channel: STOCK, queued: true });
      await sender.drainOnce();

      // One failure after the retry, counted from zero and retried after retryBaseMs: history did not carry over.
      expect(gaps(callTimes('alert:1'))).toEqual([SECOND]);
      expect(await outboxRow(ctx.db, 'alert:1')).toMatchObject({ status: 'sent', attempts: 1 });
      expect(fake.messages(STOCK).map(keyOf)).toEqual(['alert:1']);
    });

    it('does not put back an old update that a newer sent one replaced', async () => {
      const sender = makeSender();
      await enqueue(ctx.db, post('alert:1', STOCK));
      await sender.drainOnce();
      fake.failNext('chat.update', 1, { error: 'invalid_blocks' });
      await enqueue(ctx.db, update('alert:1:v1', STOCK, 'alert:1', 'version 1'));
      await sender.drainOnce();
      await enqueue(ctx.db, update('alert:1:v2', STOCK, 'alert:1', 'version 2'));
      await sender.drainOnce();
      const v1 = await outboxRow(ctx.db, 'alert:1:v1');
      expect(v1.status).toBe('failed');

      await retry(v1.id);
      await sender.drainOnce();

      expect(fake.callsTo('chat.update')).toHaveLength(2);
      expect(fake.messages(STOCK)).toMatchObject([{ text: 'version 2' }]);
      expect(await outboxRow(ctx.db, 'alert:1:v1')).toMatchObject({ status: 'superseded' });
    });

    it('settles a failed post that a later update already posted, instead of posting it twice', async () => {
      const sender = makeSender();
      fake.failNext('chat.postMessage', 1, { error: 'channel_not_found' });
      await enqueue(ctx.db, post('alert:1', STOCK));
      await sender.drainOnce();
      // The update of a message whose post failed posts the current version instead.
      await enqueue(ctx.db, update('alert:1:v1', STOCK, 'alert:1', 'version 1'));
      await sender.drainOnce();
      const original = await outboxRow(ctx.db, 'alert:1');
      expect(original).toMatchObject({ status: 'failed', ts: fake.messages(STOCK)[0]?.ts });

      expect(await retry(original.id)).toEqual({ id: original.id, channel: STOCK, queued: false });
      await sender.drainOnce();

      expect(fake.messages(STOCK)).toMatchObject([{ text: 'version 1' }]);
      expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
      expect(await outboxRow(ctx.db, 'alert:1')).toMatchObject({ status: 'superseded' });
    });
  });
});
