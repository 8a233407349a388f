// /orders end to end: the real Bolt app over signed HTTP, the fake Slack, a real database, the
// bot's locale pt-BR. Every change is checked in the database; every refusal changes nothing.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../support/fake-clock.js';
import { seed } from '../support/seed.js';
import { useSlackBot } from '../support/slack-bot.js';
import { startTestBot } from '../support/test-bot.js';
import { describeEachDatabase } from '../support/test-database.js';
import { NOW, snapshot } from './orders-admissions.helpers.js';

const FINANCE = 'C0FINANCE1';
const CLERK = 'U0FINANCE1';
const OUTSIDER = 'U0OUTSIDER';

const ORDERS = [
  { number: 'PED-1001', customer: 'Padaria Pão Quente Ltda.', total: '1234.56', due_date: '2037-11-10', status: 'pending' },
  { number: 'PED-1002', customer: 'Mercadinho São João', total: '8790.00', due_date: '2037-09-01', status: 'pending' },
  { number: 'PED-1003', customer: 'Lanchonete Esquina', total: '310.00', due_date: '2037-12-05', status: 'pending' },
  { number: 'PED-1004', customer: 'Hotel Beira-Mar', total: '22500.00', due_date: '2037-10-01', status: 'paid', paid_at: '2037-10-02' },
  { number: 'PED-1005', customer: 'Bar do Zé', total: '99.90', due_date: '2037-10-15', status: 'cancelled' },
  { number: 'PED-1006', customer: 'Quitanda Hoje', total: '50.00', due_date: '2037-11-25', status: 'pending' },
];

