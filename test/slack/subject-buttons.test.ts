// The buttons that fix an alert's cause, end to end: a signed click on the alert message, the modal
// Slack would open (views.open at the fake), a signed submission, the database, and the alert's
// channel message updated in place by the outbox.
import type { ModalView } from '@slack/types';
import { expect, it } from 'vitest';
import { ALERT_ACTIONS, MODALS } from '../../src/blocks/action-ids.js';
import type { Alert } from '../../src/generated/prisma/client.js';
import { decodeModalContext } from '../../src/slack/listeners/interaction.js';
import { NOW, snapshot } from '../commands/orders-admissions.helpers.js';
import { validateView } from '../support/block-kit-limits.js';
import { seed } from '../support/seed.js';
import { textOf, useSlackBot } from '../support/slack-bot.js';
import { blockActionPayload, sendBlockAction, sendViewSubmission, viewSubmissionPayload, type ViewStateValue } from '../support/slack-requests.js';
import { TEST_SIGNING_SECRET } from '../support/test-bot.js';
import { describeEachDatabase } from '../support/test-database.js';

const STOCK = 'C0STOCK001';
const FINANCE = 'C0FINANCE1';
const HR = 'C0HUMANRES';
const STOCKER = 'U0STOCK001';
const CLERK = 'U0FINANCE1';
const ANALYST = 'U0HR00001';
const OUTSIDER = 'U0OUTSIDER';

type Values = Record<string, Record<string, ViewStateValue>>;

const text = (value: string | null): ViewStateValue => ({ type: 'plain_text_input', value });
const option = (value: string) => ({ text: { type: 'plain_text' as const, text: value }, value });

