// `/alerts` through the real bot: signed slash commands over HTTP, the real database, the outbox
// sending to the fake Slack. Alerts are opened the way they are in production: a watch cycle.
import { expect, it } from 'vitest';
import { validateBlocks } from '../support/block-kit-limits.js';
import { seed } from '../support/seed.js';
import { useSlackBot } from '../support/slack-bot.js';
import { sendSlashCommand } from '../support/slack-requests.js';
import { TEST_SIGNING_SECRET } from '../support/test-bot.js';
import { describeEachDatabase } from '../support/test-database.js';

const STOCK = 'C0STOCK001';
const CLERK = 'U0STOCK001';
const OTHER = 'U0SALES001';
/**
 * Saturday 2037-11-28, 15:00 in São Paulo. Far ahead on purpose: the HTTP server refuses Slack
 * requests whose timestamp is ahead of the bot's clock, so a fake clock must not lag real time.
 */
const NOW = '2037-11-28T18:00:00Z';
const HOUR = 3_600_000;

interface SlashReply {
  response_type: string;
  text: string;
  blocks: unknown[];
}

describeEachDatabase('/alerts', (ctx) => {
  // Only stock alerts are posted (to check the message updates); the others are tracked only.
  const slack = useSlackBot(ctx, { env: { STOCK_CHANNEL: STOCK, STOCK_TEAM: CLERK }, now: NOW });

  const alerts = async (text: string, user = CLERK): Promise<SlashReply> => {
    const res = await sendSlashCommand(slack.bot.baseUrl, TEST_SIGNING_SECRET, { command: '/alerts', text, user_id: user, channel_id: STOCK });
    expect(res.status).toBe(200);
    const reply = res.json as SlashReply;
    expect(reply.response_type).toBe('ephemeral');
    expect(validateBlocks(reply.blocks, 'message')).toEqual([]);
    return reply;
  };
  const all = (reply: SlashReply) => `${reply.text}\n${JSON.stringify(reply.blocks)}`;
  const alertOf = (subject: string) => ctx.db.prisma.alert.findFirstOrThrow({ where: { subject } });
  const eventsOf = async (id: number) => (await ctx.db.prisma.alertEvent.findMany({ where: { alertId: id }, orderBy: { id: 'asc' } })).map((e) => `${e.type}:${e.actor}`);
  /** Everything about an alert that a refused or stale command must leave alone. */
  const snapshot = async (subject: string) => {
    const alert = await alertOf(subject);
    return { alert, events: await ctx.db.prisma.alertEvent.count(), outbox: await ctx.db.prisma.outboxMessage.count() };
  };

  /** One watch cycle, and its posts sent: the stock alert's message exists in the channel. */
  const openAlerts = async () => {
    await seed(ctx.db, 'products', [
      { sku: 'CAFE-500', name: 'Café torrado 500 g', stock: 0, min_stock: 10 },
      { sku: 'ACUCAR-1', name: 'Açúcar 1 kg', stock: 3, min_stock: 10 },
    ]);
    await seed(ctx.db, 'orders', [{ number: 'PED-1001', customer: 'Padaria Pão Quente', total: '1234.56', due_date: '2037-11-01', status: 'pending' }]);
    await seed(ctx.db, 'employees', [{ code: 'EMP-7', name: 'Ana Souza', start_date: '2037-12-03', received_documents: 'cpf|rg' }]);
    await slack.bot.runWatchCycle();
    await slack.bot.outboxIdle();
    expect(await ctx.db.prisma.alert.count({ where: { kind: 'low_stock', messageTs: null } })).toBe(0);
    expect(slack.fake.messages(STOCK)).toHaveLength(2);
  };
  /** The stock alert's own message, once the outbox has sent what was queued: updated in place. */
  const updatedMessageOf = async (subject: string) => {
    await slack.bot.outboxIdle();
    const alert = await alertOf(subject);
    const message = slack.fake.messages(STOCK).find((m) => m.ts === alert.messageTs);
    expect(message?.updates, `updates of ${subject}'s message (${alert.messageTs ?? 'not posted'})`).toBeGreaterThan(0);
    return message!;
  };

  it('shows its verbs with `help`', async () => {
    const reply = await alerts('help');
    for (const usage of ['/alerts list', '/alerts ack ID…|FILTER…', '/alerts resolve ID [note]', '/alerts snooze ID…|FILTER… DURATION|YYYY-MM-DD [reason]', '/alerts digest']) {
      expect(all(reply)).toContain(usage);
    }
  });

  it('acknowledges with `ack #ID`, updates the alert message in place and records who did it', async () => {
    await openAlerts();
    const cafe = await alertOf('CAFE-500');
    const reply = await alerts(`ack #${cafe.id}`);
    expect(reply.text).toBe(`#${cafe.id} acknowledged`);
    expect(await alertOf('CAFE-500')).toMatchObject({ status: 'acknowledged', acknowledgedBy: CLERK, acknowledgedAt: new Date(NOW), version: cafe.version + 1 });
    expect(await eventsOf(cafe.id)).toEqual(['opened:system', `acknowledged:${CLERK}`]);

    const message = await updatedMessageOf('CAFE-500');
    expect(slack.fake.messages(STOCK).filter((m) => !m.thread_ts)).toHaveLength(2); // updated, not posted anew
    expect(slack.fake.callsTo('chat.update').map((c) => c.body.ts)).toContain(cafe.messageTs);
    expect(JSON.stringify(message.blocks)).toContain(`acknowledged by <@${CLERK}>`);
    // Acknowledged alerts lose the Acknowledge button.
    expect(JSON.stringify(message.blocks)).not.toContain('alert.acknowledge');
  });

  it('accepts the ID with or without #, and refuses an alert already acknowledged', async () => {
    await openAlerts();
    const cafe = await alertOf('CAFE-500');
    expect((await alerts(`ack ${cafe.id}`)).text).toBe(`#${cafe.id} acknowledged`);
    const again = await alerts(`ack ${cafe.id}`);
    expect(again.text).toContain(`Alert #${cafe.id} is already acknowledged by <@${CLERK}>`);
    // A refusal by the domain: the usage was right, so it is not repeated (issue 9, item 8).
    expect(again.text).not.toContain('Usage');
  });

  it('answers an unknown ID with the problem, a malformed one with the usage too, writing nothing', async () => {
    await openAlerts();
    const before = await snapshot('CAFE-500');
    const unknown = await alerts('ack #999');
    expect(unknown.text).toContain('There is no alert #999');
    expect(unknown.text).not.toContain('Usage');
    const malformed = await alerts('ack café');
    expect(malformed.text).toContain('ID `café` must be an alert number like #42');
    expect(malformed.text).toContain('/alerts ack ID');
    const missing = await alerts('resolve');
    expect(missing.text).toContain('Missing ID');
    expect(missing.text).toContain('/alerts resolve ID [note]');
    expect(await snapshot('CAFE-500')).toEqual(before);
  });

  it('resolves with a note; the message shows who resolved it, and resolving again is refused', async () => {
    await openAlerts();
    const acucar = await alertOf('ACUCAR-1');
    const reply = await alerts(`resolve ${acucar.id} conferido: 40 na prateleira & no estoque`);
    expect(reply.text).toBe(`#${acucar.id} resolved`);
    expect(all(reply)).toContain('conferido: 40 na prateleira &amp; no estoque');
    expect(await alertOf('ACUCAR-1')).toMatchObject({ status: 'resolved', resolvedBy: CLERK, resolutionNote: 'conferido: 40 na prateleira & no estoque', verifyResolution: true });
    const message = await updatedMessageOf('ACUCAR-1');
    expect(JSON.stringify(message.blocks)).toContain(`resolved by <@${CLERK}>`);

    const before = await snapshot('ACUCAR-1');
    const again = await alerts(`resolve ${acucar.id}`);
    expect(again.text).toContain(`Alert #${acucar.id} was already resolved by <@${CLERK}>; nothing was changed.`);
    expect(again.text).not.toContain('Usage');
    expect(await snapshot('ACUCAR-1')).toEqual(before);
  });

  it('snoozes for a duration from now, or until a date at 09:00 in BOT_TIMEZONE, with a reason', async () => {
    await openAlerts();
    const cafe = await alertOf('CAFE-500');
    const forHours = await alerts(`snooze ${cafe.id} 4h fornecedor entrega hoje`);
    expect(forHours.text).toMatch(new RegExp(`^#${cafe.id} snoozed until Nov 28, 2037, 7:00\\sPM$`));
    expect(all(forHours)).toContain('Reason: fornecedor entrega hoje');
    expect(await alertOf('CAFE-500')).toMatchObject({ status: 'snoozed', snoozedBy: CLERK, snoozeReason: 'fornecedor entrega hoje', snoozedUntil: new Date(slack.clock.now().getTime() + 4 * HOUR) });

    await alerts(`snooze ${cafe.id} 2037-12-02`);
    // 09:00 in São Paulo (UTC−3)
    expect((await alertOf('CAFE-500')).snoozedUntil).toEqual(new Date('2037-12-02T12:00:00Z'));
    const message = await updatedMessageOf('CAFE-500');
    expect(JSON.stringify(message.blocks)).toContain('Dec 2, 2037, 9:00');
    expect(await eventsOf(cafe.id)).toEqual(['opened:system', `snoozed:${CLERK}`, `snoozed:${CLERK}`]);
  });

  it('refuses a bad duration (with the usage), a past date or one more than 90 days ahead, writing nothing', async () => {
    await openAlerts();
    const cafe = await alertOf('CAFE-500');
    const before = await snapshot('CAFE-500');
    const usage = '/alerts snooze ID…|FILTER… DURATION|YYYY-MM-DD [reason]';
    const mixed = await alerts(`snooze ${cafe.id} 1h30m`);
    expect(mixed.text).toContain('DURATION|YYYY-MM-DD `1h30m` must be a duration like 4h or a date DD/MM/AAAA');
    expect(mixed.text).toContain(usage);
    const badDate = await alerts(`snooze ${cafe.id} 2037-02-30`);
    expect(badDate.text).toContain('`2037-02-30` is not a real date: that day does not exist');
    const monthFirst = await alerts(`snooze ${cafe.id} 12/31/2037`);
    expect(monthFirst.text).toContain('`12/31/2037` is not a date: month 31 does not exist (dates are DD/MM/AAAA)');
    // Today's 09:00 is already past at 15:00.
    for (const until of ['2037-11-28', '2037-11-01', '2038-03-01', '13w']) {
      const reply = await alerts(`snooze ${cafe.id} ${until}`);
      expect(reply.text).toContain('A snooze must end in the future and at most 90 days from now.');
      // Well-formed, refused by the rule: the message says it all, without the usage.
      expect(reply.text).not.toContain(usage);
    }
    const missing = await alerts(`snooze ${cafe.id}`);
    expect(missing.text).toContain('Missing DURATION|YYYY-MM-DD');
    expect(await snapshot('CAFE-500')).toEqual(before);
  });

  it("refuses a change by someone outside the alert's team, naming who may, and records the refusal", async () => {
    await openAlerts();
    const cafe = await alertOf('CAFE-500');
    const before = await snapshot('CAFE-500');
    const reply = await alerts(`ack ${cafe.id}`, OTHER);
    expect(reply.text).toBe(`You are not allowed to change stock. Ask <@${CLERK}>.`);
    expect(await snapshot('CAFE-500')).toEqual(before);
    expect(await ctx.db.prisma.auditEvent.findMany({ where: { action: { startsWith: 'alerts.' } }, select: { actor: true, action: true, target: true, outcome: true } })).toEqual([
      { actor: OTHER, action: 'alerts.acknowledge', target: `#${cafe.id}`, outcome: 'refused' },
    ]);
    // Nobody restricted finance (FINANCE_TEAM unset): anyone may acknowledge an overdue order.
    const order = await alertOf('PED-1001');
    expect((await alerts(`ack ${order.id}`, OTHER)).text).toBe(`#${order.id} acknowledged`);
  });

  it('lists what is not resolved per team, oldest first, with who acknowledged and until when snoozed', async () => {
    await openAlerts();
    const [cafe, acucar, order, hire] = await Promise.all(['CAFE-500', 'ACUCAR-1', 'PED-1001', 'EMP-7'].map(alertOf));
    await alerts(`ack ${acucar!.id}`);
    await alerts(`snooze ${hire!.id} 2037-12-01 aguardando exame`, OTHER);
    // A newer stock alert, opened an hour later, comes after the older ones.
    slack.clock.advance(HOUR);
    await seed(ctx.db, 'products', [{ sku: 'ARROZ-5', name: 'Arroz 5 kg', stock: 1, min_stock: 10 }]);
    await slack.bot.runWatchCycle();
    await alerts(`resolve ${cafe!.id}`);

    const reply = await alerts('list');
    const text = all(reply);
    expect(reply.text).toBe('Open alerts: 4');
    expect(text).not.toContain('CAFE-500'); // resolved
    const order_ = ['*Low stock* · 2', `*#${acucar!.id}* ACUCAR-1`, '*#', 'ARROZ-5', '*Overdue orders* · 1', `*#${order!.id}* PED-1001`, '*Missing admission documents* · 1', `*#${hire!.id}* EMP-7`];
    let at = -1;
    for (const piece of order_) {
      const next = text.indexOf(piece, at + 1);
      expect(next, `${piece} after position ${at}`).toBeGreaterThan(at);
      at = next;
    }
    expect(text).toContain(`:eyes: acknowledged by <@${CLERK}>`);
    expect(text).toContain(`:zzz: snoozed by <@${OTHER}> until Dec 1, 2037, 9:00`);
    expect(text).toContain('R$1,234.56'); // the order's key figure
    expect(text).toContain('open since Nov 28, 2037, 4:00'); // ARROZ-5, an hour later
    expect(text).not.toContain('could not be posted');
  });

  it('caps each team at 20 lines with an "N more" line, and says so when nothing is open', async () => {
    expect((await alerts('list')).text).toBe('Open alerts: 0');
    expect(all(await alerts('list'))).toContain('No open alerts.');

    await seed(ctx.db, 'orders', Array.from({ length: 23 }, (_, i) => ({ number: `PED-${100 + i}`, customer: `Cliente ${i}`, total: '10.00', due_date: '2037-11-20', status: 'pending' })));
    await slack.bot.runWatchCycle();
    const reply = await alerts('list');
    expect(reply.text).toBe('Open alerts: 23');
    const text = all(reply);
    expect(text.match(/\*#\d+\* PED-/g)).toHaveLength(20);
    expect(text).toContain('PED-100');
    expect(text).not.toContain('PED-122');
    expect(text).toContain('…and 3 newer ones.');
  });

  it('shows channel messages that could not be posted: how many, why, where, when and which alert', async () => {
    await openAlerts();
    const order = await alertOf('PED-1001');
    await ctx.db.prisma.outboxMessage.create({
      data: {
        key: `alert:${order.id}:post`,
        channel: 'C0FINANCE1',
        op: 'post',
        payload: { text: 'x', blocks: [] },
        alertId: order.id,
        status: 'failed',
        lastError: 'channel_not_found',
        createdAt: new Date('2037-11-28T13:30:00Z'),
      },
    });
    const reply = await alerts('list', OTHER);
    const text = all(reply);
    expect(reply.text).toContain('1 channel message could not be posted');
    expect(text).toContain('`channel_not_found` in <#C0FINANCE1>: 1');
    expect(text).toMatch(new RegExp(`Nov 28, 2037, 10:30\\sAM · <#C0FINANCE1> · new message of alert #${order.id} PED-1001 · \`channel_not_found\``));
    // The alerts are still listed alongside.
    expect(text).toContain(`*#${order.id}* PED-1001`);
  });

  it('never drops failed messages silently: all are counted, the oldest beyond the latest ten summed up', async () => {
    await ctx.db.prisma.outboxMessage.createMany({
      data: Array.from({ length: 12 }, (_, i) => ({
        key: `digest:${i}`,
        channel: i < 9 ? 'C0GONE0001' : 'U0MANAGER1',
        op: 'post' as const,
        payload: { text: 'x', blocks: [] },
        status: 'failed' as const,
        lastError: i < 9 ? 'is_archived' : 'invalid_blocks: `text` too long <script>',
      })),
    });
    const reply = await alerts('list');
    const text = all(reply);
    expect(reply.text).toContain('12 channel messages could not be posted');
    expect(text).toContain('`is_archived` in <#C0GONE0001>: 9');
    expect(text).toContain("`invalid_blocks: 'text' too long &lt;script&gt;` in <@U0MANAGER1>: 3");
    expect(text.match(/ · new message · /g)).toHaveLength(10);
    expect(text).toContain('…and 2 older ones, counted above.');
  });
});
