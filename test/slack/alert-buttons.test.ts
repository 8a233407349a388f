// Acknowledge, Resolve and Snooze on an alert message, through the real Bolt app over HTTP with
// signed block_actions / view_submission payloads shaped like Slack's, against the fake Slack.
import { expect, it } from 'vitest';
import { ALERT_ACTIONS, MODALS, encodeAlertButton } from '../../src/blocks/action-ids.js';
import { resolveAlert } from '../../src/domain/alerts/change-alert.js';
import { decodeModalContext } from '../../src/slack/listeners/interaction.js';
import { validateView } from '../support/block-kit-limits.js';
import type { JsonObject } from '../support/fake-slack.js';
import { seed } from '../support/seed.js';
import { useSlackBot } from '../support/slack-bot.js';
import {
  blockActionPayload,
  sendBlockAction,
  sendViewSubmission,
  viewSubmissionPayload,
  type ViewStateValue,
} from '../support/slack-requests.js';
import { TEST_SIGNING_SECRET } from '../support/test-bot.js';
import { describeEachDatabase } from '../support/test-database.js';

const STOCK = 'C0STOCK001';
const CLERK = 'U0STOCK001';
const COLLEAGUE = 'U0STOCK002';
const OUTSIDER = 'U0SALES001';
/**
 * Saturday 2037-11-28, 15:00 in São Paulo. Far ahead on purpose: the HTTP server refuses Slack
 * requests whose timestamp is ahead of the bot's clock, so a fake clock must not lag real time.
 */
const NOW = '2037-11-28T18:00:00Z';