describeEachDatabase('/orders over Slack', (ctx) => {
  const slack = useSlackBot(ctx, { env: { BOT_LOCALE: 'pt-BR', FINANCE_CHANNEL: FINANCE, FINANCE_TEAM: CLERK }, now: NOW });
  const orders = (text: string, user = CLERK) => slack.slash('/orders', text, user);
  const order = (number: string) => ctx.db.prisma.order.findUniqueOrThrow({ where: { numberKey: number.toLowerCase() } });
  const alertOf = (number: string) => ctx.db.prisma.alert.findFirstOrThrow({ where: { subject: number }, orderBy: { id: 'desc' } });
  /** a watch cycle, its messages sent: PED-1001 and PED-1002 get their alert message in the finance channel */
  const postAlerts = async () => {
    expect(await slack.bot.runWatchCycle()).toBe(true);
    await slack.bot.outboxIdle();
  };
  /** the outbox sent what the last change queued; the message in the channel, as Slack holds it */
  const alertMessage = async (ts: string, updates: number) => {
    await slack.bot.outboxIdle();
    const message = slack.fake.messages(FINANCE).find((m) => m.ts === ts);
    expect(message?.updates).toBe(updates);
    return message!;
  };
  const expectRefusal = async (text: string, message: string | RegExp, usage?: string) => {
    const before = await snapshot(ctx.db);
    const reply = await orders(text);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.all).toMatch(message);
    if (usage) expect(reply.all).toContain(usage);
    expect(await snapshot(ctx.db)).toBe(before);
  };

  describe('list and show', () => {
    it('lists pending orders, oldest due date first, with amounts in reais and how late they are', async () => {
      await seed(ctx.db, 'orders', ORDERS);
      const reply = await orders('list', OUTSIDER); // reading is open to everyone
      expect(reply.response_type).toBe('ephemeral');
      expect(reply.all).toContain('Pedidos pendentes');
      const position = (n: string) => reply.all.indexOf(n);
      expect(position('PED-1002')).toBeGreaterThan(-1);
      expect(position('PED-1002')).toBeLessThan(position('PED-1001'));
      expect(position('PED-1001')).toBeLessThan(position('PED-1006'));
      expect(position('PED-1006')).toBeLessThan(position('PED-1003'));
      expect(reply.all).not.toContain('PED-1004'); // paid
      expect(reply.all).not.toContain('PED-1005'); // cancelled
      expect(reply.all).toContain('R$\u00a01.234,56');
      expect(reply.all).toContain('venceu em 10/11/2037 · *15 dias de atraso*');
      expect(reply.all).toContain('vence hoje (25/11/2037)');
      expect(reply.all).toContain('vence em 05/12/2037');
    });

    it('lists only the overdue ones with `overdue`, by the date in São Paulo', async () => {
      await seed(ctx.db, 'orders', ORDERS);
      // 01:00 on the 26th in UTC is still the 25th in São Paulo: PED-1006 (due the 25th) is not late yet.
      slack.clock.set('2037-11-26T01:00:00Z');
      const reply = await orders('list OVERDUE');
      expect(reply.all).toContain('Pedidos vencidos');
      expect(reply.all).toContain('PED-1001');
      expect(reply.all).toContain('PED-1002');
      expect(reply.all).not.toContain('PED-1006');
      expect(reply.all).not.toContain('PED-1003');
    });

    it('caps a long list with a "more" line', async () => {
      const many = Array.from({ length: 65 }, (_, i) => ({
        number: `PED-${2000 + i}`,
        customer: `Cliente ${i}`,
        total: '10.00',
        due_date: '2037-11-01',
        status: 'pending',
      }));
      await seed(ctx.db, 'orders', many);
      const reply = await orders('list');
      expect(reply.all).toContain('…e mais 5 pedidos');
      expect(reply.blocks.length).toBeLessThanOrEqual(50);
    });

    it('says so when nothing is pending or overdue', async () => {
      await seed(ctx.db, 'orders', [ORDERS[3]!, ORDERS[2]!]);
      expect((await orders('list overdue')).all).toContain('Nenhum pedido vencido');
    });

    it('shows one order (any case) with status, due date, days overdue, promise, and its alert number', async () => {
      await seed(ctx.db, 'orders', ORDERS);
      await postAlerts();
      await orders('promise PED-1001 2037-12-05');
      const alert = await alertOf('PED-1001');
      const reply = await orders('show ped-1001', OUTSIDER);
      expect(reply.all).toContain('Pedido PED-1001');
      expect(reply.all).toContain('Padaria Pão Quente Ltda.');
      expect(reply.all).toContain('R$\u00a01.234,56');
      expect(reply.all).toContain('*Situação*\npendente');
      // Under the "Vencimento" heading, the date first — never "Vencimento venceu em" (issue 9, item 8).
      expect(reply.all).toContain('*Vencimento*\n10/11/2037 · *15 dias de atraso*');
      expect(reply.all).not.toContain('venceu em');
      expect(reply.all).toContain('*Pagamento prometido para*\n05/12/2037');
      expect(reply.all).toContain(`*Alerta*\n#${alert.id} (adiado)`);
    });

    it('shows a paid order with its payment date and reference', async () => {
      await seed(ctx.db, 'orders', ORDERS);
      await orders('paid PED-1003 boleto 34191.79001');
      const reply = await orders('show PED-1003');
      expect(reply.all).toContain('*Situação*\npago');
      expect(reply.all).toContain('*Pago em*\n25/11/2037');
      expect(reply.all).toContain('*Referência do pagamento*\nboleto 34191.79001');
    });

    it('refuses an unknown order, a missing number and extra words, with the usage', async () => {
      await seed(ctx.db, 'orders', ORDERS);
      await expectRefusal('show PED-9999', 'Não existe o pedido `PED-9999`');
      await expectRefusal('show', 'Falta NÚMERO.', '/orders mostrar NÚMERO');
      await expectRefusal('show PED-1001 agora', '`agora` inesperado no final', '/orders mostrar NÚMERO');
      await expectRefusal('list tudo', 'vencidos `tudo`', '/orders listar [vencidos]');
    });

    it('explains every verb with `help`', async () => {
      const reply = await orders('help');
      for (const usage of ['/orders listar [vencidos]', '/orders mostrar NÚMERO', '/orders pago NÚMERO [REFERÊNCIA]', '/orders promessa NÚMERO DD/MM/AAAA', '/orders cancelar NÚMERO']) {
        expect(reply.all).toContain(usage);
      }
      expect(reply.all).toContain('registra uma promessa de pagamento');
    });
  });

  describe('paid', () => {
    it('marks an overdue order paid today in São Paulo; its alert resolves by the clerk, its message updated in place', async () => {
      await seed(ctx.db, 'orders', ORDERS);
      await postAlerts();
      const before = await alertOf('PED-1001');
      expect(before.messageTs).toBeTruthy();
      // 23:30 on the 25th in São Paulo is already the 26th in UTC: paid_at must be the 25th.
      slack.clock.set('2037-11-26T02:30:00Z');

      const reply = await orders('paid ped-1001 pix-8812');
      expect(reply.all).toContain('Pedido *PED-1001* (Padaria Pão Quente Ltda., R$\u00a01.234,56) marcado como pago, referência `pix-8812`.');

      const paid = await order('PED-1001');
      expect(paid).toMatchObject({ status: 'paid', number: 'PED-1001', paymentReference: 'pix-8812' });
      expect(paid.paidAt?.toISOString().slice(0, 10)).toBe('2037-11-25');
      const audit = await ctx.db.prisma.auditEvent.findMany({ where: { action: 'orders.paid' } });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: CLERK, target: 'PED-1001', outcome: 'ok' });

      const alert = await alertOf('PED-1001');
      expect(alert.id).toBe(before.id);
      expect(alert).toMatchObject({ status: 'resolved', resolvedBy: CLERK });
      const message = await alertMessage(before.messageTs!, 1);
      expect(slack.fake.callsTo('chat.update').some((c) => c.body.ts === before.messageTs && c.body.channel === FINANCE)).toBe(true);
      expect(slack.fake.messages(FINANCE).filter((m) => !m.thread_ts)).toHaveLength(3); // updated, not re-posted (PED-1006, due today, has its due-day reminder)
      const shown = JSON.stringify(message.blocks);
      expect(shown).toContain('resolvido');
      expect(shown).toContain(`<@${CLERK}>`);
      // The other overdue order is untouched.
      expect((await alertOf('PED-1002')).status).toBe('open');
    });

    it('refuses politely to pay an order already paid or cancelled, changing nothing', async () => {
      await seed(ctx.db, 'orders', ORDERS);
      await expectRefusal('paid PED-1004', 'O pedido PED-1004 já foi pago em 02/10/2037; nada foi alterado.');
      await expectRefusal('paid PED-1005 pix-1', 'O pedido PED-1005 está cancelado; nada foi alterado.');
      await expectRefusal('paid PED-0000', 'Não existe o pedido `PED-0000`');
      await expectRefusal('paid', 'Falta NÚMERO.', '/orders pago NÚMERO [REFERÊNCIA]');
    });

    it('needs the finance team: a refusal names who can, is audited, and changes nothing', async () => {
      await seed(ctx.db, 'orders', ORDERS);
      const before = await snapshot(ctx.db);
      const reply = await orders('paid PED-1001', OUTSIDER);
      expect(reply.all).toContain('Você não tem permissão para alterar pedidos e pagamentos');
      expect(reply.all).toContain(`<@${CLERK}>`);
      expect(await snapshot(ctx.db)).toBe(before);
      const refused = await ctx.db.prisma.auditEvent.findMany({ where: { outcome: 'refused' } });
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({ actor: OUTSIDER, action: 'orders.paid' });
    });
  });

  describe('promise', () => {
    it('stores the promised date and snoozes the alert until 09:00 in São Paulo that day — it does not resolve it', async () => {
      await seed(ctx.db, 'orders', ORDERS);
      await postAlerts();
      const before = await alertOf('PED-1001');

      const reply = await orders('promise PED-1001 2037-12-05');
      expect(reply.all).toContain('Promessa de pagamento registrada para 05/12/2037: pedido *PED-1001*');
      expect(reply.all).toContain(`O alerta #${before.id} fica adiado até 05/12/2037`);

      expect((await order('PED-1001')).promisedDate?.toISOString().slice(0, 10)).toBe('2037-12-05');
      expect((await order('PED-1001')).status).toBe('pending');
      const alert = await alertOf('PED-1001');
      expect(alert).toMatchObject({ id: before.id, status: 'snoozed', snoozedBy: CLERK, resolvedAt: null });
      expect(alert.snoozedUntil?.toISOString()).toBe('2037-12-05T12:00:00.000Z');
      expect(alert.snoozeReason).toBe('pagamento prometido para 05/12/2037');
      expect(await ctx.db.prisma.auditEvent.count({ where: { action: 'orders.promise', outcome: 'ok' } })).toBe(1);

      const message = await alertMessage(before.messageTs!, 1);
      expect(JSON.stringify(message.blocks)).toContain('pagamento prometido para 05/12/2037');
    });

    it('without an alert only stores the promise; the watcher then opens the alert asleep until that date', async () => {
      await seed(ctx.db, 'orders', ORDERS);
      const reply = await orders('promise PED-1001 10/12/2037'); // DD/MM/AAAA, as people type it
      expect(reply.all).toContain('O pedido não tem alerta aberto');
      expect(await ctx.db.prisma.alert.count()).toBe(0);

      await postAlerts();
      const alert = await alertOf('PED-1001');
      expect(alert.status).toBe('snoozed');
      expect(alert.snoozedUntil?.toISOString()).toBe('2037-12-10T12:00:00.000Z');
    });

    it('refuses an impossible date, today, a past date, more than 90 days ahead and settled orders, changing nothing', async () => {
      await seed(ctx.db, 'orders', ORDERS);
      await postAlerts();
      await expectRefusal('promise PED-1001 2037-02-30', 'DD/MM/AAAA `2037-02-30` não é uma data real: esse dia não existe', '/orders promessa NÚMERO DD/MM/AAAA');
      await expectRefusal('promise PED-1001 31/02/2037', 'DD/MM/AAAA `31/02/2037` não é uma data real', '/orders promessa NÚMERO DD/MM/AAAA');
      await expectRefusal('promise PED-1001 12/31/2037', 'DD/MM/AAAA `12/31/2037` não é uma data: o mês 31 não existe (as datas são DD/MM/AAAA)', '/orders promessa NÚMERO DD/MM/AAAA');
      await expectRefusal('promise PED-1001 31/12/37', 'DD/MM/AAAA `31/12/37` deve ser uma data no formato DD/MM/AAAA ou AAAA-MM-DD', '/orders promessa NÚMERO DD/MM/AAAA');
      await expectRefusal('promise PED-1001 2037-11-25', 'A data prometida precisa ser depois de hoje (25/11/2037).');
      await expectRefusal('promise PED-1001 2037-11-01', 'A data prometida precisa ser depois de hoje');
      await expectRefusal('promise PED-1001 2038-02-24', 'no máximo 90 dias depois de hoje (até 23/02/2038)');
      await expectRefusal('promise PED-1001', 'Falta DD/MM/AAAA.', '/orders promessa NÚMERO DD/MM/AAAA');
      await expectRefusal('promise PED-1001 2037-12-05 talvez', '`talvez` inesperado no final');
      await expectRefusal('promise PED-1004 2037-12-05', 'O pedido PED-1004 já foi pago');
      await expectRefusal('promise PED-1005 2037-12-05', 'O pedido PED-1005 está cancelado');
      // 90 days ahead is still accepted.
      expect((await orders('promise PED-1002 2038-02-23')).all).toContain('Promessa de pagamento registrada para 23/02/2038');
    });
  });

  describe('cancel', () => {
    it('cancels an order; its alert resolves by the clerk', async () => {
      await seed(ctx.db, 'orders', ORDERS);
      await postAlerts();
      const before = await alertOf('PED-1002');
      const reply = await orders('cancel PED-1002');
      expect(reply.all).toContain('Pedido *PED-1002* (Mercadinho São João, R$\u00a08.790,00) cancelado.');
      expect((await order('PED-1002')).status).toBe('cancelled');
      expect(await alertOf('PED-1002')).toMatchObject({ id: before.id, status: 'resolved', resolvedBy: CLERK });
      expect(await ctx.db.prisma.auditEvent.count({ where: { action: 'orders.cancel', target: 'PED-1002', outcome: 'ok' } })).toBe(1);
      const message = await alertMessage(before.messageTs!, 1);
      expect(JSON.stringify(message.blocks)).toContain('pedido cancelado');
    });

    it('refuses to cancel a settled or unknown order, or with a missing or extra argument', async () => {
      await seed(ctx.db, 'orders', ORDERS);
      await expectRefusal('cancel PED-1005', 'O pedido PED-1005 está cancelado; nada foi alterado.');
      await expectRefusal('cancel PED-1004', 'O pedido PED-1004 já foi pago');
      await expectRefusal('cancel PED-7777', 'Não existe o pedido `PED-7777`');
      await expectRefusal('cancel', 'Falta NÚMERO.', '/orders cancelar NÚMERO');
      await expectRefusal('cancel PED-1001 PED-1002', '`PED-1002` inesperado no final');
    });
  });
});

