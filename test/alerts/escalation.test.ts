// Escalation end to end: the real bot (HTTP mode) against the fake Slack, with a fake clock. A
// critical alert left unacknowledged pages the person on call by DM, then the next in the
// rotation, then ADMIN_USERS; acknowledging anywhere stops it and updates every copy, the DM too.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALERT_ACTIONS, encodeAlertButton } from '../../src/blocks/action-ids.js';
import { databaseFromUrl, type Database } from '../../src/db/database.js';
import { snoozeAlert } from '../../src/domain/alerts/change-alert.js';
import { escalateAlerts } from '../../src/domain/alerts/escalate-alerts.js';
import { runWatchCycle } from '../../src/domain/alerts/run-watch-cycle.js';
import { setRotation } from '../../src/domain/oncall/set-rotation.js';
import type { JsonObject, StoredMessage } from '../support/fake-slack.js';
import { seed } from '../support/seed.js';
import { textOf, useSlackBot } from '../support/slack-bot.js';
import { appHomeOpenedEvent, blockActionPayload, sendBlockAction, sendEvent } from '../support/slack-requests.js';
import { FakeClock } from '../support/fake-clock.js';
import { startTestBot, TEST_SIGNING_SECRET } from '../support/test-bot.js';
import { createServerTestDatabase, describeEachDatabase, describeOnServer, type TestDatabase } from '../support/test-database.js';
import { makeTestDeps } from '../support/test-deps.js';

const STOCK = 'C0STOCK001';
const CLERK = 'U0CLERK01';
const ANA = 'U0ANA0001';
const BIA = 'U0BIA0001';
const ADMIN = 'U0ADMIN01';
const ADMIN_GROUP = 'S0ADMINS1';
const OUTSIDER = 'U0OUTSIDE';
const MIN = 60_000;
/** Wednesday 2037-11-25, 12:00 in São Paulo: ANA's week (the rotation is set at this instant). */
const NOW = '2037-11-25T15:00:00Z';
const ENV = { STOCK_CHANNEL: STOCK, STOCK_TEAM: CLERK, ADMIN_USERS: `${ADMIN},${ADMIN_GROUP}`, ESCALATE_AFTER: '30m' };

