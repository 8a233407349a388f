// Triage in bulk through the real bot over HTTP (signed slash commands and block actions, the
// fake Slack, the real database): `/alerts ack` and `/alerts snooze` with several numbers or a
// filter, and a grouped message's Acknowledge all / Snooze all — permissions checked per alert,
// what was done and what was refused in the reply, the audit trail, each message updated once.
import { expect, it } from 'vitest';
import { GROUP_ACTIONS, MODALS } from '../../src/blocks/action-ids.js';
import { BULK_BATCH } from '../../src/domain/alerts/change-alerts-in-bulk.js';
import { decodeGroupModalContext } from '../../src/slack/listeners/actions/group-buttons.js';
import { validateBlocks, validateView } from '../support/block-kit-limits.js';
import type { JsonObject } from '../support/fake-slack.js';
import { seed } from '../support/seed.js';
import { useSlackBot, type SlackReply } from '../support/slack-bot.js';
import { blockActionPayload, sendBlockAction, sendViewSubmission, viewSubmissionPayload } from '../support/slack-requests.js';
import { TEST_SIGNING_SECRET } from '../support/test-bot.js';
import { describeEachDatabase } from '../support/test-database.js';

const STOCK = 'C0STOCK001';
const CLERK = 'U0STOCK001';
const CASHIER = 'U0FINANC01';
const OUTSIDER = 'U0SALES001';
/** Saturday 2037-11-28, 15:00 in São Paulo; ahead of real time (signed requests must not be "from the future"). */
const NOW = '2037-11-28T18:00:00Z';
const DAY = 86_400_000;

