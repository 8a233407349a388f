// The free-text rule on modal inputs, through the real Bolt app over signed HTTP: every modal
// with a text field (Resolve, Snooze, Restock, Mark paid, Waive) submitted with a NUL, a bidi
// override, a zero-width space or an escape character keeps the modal open with the problem
// under that field, naming it by its label — and nothing is written.
import { beforeEach, expect, it } from 'vitest';
import { MODALS } from '../../src/blocks/action-ids.js';
import { encodeModalContext } from '../../src/slack/listeners/interaction.js';
import { snapshot } from '../commands/orders-admissions.helpers.js';
import { badFreeText } from '../support/bad-free-text.js';
import { seed } from '../support/seed.js';
import { useSlackBot } from '../support/slack-bot.js';
import { sendViewSubmission, viewSubmissionPayload, type ViewStateValue } from '../support/slack-requests.js';
import { TEST_SIGNING_SECRET } from '../support/test-bot.js';
import { describeEachDatabase } from '../support/test-database.js';

const CLERK = 'U0CLERK001';
const CHANNEL = 'C0TEAM0001';
const NOW = '2037-11-25T15:00:00Z';

/** Each put at character 4 of the text ("ok \u2026fim"), and what the field then says. */
const BAD = badFreeText(4);

const text = (value: string): ViewStateValue => ({ type: 'plain_text_input', value });
const option = (value: string) => ({ text: { type: 'plain_text' as const, text: value }, value });

interface Modal {
  name: string;
  callbackId: string;
  subject: string;
  /** the field's block_id and label */
  block: string;
  label: string;
  values: (value: string) => Record<string, Record<string, ViewStateValue>>;
}

const MODAL_CASES: Modal[] = [
  { name: 'Resolve', callbackId: MODALS.resolve, subject: 'CAFE-500', block: 'resolve_note', label: 'Note', values: (v) => ({ resolve_note: { note: text(v) } }) },
  {
    name: 'Snooze',
    callbackId: MODALS.snooze,
    subject: 'CAFE-500',
    block: 'snooze_reason',
    label: 'Reason',
    values: (v) => ({ snooze_until: { until: { type: 'radio_buttons', selected_option: option('4h') } }, snooze_reason: { reason: text(v) } }),
  },
  {
    name: 'Restock',
    callbackId: MODALS.restock,
    subject: 'CAFE-500',
    block: 'restock_note',
    label: 'Note',
    values: (v) => ({ restock_quantity: { quantity: { type: 'number_input', value: '40' } }, restock_note: { note: text(v) } }),
  },
  { name: 'Mark paid', callbackId: MODALS.markPaid, subject: 'PED-1001', block: 'paid_reference', label: 'Payment reference', values: (v) => ({ paid_reference: { reference: text(v) } }) },
  {
    name: 'Waive',
    callbackId: MODALS.documents,
    subject: 'EMP-7',
    block: 'waiver_reason',
    label: 'Reason for the waiver',
    values: (v) => ({ documents_1: { waive: { type: 'checkboxes', selected_options: [option('aso')] } }, waiver_reason: { reason: text(v) } }),
  },
];

describeEachDatabase('free text in modals', (ctx) => {
  const slack = useSlackBot(ctx, { now: NOW });
  const alerts = new Map<string, { id: number; version: number }>();

  beforeEach(async () => {
    await seed(ctx.db, 'products', [{ sku: 'CAFE-500', name: 'Café torrado 500 g', stock: 0, min_stock: 10 }]);
    await seed(ctx.db, 'orders', [{ number: 'PED-1001', customer: 'Padaria Pão Quente', total: '1234.56', due_date: '2037-11-01', status: 'pending' }]);
    await seed(ctx.db, 'employees', [{ code: 'EMP-7', name: 'Ana Souza', start_date: '2037-12-03', received_documents: 'cpf|rg' }]);
    await slack.bot.runWatchCycle();
    for (const alert of await ctx.db.prisma.alert.findMany()) alerts.set(alert.subject, { id: alert.id, version: alert.version });
  });

  const submit = (modal: Modal, value: string) => {
    const alert = alerts.get(modal.subject)!;
    const privateMetadata = encodeModalContext({ alertId: alert.id, version: alert.version, channelId: CHANNEL });
    return sendViewSubmission(slack.bot.baseUrl, TEST_SIGNING_SECRET, viewSubmissionPayload({ callbackId: modal.callbackId, privateMetadata, values: modal.values(value), userId: CLERK }));
  };

  it.each(MODAL_CASES.map((m) => [m.name, m] as const))('%s: a hidden character goes back to the field, named; nothing written', async (_name, modal) => {
    const before = await snapshot(ctx.db);
    for (const bad of BAD) {
      const res = await submit(modal, `ok ${bad.char}fim`);
      expect(res.status, bad.what).toBe(200);
      expect(res.json, bad.what).toEqual({ response_action: 'errors', errors: { [modal.block]: `${modal.label}: ${bad.says}` } });
    }
    expect(await snapshot(ctx.db)).toBe(before);
    expect(slack.fake.ephemerals(CHANNEL)).toEqual([]);
  });

  it('Resolve: a note with accents and a ZWJ emoji is taken as typed', async () => {
    const modal = MODAL_CASES[0]!;
    const res = await submit(modal, ' recontado: 40 na prateleira ✅ 👩‍💻 ');
    expect(res.json).toBeUndefined(); // the modal closes
    await expect
      .poll(async () => (await ctx.db.prisma.alert.findUniqueOrThrow({ where: { id: alerts.get('CAFE-500')!.id } })).resolutionNote, { timeout: 10_000 })
      .toBe('recontado: 40 na prateleira ✅ 👩‍💻');
  });
});