describeEachDatabase('escalation of unacknowledged critical alerts', (ctx) => {
  const slack = useSlackBot(ctx, { env: ENV, now: NOW, fakeOptions: { usergroups: { [ADMIN_GROUP]: ['U0BOSS001'] } } });

  const alertRow = () => ctx.db.prisma.alert.findFirstOrThrow({ where: { subject: 'CAFE-500' } });
  const rotation = () => setRotation(slack.bot.deps, { userId: ADMIN }, [ANA, BIA]);

  /** An out-of-stock product: a critical alert, posted in the stock channel. */
  async function openCriticalAlert(): Promise<{ id: number; ts: string }> {
    await seed(ctx.db, 'products', [{ sku: 'CAFE-500', name: 'Café torrado 500 g', stock: 0, min_stock: 10 }]);
    await slack.bot.runWatchCycle();
    await slack.bot.drainOutbox();
    const posted = await slack.fake.waitUntil(() => slack.fake.messages(STOCK)[0], 10_000, () => 'the alert posted');
    const alert = await alertRow();
    expect(alert.severity).toBe('critical');
    return { id: alert.id, ts: posted.ts };
  }

  /** Runs the escalation job once and sends what it queued. */
  async function escalate(): Promise<void> {
    expect(await slack.bot.runEscalation()).toBe(true);
    await slack.bot.drainOutbox();
  }

  const dmsTo = (user: string) => slack.fake.dmMessages(user);
  const waitForDm = (user: string, count = 1) =>
    slack.fake.waitUntil(() => (dmsTo(user).length >= count ? dmsTo(user)[count - 1] : undefined), 10_000, () => `DM #${count} to ${user}; got ${dmsTo(user).length}`);
  const threadNotes = (ts: string) => slack.fake.messages(STOCK).filter((m) => m.thread_ts === ts);
  const waitForNote = (ts: string, text: string) =>
    slack.fake.waitUntil(
      () => threadNotes(ts).find((m) => m.text?.includes(text)),
      10_000,
      () => `a thread note "${text}"; got ${JSON.stringify(threadNotes(ts).map((m) => m.text))}`,
    );
  const buttonsOf = (message: StoredMessage) => JSON.stringify(message.blocks).match(/"action_id":"[^"]+"/g) ?? [];
  const pagedCount = () => ctx.db.prisma.alertEvent.count({ where: { type: 'escalated' } });

  it('pages the person on call after ESCALATE_AFTER, then the next in the rotation, then the admins — each once', async () => {
    await rotation();
    const alert = await openCriticalAlert();

    slack.clock.advance(29 * MIN);
    await escalate();
    expect(await pagedCount()).toBe(0);
    expect(slack.fake.callsTo('conversations.open')).toHaveLength(0);

    // Step 1: whoever is on call, by DM with the alert's own message and buttons, mentioned once in the thread.
    slack.clock.advance(MIN);
    await escalate();
    const dm = await waitForDm(ANA);
    expect(dm.channel).toMatch(/^D/);
    expect(dm.channel).toBe(slack.fake.dmChannelOf(ANA));
    expect(textOf(dm.blocks)).toContain('*Paged to you* · step 1: you are on call');
    expect(textOf(dm.blocks)).toContain('Acknowledge it to stop the paging.');
    const channelMessage = slack.fake.messages(STOCK).find((m) => m.ts === alert.ts)!;
    expect(dm.blocks!.slice(1)).toEqual(channelMessage.blocks);
    expect(buttonsOf(dm)).toContain(`"action_id":"${ALERT_ACTIONS.acknowledge}"`);
    expect((await waitForNote(alert.ts, `<@${ANA}> paged — step 1, on call`)).text).toContain(`<@${ANA}>`);
    expect(await alertRow()).toMatchObject({ escalationLevel: 1, escalatedAt: slack.clock.now(), channel: STOCK, messageTs: alert.ts });
    expect(await ctx.db.prisma.alertEvent.findMany({ where: { type: 'escalated' }, select: { actor: true, data: true } })).toEqual([
      { actor: 'system', data: { level: 1, reason: 'on_call', users: [ANA], groups: [], episode: 0 } },
    ]);
    expect(await ctx.db.prisma.auditEvent.findMany({ where: { action: 'alerts.escalate' }, select: { actor: true, target: true, outcome: true } })).toEqual([
      { actor: 'system', target: `#${alert.id}`, outcome: 'ok' },
    ]);

    // Running again at once pings nobody again.
    await escalate();
    expect(await pagedCount()).toBe(1);

    // Step 2: the next in the rotation.
    slack.clock.advance(30 * MIN);
    await escalate();
    expect(textOf((await waitForDm(BIA)).blocks)).toContain('step 2: you are next in the on-call rotation');
    await waitForNote(alert.ts, `<@${BIA}> paged — step 2, next in the rotation`);

    // Step 3: ADMIN_USERS — a DM to each person, the user group mentioned in the thread only.
    slack.clock.advance(30 * MIN);
    await escalate();
    expect(textOf((await waitForDm(ADMIN)).blocks)).toContain('step 3: you are an admin');
    await waitForNote(alert.ts, `<@${ADMIN}>, <!subteam^${ADMIN_GROUP}> paged — step 3, admins`);

    // The ladder ends there.
    slack.clock.advance(120 * MIN);
    await escalate();
    expect(await pagedCount()).toBe(3);
    expect(slack.fake.callsTo('conversations.open').map((c) => c.body.users)).toEqual([ANA, BIA, ADMIN]);
    expect([dmsTo(ANA).length, dmsTo(BIA).length, dmsTo(ADMIN).length]).toEqual([1, 1, 1]);
    expect(threadNotes(alert.ts)).toHaveLength(3);
  });

  it('with nobody on call, pages ADMIN_USERS and says so', async () => {
    const alert = await openCriticalAlert();
    slack.clock.advance(30 * MIN);
    await escalate();
    expect(textOf((await waitForDm(ADMIN)).blocks)).toContain('nobody is on call, so this critical alert goes to the admins');
    await waitForNote(alert.ts, `<@${ADMIN}>, <!subteam^${ADMIN_GROUP}> paged — step 3, admins: nobody is on call`);
    expect((await alertRow()).escalationLevel).toBe(3);
    slack.clock.advance(120 * MIN);
    await escalate();
    expect(await pagedCount()).toBe(1);
  });

  /** How a person acknowledges the alert, on each surface. */
  const surfaces: Record<string, (alert: { id: number; ts: string }, dm: StoredMessage) => Promise<void>> = {
    'the channel button': async (alert) => {
      const { version } = await alertRow();
      const payload = blockActionPayload({ actionId: ALERT_ACTIONS.acknowledge, value: encodeAlertButton({ alertId: alert.id, version }), userId: CLERK, channelId: STOCK, messageTs: alert.ts, responseUrl: slack.fake.responseUrl() });
      expect((await sendBlockAction(slack.bot.baseUrl, TEST_SIGNING_SECRET, payload)).status).toBe(200);
    },
    // ANA is not in STOCK_TEAM: being paged is what lets her acknowledge.
    'the DM button': async (alert, dm) => {
      const { version } = await alertRow();
      const payload = blockActionPayload({ actionId: ALERT_ACTIONS.acknowledge, value: encodeAlertButton({ alertId: alert.id, version }), userId: ANA, channelId: dm.channel, messageTs: dm.ts, responseUrl: slack.fake.responseUrl() });
      expect((await sendBlockAction(slack.bot.baseUrl, TEST_SIGNING_SECRET, payload)).status).toBe(200);
    },
    'the App Home': async (alert) => {
      const { version } = await alertRow();
      const payload = blockActionPayload({ actionId: ALERT_ACTIONS.acknowledge, value: encodeAlertButton({ alertId: alert.id, version }), userId: ANA, view: { type: 'home' } });
      expect((await sendBlockAction(slack.bot.baseUrl, TEST_SIGNING_SECRET, payload)).status).toBe(200);
    },
    '/alerts ack': async (alert) => {
      const reply = await slack.slash('/alerts', `ack ${alert.id}`, CLERK);
      expect(reply.all).toContain(`#${alert.id} acknowledged`);
    },
    // A bulk ack by ANA (outside STOCK_TEAM): allowed for what was paged to her, refused for the rest.
    'a bulk /alerts ack': async (alert) => {
      await seed(ctx.db, 'products', [{ sku: 'CHA-100', name: 'Chá mate 100 g', stock: 1, min_stock: 10 }]);
      await slack.bot.runWatchCycle();
      const other = await ctx.db.prisma.alert.findFirstOrThrow({ where: { subject: 'CHA-100' } });
      const reply = await slack.slash('/alerts', `ack ${alert.id} ${other.id}`, ANA);
      expect(reply.all).toContain(`#${alert.id}`);
      expect(reply.all).toContain(`#${other.id}`);
      expect((await ctx.db.prisma.alert.findUniqueOrThrow({ where: { id: other.id } })).status).toBe('open');
      expect(await ctx.db.prisma.auditEvent.count({ where: { action: 'alerts.acknowledge', target: `#${other.id}`, outcome: 'refused' } })).toBe(1);
    },
  };

  for (const [surface, acknowledge] of Object.entries(surfaces)) {
    it(`acknowledging from ${surface} stops the escalation and updates the DM copy in place`, async () => {
      await rotation();
      const alert = await openCriticalAlert();
      slack.clock.advance(30 * MIN);
      await escalate();
      const dm = await waitForDm(ANA);

      await acknowledge(alert, dm);
      await expect.poll(async () => (await alertRow()).status, { timeout: 10_000 }).toBe('acknowledged');
      await slack.bot.drainOutbox();
      const updated = await slack.fake.waitUntil(
        () => dmsTo(ANA).find((m) => m.ts === dm.ts && m.updates > 0),
        10_000,
        () => `the DM updated in place; calls: ${JSON.stringify(slack.fake.callsTo('chat.update').map((c) => c.body.channel))}`,
      );
      expect(slack.fake.callsTo('chat.update').map((c) => c.body.channel)).toContain(dm.channel);
      expect(textOf(updated.blocks)).toContain('acknowledged by <@');
      expect(textOf(updated.blocks)).not.toContain('Acknowledge it to stop the paging.');
      expect(buttonsOf(updated)).not.toContain(`"action_id":"${ALERT_ACTIONS.acknowledge}"`);
      expect(dmsTo(ANA)).toHaveLength(1);
      // The channel message still is the alert's message, updated too.
      expect(await alertRow()).toMatchObject({ channel: STOCK, messageTs: alert.ts });
      await slack.fake.waitUntil(() => slack.fake.messages(STOCK).find((m) => m.ts === alert.ts && m.updates > 0), 10_000, () => 'the channel message updated');

      slack.clock.advance(120 * MIN);
      await escalate();
      expect(await pagedCount()).toBe(1);
      expect(dmsTo(BIA)).toHaveLength(0);
    });
  }

  it('never pages about a snoozed alert, nor one whose cause cleared; a woken alert waits ESCALATE_AFTER again', async () => {
    await rotation();
    const alert = await openCriticalAlert();
    await snoozeAlert(slack.bot.deps, { userId: CLERK }, { alertId: alert.id }, new Date(slack.clock.now().getTime() + 4 * 60 * MIN));
    slack.clock.advance(3 * 60 * MIN);
    await escalate();
    expect(await pagedCount()).toBe(0);

    // The snooze ends; the watcher wakes it: a fresh ESCALATE_AFTER from then.
    slack.clock.advance(61 * MIN);
    await escalate();
    expect(await pagedCount()).toBe(0);
    await slack.bot.runWatchCycle();
    expect((await alertRow()).status).toBe('open');
    slack.clock.advance(29 * MIN);
    await escalate();
    expect(await pagedCount()).toBe(0);
    slack.clock.advance(MIN);
    await escalate();
    expect(await pagedCount()).toBe(1);

    // The cause cleared (restocked): resolved, never paged again.
    await slack.slash('/stock', 'restock CAFE-500 40', CLERK);
    expect((await alertRow()).status).toBe('resolved');
    slack.clock.advance(120 * MIN);
    await escalate();
    expect(await pagedCount()).toBe(1);
    expect(dmsTo(BIA)).toHaveLength(0);
  });

  it('a re-opened alert starts a new episode from the first step', async () => {
    await rotation();
    const alert = await openCriticalAlert();
    slack.clock.advance(30 * MIN);
    await escalate();
    await waitForDm(ANA);
    await slack.slash('/alerts', `resolve ${alert.id}`, CLERK);
    await slack.bot.runWatchCycle(); // still out of stock: re-opened
    expect(await alertRow()).toMatchObject({ status: 'open', reopenCount: 1, escalationLevel: 0, escalatedAt: null });
    slack.clock.advance(30 * MIN);
    await escalate();
    expect(textOf((await waitForDm(ANA, 2)).blocks)).toContain('step 1');
    expect(dmsTo(BIA)).toHaveLength(0);
  });

  it('a restart resumes the ladder without repeating a step', async () => {
    await rotation();
    const alert = await openCriticalAlert();
    slack.clock.advance(30 * MIN);
    await escalate();
    await waitForDm(ANA);

    // Another bot process on the same database (a restart): it knows nothing but what is stored.
    const restarted = await startTestBot(ctx.db, { fake: slack.fake, env: ENV, clock: slack.clock, instanceId: 'restarted' });
    try {
      expect(await restarted.runEscalation()).toBe(true);
      await restarted.drainOutbox();
      expect(await pagedCount()).toBe(1);
      slack.clock.advance(30 * MIN);
      expect(await restarted.runEscalation()).toBe(true);
      await restarted.drainOutbox();
      await waitForDm(BIA);
      await waitForNote(alert.ts, `<@${BIA}> paged — step 2`);
    } finally {
      await restarted.stop();
    }
    expect(await pagedCount()).toBe(2);
    expect(dmsTo(ANA)).toHaveLength(1);
    expect(slack.fake.callsTo('conversations.open').map((c) => c.body.users)).toEqual([ANA, BIA]);
  });

  it('the App Home shows everyone who is on call, and the paged person what was paged to them, with its button', async () => {
    await rotation();
    const alert = await openCriticalAlert();
    slack.clock.advance(30 * MIN);
    await escalate();
    await waitForDm(ANA);

    const homeOf = async (user: string): Promise<JsonObject> => {
      const before = slack.fake.callsTo('views.publish').length;
      expect((await sendEvent(slack.bot.baseUrl, TEST_SIGNING_SECRET, appHomeOpenedEvent(user))).status).toBe(200);
      await slack.fake.waitUntil(() => slack.fake.callsTo('views.publish').slice(before).find((c) => c.body.user_id === user), 10_000, () => `the Home of ${user}`);
      return slack.fake.homeOf(user)!;
    };
    const ana = await homeOf(ANA);
    expect(textOf(ana)).toContain(`*On call now:* <@${ANA}>`);
    expect(textOf(ana)).toContain('*Paged to you* · 1');
    expect(textOf(ana)).toContain(`*#${alert.id}* CAFE-500`);
    expect(textOf(ana)).toContain('step 1 ·');
    expect(JSON.stringify(ana)).toContain(`"value":"${encodeAlertButton({ alertId: alert.id, version: (await alertRow()).version })}"`);
    expect((ana.blocks as JsonObject[])[0]).toMatchObject({ type: 'header', text: { text: '1 alert needs you' } });

    const outsider = await homeOf(OUTSIDER);
    expect(textOf(outsider)).toContain(`*On call now:* <@${ANA}>`);
    expect(textOf(outsider)).not.toContain('Paged to you');
  });
});