describeEachDatabase('bulk triage', (ctx) => {
  // Stock alerts are posted (storms above 3 grouped); finance alerts are tracked only.
  const slack = useSlackBot(ctx, { env: { STOCK_CHANNEL: STOCK, STOCK_TEAM: CLERK, FINANCE_TEAM: CASHIER, STORM_THRESHOLD: '3' }, now: NOW });

  const alerts = async (text: string, user: string): Promise<SlackReply> => {
    const reply = await slack.slash('/alerts', text, user);
    expect(reply.response_type).toBe('ephemeral');
    expect(validateBlocks(reply.blocks, 'message')).toEqual([]);
    return reply;
  };
  const idOf = async (subject: string) => (await ctx.db.prisma.alert.findFirstOrThrow({ where: { subject } })).id;
  const statusOf = async (subject: string) => (await ctx.db.prisma.alert.findFirstOrThrow({ where: { subject } })).status;
  const bulkAudits = () => ctx.db.prisma.auditEvent.findMany({ where: { action: { endsWith: '.bulk' } }, select: { actor: true, action: true, target: true, outcome: true, details: true } });
  /** Per-alert refusals (the bulk action's own event is counted apart). */
  const refusals = () =>
    ctx.db.prisma.auditEvent.findMany({ where: { outcome: 'refused', NOT: { action: { endsWith: '.bulk' } } }, select: { actor: true, action: true, target: true }, orderBy: { id: 'asc' } });

  /** Three stock alerts posted one by one, three overdue orders (two of one customer) tracked. */
  const openMixed = async () => {
    await seed(ctx.db, 'products', [
      { sku: 'CAFE-500', name: 'Café torrado 500 g', stock: 0, min_stock: 10 },
      { sku: 'ACUCAR-1', name: 'Açúcar 1 kg', stock: 3, min_stock: 10 },
      { sku: 'ARROZ-5', name: 'Arroz 5 kg', stock: 1, min_stock: 10 },
    ]);
    await seed(ctx.db, 'orders', [
      { number: 'PED-1001', customer: 'Padaria Pão Quente', total: '1234.56', due_date: '2037-11-01', status: 'pending' },
      { number: 'PED-1002', customer: 'Padaria  Pão Quente', total: '99.90', due_date: '2037-11-10', status: 'pending' },
      { number: 'PED-1003', customer: 'Bar do Zé', total: '10.00', due_date: '2037-11-20', status: 'pending' },
    ]);
    await slack.bot.runWatchCycle();
    await slack.bot.outboxIdle();
    expect(slack.fake.messages(STOCK).filter((m) => !m.thread_ts)).toHaveLength(3);
    const ids = Object.fromEntries(await Promise.all(['CAFE-500', 'ACUCAR-1', 'ARROZ-5', 'PED-1001', 'PED-1002', 'PED-1003'].map(async (s) => [s, await idOf(s)] as const)));
    return ids as Record<'CAFE-500' | 'ACUCAR-1' | 'ARROZ-5' | 'PED-1001' | 'PED-1002' | 'PED-1003', number>;
  };

  /** Eight low-stock alerts in one cycle: one grouped message with its list in the thread. */
  const openStorm = async () => {
    await seed(ctx.db, 'products', Array.from({ length: 8 }, (_, i) => ({ sku: `SKU-${i + 1}`, name: `Produto ${i + 1}`, stock: i % 2, min_stock: 10 })));
    await slack.bot.runWatchCycle();
    await slack.bot.outboxIdle();
    const group = await ctx.db.prisma.alertGroup.findFirstOrThrow();
    const posts = slack.fake.messages(STOCK).filter((m) => !m.thread_ts);
    expect(posts).toHaveLength(1);
    expect(group.messageTs).toBe(posts[0]!.ts);
    return { group, ts: posts[0]!.ts };
  };
  const groupButtons = (ts: string) =>
    ((slack.fake.messages(STOCK).find((m) => m.ts === ts)?.blocks ?? []) as JsonObject[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements as { action_id: string; value: string }[]);
  const click = async (actionId: string, groupId: number, ts: string, user: string) => {
    const responseUrl = slack.fake.responseUrl();
    const payload = blockActionPayload({ actionId, value: String(groupId), userId: user, channelId: STOCK, messageTs: ts, responseUrl });
    expect((await sendBlockAction(slack.bot.baseUrl, TEST_SIGNING_SECRET, payload)).status).toBe(200);
    return responseUrl;
  };
  const answerTo = async (responseUrl: string) => (await slack.fake.waitForResponse(responseUrl, 10_000)).body as { response_type: string; text: string; blocks: unknown[] };

  it('acknowledges several numbers: done for the stock team, refused for finance (each audited), unknown and resolved ones reported', async () => {
    const ids = await openMixed();
    await alerts(`resolve ${ids['ARROZ-5']}`, CLERK);
    await slack.bot.outboxIdle();
    const updatesBefore = slack.fake.callsTo('chat.update').length;
    const eventsBefore = await ctx.db.prisma.alertEvent.count();

    const reply = await alerts(`ack ${ids['CAFE-500']} #${ids['ACUCAR-1']} ${ids['ARROZ-5']} ${ids['PED-1001']} ${ids['PED-1003']} 99999`, CLERK);
    expect(reply.text).toBe('2 of 6 alerts acknowledged');
    // Numbers in order: ACUCAR-1, ARROZ-5, CAFE-500 were opened in key order.
    expect(reply.all).toContain(`:eyes: Acknowledged (2): #${ids['ACUCAR-1']}, #${ids['CAFE-500']}`);
    expect(reply.all).toContain(`Already resolved (1): #${ids['ARROZ-5']}`);
    expect(reply.all).toContain(`:no_entry: Not allowed (2): #${ids['PED-1001']}, #${ids['PED-1003']} — You are not allowed to change orders and payments. Ask <@${CASHIER}>.`);
    expect(reply.all).toContain('No such alert (1): #99999');

    expect([await statusOf('CAFE-500'), await statusOf('ACUCAR-1'), await statusOf('PED-1001'), await statusOf('PED-1003')]).toEqual(['acknowledged', 'acknowledged', 'open', 'open']);
    const events = await ctx.db.prisma.alertEvent.findMany({ where: { id: { gt: 0 } }, orderBy: { id: 'asc' }, skip: eventsBefore, select: { alertId: true, type: true, actor: true, data: true } });
    expect(events).toEqual([
      { alertId: ids['ACUCAR-1'], type: 'acknowledged', actor: CLERK, data: { version: null, bulk: true } },
      { alertId: ids['CAFE-500'], type: 'acknowledged', actor: CLERK, data: { version: null, bulk: true } },
    ]);
    expect(await refusals()).toEqual([
      { actor: CLERK, action: 'alerts.acknowledge', target: `#${ids['PED-1001']}` },
      { actor: CLERK, action: 'alerts.acknowledge', target: `#${ids['PED-1003']}` },
    ]);
    expect(await bulkAudits()).toEqual([
      {
        actor: CLERK,
        action: 'alerts.acknowledge.bulk',
        target: [ids['CAFE-500'], ids['ACUCAR-1'], ids['ARROZ-5'], ids['PED-1001'], ids['PED-1003'], 99999].map((id) => `#${id}`).join(' '),
        outcome: 'ok',
        details: { matched: 6, done: 2, already: 0, resolved: 1, notFound: 1, refused: 2, failed: 0 },
      },
    ]);

    // Each acknowledged alert's message is updated once, in place.
    await slack.bot.outboxIdle();
    const updated = slack.fake.callsTo('chat.update').slice(updatesBefore).map((c) => c.body.ts);
    const [cafe, acucar] = await Promise.all(['CAFE-500', 'ACUCAR-1'].map((s) => ctx.db.prisma.alert.findFirstOrThrow({ where: { subject: s } })));
    expect([...updated].sort()).toEqual([cafe!.messageTs, acucar!.messageTs].sort());
  });

  it('acknowledges by filter, reporting those already acknowledged; a filter of another team is refused as a whole', async () => {
    const ids = await openMixed();
    await alerts(`ack ${ids['ACUCAR-1']}`, CLERK);

    const reply = await alerts('ack kind:estoque', CLERK);
    expect(reply.text).toBe('2 of 3 alerts acknowledged');
    expect(reply.all).toContain(`Already acknowledged (1): #${ids['ACUCAR-1']}`);
    expect(reply.all).toContain('Selected: kind Low stock');
    expect(await ctx.db.prisma.alert.count({ where: { kind: 'low_stock', status: 'acknowledged' } })).toBe(3);

    const refused = await alerts('ack kind:orders', CLERK);
    expect(refused.text).toBe('0 of 3 alerts acknowledged');
    expect(refused.all).toContain(`Not allowed (3): #${ids['PED-1001']}–#${ids['PED-1003']} — You are not allowed to change orders and payments.`);
    expect(await ctx.db.prisma.alert.count({ where: { kind: 'unpaid_order', status: 'open' } })).toBe(3);
    expect((await bulkAudits()).map((a) => [a.target, a.outcome, (a.details as { done: number; refused: number }).done, (a.details as { refused: number }).refused])).toEqual([
      ['kind:low_stock', 'ok', 2, 0],
      ['kind:unpaid_order', 'refused', 0, 3],
    ]);
    // Nothing not resolved matches: said so, nothing changed.
    expect((await alerts('ack kind:admissions', CLERK)).text).toBe('No alert that is not resolved matches kind Missing admission documents; nothing was changed.');
  });

  it("snoozes one customer's overdue orders by name (`cliente:` as well as `customer:`, quoted, any case and spacing) with a reason", async () => {
    await openMixed();
    const reply = await alerts('snooze cliente:"padaria pão quente" 2d cliente prometeu pagar', CASHIER);
    expect(reply.text).toBe('2 of 2 alerts snoozed until Nov 30, 2037, 3:00 PM');
    expect(reply.all).toContain('Reason: cliente prometeu pagar');
    expect(reply.all).toContain('Selected: customer “padaria pão quente”');
    const snoozed = await ctx.db.prisma.alert.findMany({ where: { status: 'snoozed' }, orderBy: { subject: 'asc' } });
    expect(snoozed.map((a) => [a.subject, a.snoozedBy, a.snoozeReason, a.snoozedUntil?.toISOString()])).toEqual([
      ['PED-1001', CASHIER, 'cliente prometeu pagar', new Date(Date.parse(NOW) + 2 * DAY).toISOString()],
      ['PED-1002', CASHIER, 'cliente prometeu pagar', new Date(Date.parse(NOW) + 2 * DAY).toISOString()],
    ]);
    expect(await statusOf('PED-1003')).toBe('open');
    expect((await bulkAudits())[0]).toMatchObject({ action: 'alerts.snooze.bulk', target: 'customer:"padaria pão quente"', details: { done: 2, until: new Date(Date.parse(NOW) + 2 * DAY).toISOString(), reason: 'cliente prometeu pagar' } });

    // A snooze out of range writes nothing; the usage was right, so it is not shown.
    const before = await ctx.db.prisma.alertEvent.count();
    const tooFar = await alerts('snooze kind:stock 13w', CLERK);
    expect(tooFar.text).toContain('A snooze must end in the future and at most 90 days from now.');
    expect(tooFar.text).not.toContain('Usage');
    expect(await ctx.db.prisma.alertEvent.count()).toBe(before);
  });

  it('loses no alert and half-writes none when one of them cannot be written', async () => {
    const ids = await openMixed();
    // A real database failure for one alert only (a trigger), whatever batch it is in.
    await ctx.db.prisma.$executeRawUnsafe(`CREATE FUNCTION refuse_alert() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$ LANGUAGE plpgsql`);
    await ctx.db.prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_alert BEFORE UPDATE ON alerts FOR EACH ROW WHEN (OLD.id = ${ids['ACUCAR-1']}) EXECUTE FUNCTION refuse_alert()`);
    try {
      const events = await ctx.db.prisma.alertEvent.count();
      const outbox = await ctx.db.prisma.outboxMessage.count();
      const reply = await alerts('ack kind:stock', CLERK);
      expect(reply.text).toBe('2 of 3 alerts acknowledged');
      expect(reply.all).toContain(`Could not be changed (try again) (1): #${ids['ACUCAR-1']}`);
      expect([await statusOf('CAFE-500'), await statusOf('ACUCAR-1'), await statusOf('ARROZ-5')]).toEqual(['acknowledged', 'open', 'acknowledged']);
      expect(await ctx.db.prisma.alertEvent.count()).toBe(events + 2);
      expect(await ctx.db.prisma.alertEvent.count({ where: { alertId: ids['ACUCAR-1'], type: 'acknowledged' } })).toBe(0);
      expect(await ctx.db.prisma.outboxMessage.count({ where: { alertId: ids['ACUCAR-1'], id: { gt: 0 } } })).toBe(1); // its post only
      expect(await ctx.db.prisma.outboxMessage.count()).toBe(outbox + 2);
    } finally {
      await ctx.db.prisma.$executeRawUnsafe('DROP TRIGGER refuse_alert ON alerts');
      await ctx.db.prisma.$executeRawUnsafe('DROP FUNCTION refuse_alert()');
    }
  });

  it('Acknowledge all on a grouped message: the group acknowledged, its message updated once, one line in its thread', async () => {
    const { group, ts } = await openStorm();
    expect(groupButtons(ts).map((b) => [b.action_id, b.value])).toEqual([
      [GROUP_ACTIONS.acknowledgeAll, String(group.id)],
      [GROUP_ACTIONS.snoozeAll, String(group.id)],
    ]);
    // Someone outside the stock team: every alert refused, nothing changed.
    const refused = await answerTo(await click(GROUP_ACTIONS.acknowledgeAll, group.id, ts, OUTSIDER));
    expect(refused).toMatchObject({ response_type: 'ephemeral', text: '0 of 8 alerts acknowledged' });
    expect(JSON.stringify(refused.blocks)).toContain(`Not allowed (8)`);
    expect(await ctx.db.prisma.alert.count({ where: { status: 'open' } })).toBe(8);
    expect(await refusals()).toHaveLength(8);
    expect((await bulkAudits()).map((a) => [a.target, a.outcome])).toEqual([[`group:${group.id}`, 'refused']]);

    const calls = slack.fake.callsTo('chat.postMessage').length;
    const answer = await answerTo(await click(GROUP_ACTIONS.acknowledgeAll, group.id, ts, CLERK));
    expect(answer).toMatchObject({ response_type: 'ephemeral', text: '8 of 8 alerts acknowledged' });
    expect(validateBlocks(answer.blocks, 'message')).toEqual([]);
    expect(JSON.stringify(answer.blocks)).toContain(`Selected: grouped message #${group.id}`);
    expect(await ctx.db.prisma.alert.count({ where: { groupId: group.id, status: 'acknowledged', acknowledgedBy: CLERK } })).toBe(8);

    await slack.bot.outboxIdle();
    expect(slack.fake.callsTo('chat.update').map((c) => c.body.ts)).toEqual([ts]);
    const replies = slack.fake.callsTo('chat.postMessage').slice(calls);
    expect(replies.every((c) => c.body.thread_ts === ts)).toBe(true);
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0]!.body.blocks)).toContain('Acknowledged (8)');
    // Nothing left to acknowledge: only Snooze all remains.
    expect(groupButtons(ts).map((b) => b.action_id)).toEqual([GROUP_ACTIONS.snoozeAll]);
  });

  it('Snooze all opens the snooze modal for the group (refused before any form for someone outside the team) and snoozes its open alerts', async () => {
    const { group, ts } = await openStorm();
    const one = await ctx.db.prisma.alert.findFirstOrThrow({ where: { groupId: group.id }, orderBy: { id: 'asc' } });
    await alerts(`resolve ${one.id}`, CLERK);

    const refused = await answerTo(await click(GROUP_ACTIONS.snoozeAll, group.id, ts, OUTSIDER));
    expect(refused.text).toBe(`You are not allowed to change stock. Ask <@${CLERK}>.`);
    expect(slack.fake.callsTo('views.open')).toHaveLength(0);
    expect(await refusals()).toEqual([{ actor: OUTSIDER, action: 'alerts.snooze', target: `group:${group.id}` }]);

    await click(GROUP_ACTIONS.snoozeAll, group.id, ts, CLERK);
    const [call] = await slack.fake.waitForCalls('views.open');
    const view = call!.body.view as JsonObject & { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe(MODALS.snoozeGroup);
    expect(validateView(view)).toEqual([]);
    expect(JSON.stringify(view)).toContain('The 7 alerts of this grouped message that are not resolved stay quiet until then.');
    expect(decodeGroupModalContext(view.private_metadata)).toEqual({ groupId: group.id, channelId: STOCK, fromHome: false });

    const updates = slack.fake.callsTo('chat.update').length;
    const values = {
      snooze_until: { until: { type: 'radio_buttons', selected_option: { text: { type: 'plain_text' as const, text: '4h' }, value: '4h' } } },
      snooze_date: { date: { type: 'datepicker', selected_date: null } },
      snooze_reason: { reason: { type: 'plain_text_input', value: 'inventário amanhã' } },
    };
    const res = await sendViewSubmission(slack.bot.baseUrl, TEST_SIGNING_SECRET, viewSubmissionPayload({ callbackId: MODALS.snoozeGroup, privateMetadata: view.private_metadata, values, userId: CLERK }));
    expect(res.status).toBe(200);
    const ephemeral = await slack.fake.waitUntil(() => slack.fake.ephemerals(STOCK).find((e) => e.user === CLERK), 10_000, () => 'the Snooze all answer');
    expect(ephemeral.text).toBe('7 of 7 alerts snoozed until Nov 28, 2037, 7:00 PM');
    expect(await ctx.db.prisma.alert.count({ where: { groupId: group.id, status: 'snoozed', snoozedBy: CLERK, snoozeReason: 'inventário amanhã' } })).toBe(7);
    expect((await ctx.db.prisma.alert.findUniqueOrThrow({ where: { id: one.id } })).status).toBe('resolved');
    await slack.bot.outboxIdle();
    expect(slack.fake.callsTo('chat.update').slice(updates).map((c) => c.body.ts)).toEqual([ts]);
  });

  it(`acknowledges a storm larger than one batch (${BULK_BATCH}) entirely, with a reply that stays small`, async () => {
    const count = BULK_BATCH + 40;
    await seed(ctx.db, 'products', Array.from({ length: count }, (_, i) => ({ sku: `SKU-${String(i).padStart(4, '0')}`, name: `Produto ${i}`, stock: 1, min_stock: 10 })));
    await slack.bot.runWatchCycle();
    const reply = await alerts('ack kind:stock', CLERK);
    expect(reply.text).toBe(`${count} of ${count} alerts acknowledged`);
    expect(reply.blocks.length).toBeLessThanOrEqual(3);
    expect(await ctx.db.prisma.alert.count({ where: { status: 'acknowledged' } })).toBe(count);
    expect(await ctx.db.prisma.alertEvent.count({ where: { type: 'acknowledged' } })).toBe(count);
  });
});