describeEachDatabase('alert buttons', (ctx) => {
  const slack = useSlackBot(ctx, { env: { STOCK_CHANNEL: STOCK, STOCK_TEAM: `${CLERK},${COLLEAGUE}` }, now: NOW });

  /** A low-stock alert, posted: its row and its message's ts in the channel. */
  const openStockAlert = async () => {
    await seed(ctx.db, 'products', [{ sku: 'CAFE-500', name: 'Café torrado 500 g', stock: 0, min_stock: 10 }]);
    await slack.bot.runWatchCycle();
    await slack.bot.outboxIdle();
    const [message] = slack.fake.messages(STOCK);
    expect(slack.fake.messages(STOCK)).toHaveLength(1);
    const alert = await ctx.db.prisma.alert.findFirstOrThrow({ where: { subject: 'CAFE-500' } });
    expect(alert.messageTs).toBe(message!.ts);
    return { alert, ts: message!.ts };
  };
  const alertNow = (id: number) => ctx.db.prisma.alert.findUniqueOrThrow({ where: { id } });
  /** What a refused or stale click must leave alone. */
  const state = async (id: number) => ({ alert: await alertNow(id), events: await ctx.db.prisma.alertEvent.count(), outbox: await ctx.db.prisma.outboxMessage.count() });

  const click = async (actionId: string, target: { alert: { id: number; version: number }; ts: string }, user = CLERK, where: 'message' | 'home' = 'message') => {
    const responseUrl = slack.fake.responseUrl();
    const triggerId = `${Date.now()}.trigger-${actionId}`;
    const payload = blockActionPayload({
      actionId,
      value: encodeAlertButton({ alertId: target.alert.id, version: target.alert.version }),
      userId: user,
      triggerId,
      ...(where === 'home'
        ? { view: { type: 'home', callback_id: '', private_metadata: '', blocks: [], state: { values: {} }, hash: '1.1' } }
        : { channelId: STOCK, messageTs: target.ts, responseUrl }),
    });
    const res = await sendBlockAction(slack.bot.baseUrl, TEST_SIGNING_SECRET, payload);
    expect(res.status).toBe(200);
    return { responseUrl, triggerId };
  };
  /** The ephemeral answer to a click on a message, via its response_url. */
  const answerTo = async (responseUrl: string) => (await slack.fake.waitForResponse(responseUrl)).body as { response_type: string; replace_original: boolean; text: string };
  const openedView = async () => {
    const [call] = await slack.fake.waitForCalls('views.open');
    return { call: call!, view: call!.body.view as JsonObject & { callback_id: string; private_metadata: string; blocks: JsonObject[] } };
  };
  const submit = (callbackId: string, privateMetadata: string, values: Record<string, Record<string, ViewStateValue>>, user = CLERK) =>
    sendViewSubmission(slack.bot.baseUrl, TEST_SIGNING_SECRET, viewSubmissionPayload({ callbackId, privateMetadata, values, userId: user }));
  /** The answer to a modal submission: an ephemeral message in the alert's channel. */
  const ephemeralFor = (user: string, text: string) =>
    slack.fake.waitUntil(() => slack.fake.ephemerals(STOCK).find((e) => e.user === user && e.text?.includes(text)), 10_000, () => `an ephemeral "${text}" for ${user}; got ${JSON.stringify(slack.fake.ephemerals(STOCK).map((e) => e.text))}`);
  /** The alert's own message once the outbox updated it in place, showing `text`. */
  const messageShowing = async (ts: string, text: string) => {
    await slack.bot.outboxIdle();
    const message = slack.fake.messages(STOCK).find((m) => m.ts === ts);
    expect(message?.updates, `updates of message ${ts}`).toBeGreaterThan(0);
    expect(JSON.stringify(message!.blocks)).toContain(text);
    return message!;
  };

  it('Acknowledge: acknowledges at once, answers ephemerally and updates the message in place', async () => {
    const target = await openStockAlert();
    const { responseUrl } = await click(ALERT_ACTIONS.acknowledge, target);
    expect(await answerTo(responseUrl)).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: `#${target.alert.id} acknowledged` });
    expect(await alertNow(target.alert.id)).toMatchObject({ status: 'acknowledged', acknowledgedBy: CLERK, acknowledgedAt: new Date(NOW), version: 2 });
    expect(await ctx.db.prisma.alertEvent.findMany({ select: { type: true, actor: true, data: true } })).toEqual([
      { type: 'opened', actor: 'system', data: null },
      { type: 'acknowledged', actor: CLERK, data: { version: 1 } },
    ]);

    const message = await messageShowing(target.ts, `acknowledged by <@${CLERK}>`);
    expect(JSON.stringify(message.blocks)).not.toContain(ALERT_ACTIONS.acknowledge);
    expect(slack.fake.callsTo('chat.update').map((c) => c.body.ts)).toEqual([target.ts]);
    expect(slack.fake.messages(STOCK)).toHaveLength(1);
    expect(slack.fake.callsTo('views.open')).toHaveLength(0);
  });

  it('Acknowledge on the App Home answers by DM (there is no response_url) and still updates the channel message', async () => {
    const target = await openStockAlert();
    await click(ALERT_ACTIONS.acknowledge, target, CLERK, 'home');
    const dm = await slack.fake.waitUntil(() => slack.fake.messages(CLERK)[0], 10_000, () => 'a DM to the clerk');
    expect(dm.text).toBe(`#${target.alert.id} acknowledged`);
    expect((await alertNow(target.alert.id)).status).toBe('acknowledged');
    await messageShowing(target.ts, `acknowledged by <@${CLERK}>`);
  });

  it('Resolve: opens the modal at once (nothing written yet), then resolves with the note', async () => {
    const target = await openStockAlert();
    const before = await state(target.alert.id);
    const { triggerId } = await click(ALERT_ACTIONS.resolve, target);
    const { call, view } = await openedView();
    expect(call.body.trigger_id).toBe(triggerId);
    expect(view.callback_id).toBe(MODALS.resolve);
    expect(validateView(view)).toEqual([]);
    expect(decodeModalContext(view.private_metadata)).toEqual({ alertId: target.alert.id, version: 1, channelId: STOCK, fromHome: false });
    expect(JSON.stringify(view.blocks)).toContain('CAFE-500');
    const note = view.blocks.find((b) => b.block_id === 'resolve_note');
    expect(note).toMatchObject({ type: 'input', optional: true, element: { type: 'plain_text_input', multiline: true, max_length: 500 } });
    expect(await state(target.alert.id)).toEqual(before);

    const res = await submit(MODALS.resolve, view.private_metadata, { resolve_note: { note: { type: 'plain_text_input', value: ' recontado: 40 na prateleira ' } } });
    expect(res.status).toBe(200);
    expect(res.json).toBeUndefined(); // the modal closes
    const answer = await ephemeralFor(CLERK, `#${target.alert.id} resolved`);
    expect(JSON.stringify(answer.blocks)).toContain('recontado: 40 na prateleira');
    expect(await alertNow(target.alert.id)).toMatchObject({ status: 'resolved', resolvedBy: CLERK, resolutionNote: 'recontado: 40 na prateleira', version: 2 });
    await messageShowing(target.ts, `resolved by <@${CLERK}>: recontado: 40 na prateleira`);
  });

  it('Resolve: a note over 500 characters goes back to the field; nothing is written', async () => {
    const target = await openStockAlert();
    await click(ALERT_ACTIONS.resolve, target);
    const { view } = await openedView();
    const before = await state(target.alert.id);
    const res = await submit(MODALS.resolve, view.private_metadata, { resolve_note: { note: { type: 'plain_text_input', value: 'x'.repeat(501) } } });
    expect(res.json).toEqual({ response_action: 'errors', errors: { resolve_note: 'Note: at most 500 characters, please (501 given).' } });
    expect(await state(target.alert.id)).toEqual(before);
  });

  it('Snooze: opens the modal with its five choices, and snoozes until next Monday 09:00 with the reason', async () => {
    const target = await openStockAlert();
    const { triggerId } = await click(ALERT_ACTIONS.snooze, target);
    const { call, view } = await openedView();
    expect(call.body.trigger_id).toBe(triggerId);
    expect(view.callback_id).toBe(MODALS.snooze);
    expect(validateView(view)).toEqual([]);
    const radios = view.blocks.find((b) => b.block_id === 'snooze_until') as { element: { type: string; options: { value: string; description?: { text: string } }[] } };
    expect(radios.element.type).toBe('radio_buttons');
    expect(radios.element.options.map((o) => o.value)).toEqual(['1h', '4h', 'tomorrow', 'next_monday', 'date']);
    expect(radios.element.options[3]!.description?.text).toMatch(/^Nov 30, 2037, 9:00\sAM$/);
    // The datepicker sits right after the radio buttons.
    const index = view.blocks.indexOf(radios as unknown as JsonObject);
    expect(view.blocks[index + 1]).toMatchObject({ type: 'input', block_id: 'snooze_date', element: { type: 'datepicker', initial_date: '2037-11-29' } });

    await submit(MODALS.snooze, view.private_metadata, {
      snooze_until: { until: { type: 'radio_buttons', selected_option: { text: { type: 'plain_text', text: 'Next Monday' }, value: 'next_monday' } } },
      snooze_date: { date: { type: 'datepicker', selected_date: '2037-11-29' } },
      snooze_reason: { reason: { type: 'plain_text_input', value: 'fornecedor entrega na segunda' } },
    });
    await ephemeralFor(CLERK, `#${target.alert.id} snoozed until Nov 30, 2037, 9:00`);
    expect(await alertNow(target.alert.id)).toMatchObject({
      status: 'snoozed',
      snoozedBy: CLERK,
      snoozedUntil: new Date('2037-11-30T12:00:00Z'),
      snoozeReason: 'fornecedor entrega na segunda',
    });
    await messageShowing(target.ts, `snoozed by <@${CLERK}> until Nov 30, 2037, 9:00`);
  });

  it('refuses a click on an alert resolved by someone else meanwhile: a polite answer, no modal, nothing changed', async () => {
    const target = await openStockAlert();
    // The Resolve modal was opened while the alert was still open …
    await click(ALERT_ACTIONS.resolve, target);
    const { view } = await openedView();
    // … and a colleague resolved it meanwhile.
    await resolveAlert(slack.bot.deps, { userId: COLLEAGUE }, { alertId: target.alert.id }, 'já reposto');
    // Its update of the message sent first: the clicks below must find nothing more to send.
    await slack.bot.outboxIdle();
    const before = await state(target.alert.id);
    slack.fake.reset();

    const stale = `Alert #${target.alert.id} was already resolved by <@${COLLEAGUE}>; nothing was changed.`;
    const ack = await click(ALERT_ACTIONS.acknowledge, target);
    expect((await answerTo(ack.responseUrl)).text).toBe(stale);
    const snooze = await click(ALERT_ACTIONS.snooze, target);
    expect((await answerTo(snooze.responseUrl)).text).toBe(stale);
    expect(slack.fake.callsTo('views.open')).toHaveLength(0);
    await submit(MODALS.resolve, view.private_metadata, {});
    await ephemeralFor(CLERK, stale);
    expect(await state(target.alert.id)).toEqual(before);
  });

  it("refuses someone outside the alert's team before any modal, naming who may, and audits the refusal", async () => {
    const target = await openStockAlert();
    const before = await state(target.alert.id);
    const refusal = `You are not allowed to change stock. Ask <@${CLERK}>, <@${COLLEAGUE}>.`;
    const ack = await click(ALERT_ACTIONS.acknowledge, target, OUTSIDER);
    expect(await answerTo(ack.responseUrl)).toMatchObject({ response_type: 'ephemeral', text: refusal });
    const resolve = await click(ALERT_ACTIONS.resolve, target, OUTSIDER);
    expect((await answerTo(resolve.responseUrl)).text).toBe(refusal);
    expect(slack.fake.callsTo('views.open')).toHaveLength(0);
    expect(await state(target.alert.id)).toEqual(before);
    expect(await ctx.db.prisma.auditEvent.findMany({ orderBy: { id: 'asc' }, select: { actor: true, action: true, target: true, outcome: true } })).toEqual([
      { actor: OUTSIDER, action: 'alerts.acknowledge', target: `#${target.alert.id}`, outcome: 'refused' },
      { actor: OUTSIDER, action: 'alerts.resolve', target: `#${target.alert.id}`, outcome: 'refused' },
    ]);
  });

  it('answers 401 to a bad signature or a timestamp older than five minutes, and changes nothing', async () => {
    const target = await openStockAlert();
    const before = await state(target.alert.id);
    const payload = blockActionPayload({
      actionId: ALERT_ACTIONS.acknowledge,
      value: encodeAlertButton({ alertId: target.alert.id, version: 1 }),
      userId: CLERK,
      channelId: STOCK,
      messageTs: target.ts,
      responseUrl: slack.fake.responseUrl(),
    });
    expect((await sendBlockAction(slack.bot.baseUrl, TEST_SIGNING_SECRET, payload, { badSignature: true })).status).toBe(401);
    expect((await sendBlockAction(slack.bot.baseUrl, TEST_SIGNING_SECRET, payload, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    const submission = viewSubmissionPayload({
      callbackId: MODALS.resolve,
      privateMetadata: JSON.stringify({ alertId: target.alert.id, version: 1, channelId: STOCK }),
      userId: CLERK,
    });
    expect((await sendViewSubmission(slack.bot.baseUrl, TEST_SIGNING_SECRET, submission, { badSignature: true })).status).toBe(401);
    expect((await sendViewSubmission(slack.bot.baseUrl, TEST_SIGNING_SECRET, submission, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    // Bolt gets a request only once its receipt is claimed: none was, so none can still be acting.
    expect(await ctx.db.prisma.slackRequestReceipt.count()).toBe(0);
    expect(await state(target.alert.id)).toEqual(before);
    expect(slack.fake.responses).toHaveLength(0);
    expect(slack.fake.ephemerals(STOCK)).toHaveLength(0);
  });
});