describeEachDatabase('escalation in local mode', (ctx) => {
  it('prints the DM in the terminal', async () => {
    // Seeded first: a database with data gets no demo data.
    await seed(ctx.db, 'products', [{ sku: 'CAFE-500', name: 'Café torrado 500 g', stock: 0, min_stock: 10 }]);
    const bot = await startTestBot(ctx.db, { env: { ESCALATE_AFTER: '45s', ADMIN_USERS: ADMIN } });
    try {
      await bot.type(`/oncall set <@${ANA}>`);
      await bot.runWatchCycle();
      bot.clock.advance(45_000);
      expect(await bot.runEscalation()).toBe(true);
      await bot.drainOutbox();
      // The console knows U0ANA0001 as @ana, its demo person, and says so.
      await expect.poll(() => bot.output(), { timeout: 10_000 }).toContain('── DM to @ana · new message ──');
      const printed = bot.output().slice(bot.output().indexOf('── DM to @ana'));
      expect(printed).toContain('Paged to you · step 1: you are on call');
      expect(printed).toContain('CAFE-500');
      expect(printed).toContain('[Acknowledge]');
      // The thread mention goes through the channel's own queue, drained in parallel with the DM's.
      await expect.poll(() => bot.output(), { timeout: 10_000 }).toContain('@ana paged — step 1, on call');
      expect(bot.output()).not.toContain(`@${ANA}`);
    } finally {
      await bot.stop();
    }
  });
});