describeEachDatabase('/orders at the local console', (ctx) => {
  it('answers the same commands typed in local mode, acting as the local admin', async () => {
    // Seeded first: an empty embedded database would get the demo data instead.
    await seed(ctx.db, 'orders', ORDERS);
    const bot = await startTestBot(ctx.db, { clock: new FakeClock(NOW) });
    try {
      const list = await bot.type('/orders list overdue');
      expect(list).toContain('Overdue orders');
      expect(list).toContain('PED-1002');
      expect(list).not.toContain('PED-1003');

      const paid = await bot.type('/orders paid PED-1002 ted-77');
      expect(paid).toContain('marked as paid, reference');
      const order = await ctx.db.prisma.order.findUniqueOrThrow({ where: { numberKey: 'ped-1002' } });
      expect(order).toMatchObject({ status: 'paid', paymentReference: 'ted-77' });
      expect(await ctx.db.prisma.auditEvent.count({ where: { action: 'orders.paid', actor: 'local' } })).toBe(1);

      expect(await bot.type('/orders show PED-404')).toContain('There is no order `PED-404`');
    } finally {
      await bot.stop();
    }
  });

  it('marks a large overdue order critical in the list, as its alert is, with CRITICAL_ORDER_AMOUNT', async () => {
    await seed(ctx.db, 'orders', ORDERS);
    const lineOf = (list: string, number: string) => list.split('\n').find((line) => line.includes(number)) ?? '';
    const bot = await startTestBot(ctx.db, { clock: new FakeClock(NOW), env: { CRITICAL_ORDER_AMOUNT: '1000' } });
    try {
      const list = await bot.type('/orders list');
      // PED-1001: R$ 1.234,56, 15 days overdue — its step (15) alone is a warning.
      expect(lineOf(list, 'PED-1001')).toContain('🔴');
      // PED-1006 is due today: not overdue, so not critical whatever its amount.
      expect(lineOf(list, 'PED-1006')).toContain('⚪');
      await bot.runWatchCycle();
      const alert = await ctx.db.prisma.alert.findFirstOrThrow({ where: { subject: 'PED-1001' } });
      expect(alert.severity).toBe('critical');
    } finally {
      await bot.stop();
    }
    const plain = await startTestBot(ctx.db, { clock: new FakeClock(NOW) });
    try {
      expect(lineOf(await plain.type('/orders list'), 'PED-1001')).toContain('🟠');
    } finally {
      await plain.stop();
    }
  });
});