describeEachDatabase('alert buttons that fix the cause', (ctx) => {
  const slack = useSlackBot(ctx, {
    env: {
      STOCK_CHANNEL: STOCK,
      FINANCE_CHANNEL: FINANCE,
      HR_CHANNEL: HR,
      STOCK_TEAM: STOCKER,
      FINANCE_TEAM: CLERK,
      HR_TEAM: ANALYST,
    },
    now: NOW,
  });
  const loadAlert = (subject: string) => ctx.db.prisma.alert.findFirstOrThrow({ where: { subject }, orderBy: { id: 'desc' } });

  /** A product low on stock, an overdue order and a hire missing three documents, each with its alert message posted. */
  const setUp = async () => {
    await seed(ctx.db, 'products', [{ sku: 'SKU-1', name: 'Café torrado 500 g', stock: 2, min_stock: 10, reorder_qty: 40 }]);
    await seed(ctx.db, 'orders', [{ number: 'PED-1001', customer: 'Padaria Pão Quente', total: '1234.56', due_date: '2037-11-10', status: 'pending' }]);
    await seed(ctx.db, 'employees', [
      { code: 'EMP-7', name: 'Ana Beatriz Souza', start_date: '2037-11-30', received_documents: 'cpf|rg|ctps|pis|bank_account' },
    ]);
    expect(await slack.bot.runWatchCycle()).toBe(true);
    await slack.bot.outboxIdle();
    for (const subject of ['SKU-1', 'PED-1001', 'EMP-7']) expect((await loadAlert(subject)).messageTs).toBeTruthy();
  };

  /** A signed click on the alert's button, as it sits on the alert's message. */
  const click = async (actionId: string, alert: Alert, userId: string) => {
    const responseUrl = slack.fake.responseUrl();
    const payload = blockActionPayload({
      actionId,
      value: `${alert.id}:${alert.version}`,
      userId,
      channelId: alert.channel!,
      messageTs: alert.messageTs!,
      responseUrl,
    });
    const res = await sendBlockAction(slack.bot.baseUrl, TEST_SIGNING_SECRET, payload);
    expect(res.status).toBe(200);
    return responseUrl;
  };
  /** The n-th modal opened, checked against Slack's rules. */
  const openedModal = async (n = 1): Promise<ModalView> => {
    const call = (await slack.fake.waitForCalls('views.open', n))[n - 1]!;
    const view = call.body.view as ModalView;
    expect(validateView(view)).toEqual([]);
    expect(call.body.trigger_id).toBeTruthy();
    return view;
  };
  const submit = async (view: ModalView, values: Values, userId: string) => {
    const payload = viewSubmissionPayload({ callbackId: view.callback_id!, privateMetadata: view.private_metadata, values, userId, blocks: view.blocks });
    const res = await sendViewSubmission(slack.bot.baseUrl, TEST_SIGNING_SECRET, payload);
    expect(res.status).toBe(200);
    return res.json as { response_action?: string; errors?: Record<string, string> } | undefined;
  };
  /** The n-th ephemeral message `user` got in `channel` (the answer to a submission). */
  const ephemeral = (channel: string, user: string, n = 1) =>
    slack.fake.waitUntil(
      () => slack.fake.ephemerals(channel).filter((e) => e.user === user)[n - 1],
      5_000,
      () => `no ephemeral #${n} for ${user} in ${channel}: ${JSON.stringify(slack.fake.ephemerals(channel))}`,
    );
  /** The alert's channel message after the outbox sent everything queued. */
  const messageOf = async (channel: string, alert: Alert) => {
    await slack.bot.outboxIdle();
    return slack.fake.messages(channel).find((m) => m.ts === alert.messageTs)!;
  };
  const expectFieldError = async (view: ModalView, values: Values, userId: string, blockId: string, message: string) => {
    const before = await snapshot(ctx.db);
    const answer = await submit(view, values, userId);
    expect(answer?.response_action).toBe('errors');
    expect(Object.keys(answer?.errors ?? {})).toEqual([blockId]);
    expect(answer?.errors?.[blockId]).toContain(message);
    expect(await snapshot(ctx.db)).toBe(before);
  };

  it('Restock: opens a quantity modal, refuses a bad quantity on its field, restocks and resolves the alert in place', async () => {
    await setUp();
    const alert = await loadAlert('SKU-1');
    await click(ALERT_ACTIONS.restock, alert, STOCKER);
    const view = await openedModal();
    expect(view.callback_id).toBe(MODALS.restock);
    expect(view.title.text).toBe('Restock');
    expect(decodeModalContext(view.private_metadata)).toEqual({ alertId: alert.id, version: alert.version, channelId: STOCK, fromHome: false });
    expect(textOf(view.blocks)).toContain('Quantity received (un)');

    const quantity = (value: string | null): Values => ({ restock_quantity: { quantity: { type: 'number_input', value } }, restock_note: { note: text('NF 4411') } });
    for (const bad of ['-5', 'abc', '0', '2.5', null]) {
      await expectFieldError(view, quantity(bad), STOCKER, 'restock_quantity', 'Enter a whole number of units, 1 or more.');
    }

    expect(await submit(view, quantity('40'), STOCKER)).toBeUndefined();
    const done = await ephemeral(STOCK, STOCKER);
    expect(done.text).toContain('restocked *SKU-1*');
    const product = await ctx.db.prisma.product.findUniqueOrThrow({ where: { skuKey: 'sku-1' }, include: { movements: true } });
    expect(product.stock).toBe(42);
    expect(product.movements.find((m) => m.reason === 'restock')).toMatchObject({ delta: 40, note: 'NF 4411', actor: STOCKER });
    expect(await loadAlert('SKU-1')).toMatchObject({ id: alert.id, status: 'resolved', resolvedBy: STOCKER });
    const message = await messageOf(STOCK, alert);
    expect(message.updates).toBe(1);
    expect(JSON.stringify(message.blocks)).toContain('resolved');
    expect(JSON.stringify(message.blocks)).not.toContain(ALERT_ACTIONS.restock); // no buttons once resolved
  });

  it('Mark paid: the order is paid with its reference; the alert resolves by the clerk, its message updated in place', async () => {
    await setUp();
    const alert = await loadAlert('PED-1001');
    await click(ALERT_ACTIONS.markPaid, alert, CLERK);
    const view = await openedModal();
    expect(view.callback_id).toBe(MODALS.markPaid);
    expect(textOf(view.blocks)).toContain('PED-1001');

    expect(await submit(view, { paid_reference: { reference: text('pix-8812') } }, CLERK)).toBeUndefined();
    expect((await ephemeral(FINANCE, CLERK)).text).toContain('Order *PED-1001* (Padaria Pão Quente, R$1,234.56) marked as paid, reference `pix-8812`.');
    const order = await ctx.db.prisma.order.findUniqueOrThrow({ where: { numberKey: 'ped-1001' } });
    expect(order).toMatchObject({ status: 'paid', paymentReference: 'pix-8812' });
    expect(order.paidAt?.toISOString().slice(0, 10)).toBe('2037-11-25');
    expect(await loadAlert('PED-1001')).toMatchObject({ id: alert.id, status: 'resolved', resolvedBy: CLERK });

    const message = await messageOf(FINANCE, alert);
    expect(slack.fake.callsTo('chat.update').map((c) => c.body.ts)).toContain(alert.messageTs);
    expect(message.updates).toBe(1);
    expect(JSON.stringify(message.blocks)).toContain(`<@${CLERK}>`);
  });

  it('Promise to pay: a date after today and within 90 days, or an error on the date; the alert sleeps until 09:00 São Paulo that day', async () => {
    await setUp();
    const alert = await loadAlert('PED-1001');
    await click(ALERT_ACTIONS.promiseToPay, alert, CLERK);
    const view = await openedModal();
    expect(view.callback_id).toBe(MODALS.promiseToPay);
    const date = (selected: string | null): Values => ({ promise_date: { date: { type: 'datepicker', selected_date: selected } } });

    await expectFieldError(view, date('2037-11-25'), CLERK, 'promise_date', 'The promised date must be after today (Nov 25, 2037).');
    await expectFieldError(view, date('2037-10-01'), CLERK, 'promise_date', 'after today');
    await expectFieldError(view, date('2038-02-24'), CLERK, 'promise_date', 'at most 90 days from today (until Feb 23, 2038)');
    await expectFieldError(view, date(null), CLERK, 'promise_date', 'Pick the promised date.');

    expect(await submit(view, date('2037-12-05'), CLERK)).toBeUndefined();
    expect((await ephemeral(FINANCE, CLERK)).text).toContain('Payment promise recorded for Dec 5, 2037');
    const snoozed = await loadAlert('PED-1001');
    expect(snoozed).toMatchObject({ id: alert.id, status: 'snoozed' });
    expect((await ctx.db.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } })).snoozedUntil?.toISOString()).toBe('2037-12-05T12:00:00.000Z');
    const order = await ctx.db.prisma.order.findUniqueOrThrow({ where: { numberKey: 'ped-1001' } });
    expect(order.status).toBe('pending');
    expect(order.promisedDate?.toISOString().slice(0, 10)).toBe('2037-12-05');

    const message = await messageOf(FINANCE, alert);
    expect(message.updates).toBe(1);
    expect(JSON.stringify(message.blocks)).toContain('payment promised for Dec 5, 2037');
  });

  it('Document received: lists only the missing documents; none ticked is an error; the alert shrinks, then resolves', async () => {
    await setUp();
    const alert = await loadAlert('EMP-7');
    await click(ALERT_ACTIONS.documentReceived, alert, ANALYST);
    const view = await openedModal();
    expect(view.callback_id).toBe(MODALS.documents);
    const checkboxes = view.blocks.find((b) => b.block_id === 'documents_1') as { element: { options: { value: string }[] } };
    expect(checkboxes.element.options.map((o) => o.value)).toEqual(['proof_of_address', 'voter_id', 'aso']);
    const ticked = (...codes: string[]): Values => ({ documents_1: { received: { type: 'checkboxes', selected_options: codes.map(option) } } });

    await expectFieldError(view, ticked(), ANALYST, 'documents_1', 'Tick at least one document.');
    expect(await submit(view, ticked('aso'), ANALYST)).toBeUndefined();
    expect((await ephemeral(HR, ANALYST)).text).toContain('Document received from *Ana Beatriz Souza* (EMP-7): ASO (pre-employment medical).');
    const shrunk = await loadAlert('EMP-7');
    expect(shrunk).toMatchObject({ id: alert.id, status: 'open' });
    let message = await messageOf(HR, alert);
    expect(message.updates).toBe(1);
    expect(JSON.stringify(message.blocks)).toContain('2 of 6 missing');

    // The refreshed message carries the new version; its modal lists what is left.
    await click(ALERT_ACTIONS.documentReceived, shrunk, ANALYST);
    const again = await openedModal(2);
    expect((again.blocks.find((b) => b.block_id === 'documents_1') as typeof checkboxes).element.options.map((o) => o.value)).toEqual([
      'proof_of_address',
      'voter_id',
    ]);
    expect(await submit(again, ticked('proof_of_address', 'voter_id'), ANALYST)).toBeUndefined();
    expect((await ephemeral(HR, ANALYST, 2)).text).toContain('All required documents are in.');
    const documents = await ctx.db.prisma.admissionDocument.findMany({ where: { code: { in: ['aso', 'proof_of_address', 'voter_id'] } } });
    expect(documents.every((d) => d.status === 'received' && d.actor === ANALYST)).toBe(true);
    expect(await loadAlert('EMP-7')).toMatchObject({ id: alert.id, status: 'resolved', resolvedBy: ANALYST });
    message = await messageOf(HR, alert);
    expect(message.updates).toBe(2);
    expect(JSON.stringify(message.blocks)).toContain('resolved');
  });

  it('Waive: the same list and a required reason, stored with the waiver', async () => {
    await setUp();
    const alert = await loadAlert('EMP-7');
    await click(ALERT_ACTIONS.waiveDocument, alert, ANALYST);
    const view = await openedModal();
    expect(view.callback_id).toBe(MODALS.documents);
    expect(view.title.text).toBe('Waive documents');
    const values = (reason: string | null): Values => ({
      documents_1: { waive: { type: 'checkboxes', selected_options: [option('voter_id')] } },
      waiver_reason: { reason: text(reason) },
    });

    await expectFieldError(view, values(null), ANALYST, 'waiver_reason', 'A waiver needs a reason');
    expect(await submit(view, values('estrangeira, sem título de eleitor'), ANALYST)).toBeUndefined();
    expect((await ephemeral(HR, ANALYST)).text).toContain('Document waived for *Ana Beatriz Souza* (EMP-7): voter ID.');
    const voter = await ctx.db.prisma.admissionDocument.findFirstOrThrow({ where: { code: 'voter_id' } });
    expect(voter).toMatchObject({ status: 'waived', actor: ANALYST, waiverReason: 'estrangeira, sem título de eleitor' });
    const message = await messageOf(HR, alert);
    expect(message.updates).toBe(1);
    expect(JSON.stringify(message.blocks)).toContain('2 of 6 missing');
  });

  it('a click on an alert resolved meanwhile is answered politely and opens nothing', async () => {
    await setUp();
    const alert = await loadAlert('PED-1001');
    await slack.slash('/orders', 'paid PED-1001', CLERK);
    await slack.bot.outboxIdle();
    const before = await snapshot(ctx.db);

    const responseUrl = await click(ALERT_ACTIONS.markPaid, alert, CLERK); // the old message's button
    const answer = (await slack.fake.waitForResponse(responseUrl)).body as { response_type: string; text: string; replace_original: boolean };
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(answer.text).toBe(`Alert #${alert.id} was already resolved by <@${CLERK}>; nothing was changed.`);
    expect(slack.fake.callsTo('views.open')).toHaveLength(0);
    expect(await snapshot(ctx.db)).toBe(before);
  });

  it('a modal submitted after its alert was resolved changes nothing and says so', async () => {
    await setUp();
    const alert = await loadAlert('PED-1001');
    await click(ALERT_ACTIONS.promiseToPay, alert, CLERK);
    const view = await openedModal();
    await slack.slash('/orders', 'cancel PED-1001', CLERK);
    await slack.bot.outboxIdle();
    const before = await snapshot(ctx.db);

    expect(await submit(view, { promise_date: { date: { type: 'datepicker', selected_date: '2037-12-05' } } }, CLERK)).toBeUndefined();
    expect((await ephemeral(FINANCE, CLERK)).text).toBe(`Alert #${alert.id} was already resolved by <@${CLERK}>; nothing was changed.`);
    await slack.bot.outboxIdle();
    expect(await snapshot(ctx.db)).toBe(before);
  });

  it('someone outside the team is told who can do it, the refusal is audited, and no modal opens', async () => {
    await setUp();
    const alert = await loadAlert('PED-1001');
    const before = await snapshot(ctx.db);
    const responseUrl = await click(ALERT_ACTIONS.markPaid, alert, OUTSIDER);
    const answer = (await slack.fake.waitForResponse(responseUrl)).body as { response_type: string; text: string };
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain('You are not allowed to change orders and payments');
    expect(answer.text).toContain(`<@${CLERK}>`);
    expect(slack.fake.callsTo('views.open')).toHaveLength(0);
    expect(await snapshot(ctx.db)).toBe(before);
    const refused = await ctx.db.prisma.auditEvent.findMany({ where: { outcome: 'refused' } });
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ actor: OUTSIDER, action: 'orders.paid', target: 'PED-1001', details: { area: 'finance' } });
  });
});