describeOnServer('escalation with two instances on one database', () => {
  let server: TestDatabase;
  let second: Database;
  beforeAll(async () => {
    server = await createServerTestDatabase();
    second = databaseFromUrl(server.url!);
  });
  afterAll(async () => {
    await second?.close();
    await server?.close();
  });

  it('takes each step once however many runs race for it (row lock, fresh decision, idempotent keys)', async () => {
    const clock = new FakeClock(NOW);
    const env = { ADMIN_USERS: ADMIN, ESCALATE_AFTER: '30m' };
    const [a, b] = [makeTestDeps(server.db, { env, clock }), makeTestDeps(second, { env, clock })];
    await setRotation(a, { userId: ADMIN }, [ANA, BIA]);
    await seed(server.db, 'products', [{ sku: 'CAFE-500', name: 'Café torrado 500 g', stock: 0, min_stock: 10 }]);
    await runWatchCycle(a);

    clock.advance(30 * MIN);
    // Past the job lease (a stalled instance, clock skew): runs on both instances at once.
    const reports = await Promise.all([a, b, a, b, a, b].map((deps) => escalateAlerts(deps)));
    expect(reports.reduce((n, r) => n + r.escalated, 0)).toBe(1);
    expect(await server.db.prisma.alertEvent.count({ where: { type: 'escalated' } })).toBe(1);
    const rows = await server.db.prisma.outboxMessage.findMany({ where: { key: { contains: ':esc:' } }, orderBy: { id: 'asc' }, select: { key: true, channel: true, op: true } });
    expect(rows).toEqual([
      { key: 'alert:1:esc:0:1:U0ANA0001', channel: ANA, op: 'post' },
      { key: 'alert:1:esc:0:1:note', channel: 'local-stock', op: 'reply' },
    ]);
  });
});
