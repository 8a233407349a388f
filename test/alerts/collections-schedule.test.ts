// The collections schedule end to end: real database, outbox and sender, the fake Slack server and
// a fake clock walking the days in São Paulo. An order gets a reminder 3 days before its due date,
// each new step (every one of the default eight) updates the alert and says so in its thread, the
// same step says nothing; a storm of reminders is grouped; paying resolves; alerts opened under the
// old age buckets upgrade quietly; `/orders list customers` and the digest group by customer.
import { beforeEach, expect, it } from 'vitest';
import { renderBlocksAsText as renderText } from '../../src/blocks/render-text.js';
import { runCommand } from '../../src/commands/run-command.js';
import { runWatchCycle } from '../../src/domain/alerts/run-watch-cycle.js';
import { computeDigest } from '../../src/domain/digest/compute-digest.js';
import { renderDigest } from '../../src/blocks/digest/render-digest.js';
import type { Prisma } from '../../src/generated/prisma/client.js';
import type { OutboxSender } from '../../src/notify/outbox/poller.js';
import { FakeClock } from '../support/fake-clock.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { useWatchToFakeSlack } from '../support/watch-to-fake-slack.js';
import { seed } from '../support/seed.js';
import { makeTestDeps, type TestDeps } from '../support/test-deps.js';
import { describeEachDatabase } from '../support/test-database.js';

const FINANCE = 'C0FINANCE1';
const ACTOR = { userId: 'U0FINANCE1' };
/** `day` of `month` 2026 at 10:00 in São Paulo (UTC−3) */
const on = (month: number, day: number) => new Date(Date.UTC(2026, month - 1, day, 13)).toISOString();

describeEachDatabase('collections schedule', (ctx) => {
  let fake: FakeSlack;
  let sender: OutboxSender;
  let clock: FakeClock;
  const depsFor = (locale: 'en' | 'pt-BR' = 'en'): TestDeps =>
    // Reminders once a month: the thread notes checked here are the schedule's only.
    makeTestDeps(ctx.db, { clock, env: { FINANCE_CHANNEL: FINANCE, REMIND_AFTER: '30d', STORM_THRESHOLD: '10', BOT_LOCALE: locale } });

  const slack = useWatchToFakeSlack();
  beforeEach(() => {
    fake = slack.fake;
    clock = new FakeClock(on(11, 27));
    const deps = depsFor();
    sender = slack.senderFor(ctx.db, deps.logger);
  });

  const cycle = async (deps: TestDeps = depsFor()) => {
    await runWatchCycle(deps);
    await sender.drainOnce();
  };
  const posts = () => fake.messages(FINANCE).filter((m) => !m.thread_ts);
  const replies = () => fake.messages(FINANCE).filter((m) => m.thread_ts).map((m) => m.text ?? '');
  const alertOf = (subject: string) => ctx.db.prisma.alert.findFirstOrThrow({ where: { subject }, orderBy: { id: 'desc' } });
  const eventsOf = async (subject: string) => (await ctx.db.prisma.alertEvent.findMany({ where: { alert: { subject } }, orderBy: { id: 'asc' } })).map((e) => e.type);

  it('reminds 3 days before the due date, then notes each new step in the thread and nothing within a step', async () => {
    // Due Tuesday 1 December 2026.
    await seed(ctx.db, 'orders', [{ number: 'PED-1', customer: 'Padaria', total: '1234.56', due_date: '01/12/2026', status: 'pending' }]);
    await cycle(); // Friday 27/11: D-4, before the schedule
    expect(posts()).toHaveLength(0);

    clock.set(on(11, 28)); // D-3: the reminder, an info alert
    await cycle();
    expect(await alertOf('PED-1')).toMatchObject({ severity: 'info', status: 'open' });
    expect(posts()).toHaveLength(1);
    const posted = JSON.stringify(posts()[0]!.blocks);
    expect(posted).toContain('Order PED-1 due soon');
    expect(posted).toContain('due in 3 days');
    expect(posted).toContain('Collections schedule: D-3, step 1 of 8');

    clock.set(on(11, 30)); // D-1: same step
    await cycle();
    expect(replies()).toEqual([]);
    expect(fake.callsTo('chat.update')).toHaveLength(0);

    clock.set(on(12, 1)); // the due day
    await cycle();
    expect(replies()).toEqual([expect.stringContaining('D0 — due today: step 2 of 8 of the collections schedule (Info)')]);
    clock.set(on(12, 2)); // D+1: warning
    await cycle();
    expect((await alertOf('PED-1')).severity).toBe('warning');
    expect(replies()[1]).toContain('D+1 — 1 day overdue: step 3 of 8 of the collections schedule (Warning)');
    expect(JSON.stringify(posts()[0]!.blocks)).toContain('Overdue order PED-1');

    for (const day of [3, 4, 7, 8]) {
      clock.set(on(12, day)); // still D+1 (D+7 is on the 8th)
      if (day < 8) await cycle();
    }
    expect(replies()).toHaveLength(2);
    clock.set(on(12, 16)); // 15 days overdue
    await cycle();
    expect(replies()).toHaveLength(3);
    expect(replies()[2]).toContain('D+15 — 15 days overdue: step 5 of 8 of the collections schedule (Warning)');
    expect(await eventsOf('PED-1')).toEqual(['opened', 'worsened', 'worsened', 'worsened']);

    // In Portuguese.
    clock.set(on(12, 31)); // 30 days overdue
    await cycle(depsFor('pt-BR'));
    expect(replies()[3]).toContain('D+30 — 30 dias de atraso: etapa 6 de 8 da régua de cobrança');

    // Paid: resolved as before.
    await runCommand(depsFor(), { command: '/orders', text: 'paid PED-1 PIX-123', actor: ACTOR });
    await sender.drainOnce();
    expect(await alertOf('PED-1')).toMatchObject({ status: 'resolved' });
  });

  it('reaches every step of the default schedule in turn, each with its severity and its thread note', async () => {
    // Due Tuesday 1 December 2026, a business day: the steps count from it.
    await seed(ctx.db, 'orders', [{ number: 'PED-9', customer: 'Mercado', total: '100.00', due_date: '2026-12-01', status: 'pending' }]);
    const steps: [number, string, string, string][] = [
      [-3, 'D-3', 'info', ''],
      [0, 'D0', 'info', 'due today'],
      [1, 'D+1', 'warning', '1 day overdue'],
      [7, 'D+7', 'warning', '7 days overdue'],
      [15, 'D+15', 'warning', '15 days overdue'],
      [30, 'D+30', 'warning', '30 days overdue'],
      [60, 'D+60', 'critical', '60 days overdue'],
      [90, 'D+90', 'critical', '90 days overdue'],
    ];
    // Reminders may land in the thread too (the alert stays unacknowledged): only the schedule's notes count.
    const notes = () => replies().filter((r) => r.includes('of the collections schedule'));
    for (const [index, [day, label, severity, words]] of steps.entries()) {
      clock.set(new Date(Date.UTC(2026, 11, 1 + day, 13)).toISOString()); // 10:00 in São Paulo
      await cycle();
      const alert = await alertOf('PED-9');
      expect([label, alert.severity, alert.details]).toEqual([label, severity, expect.objectContaining({ step: { day, number: index + 1, of: 8 } })]);
      expect(JSON.stringify(posts()[0]!.blocks)).toContain(`${label}, step ${index + 1} of 8`);
      if (index > 0) {
        const capitalized = severity[0]!.toUpperCase() + severity.slice(1);
        expect(notes().at(-1)).toContain(`${label} — ${words}: step ${index + 1} of 8 of the collections schedule (${capitalized})`);
      }
      expect(notes()).toHaveLength(index);
    }
    expect(posts()).toHaveLength(1);
  });

  it('a storm of reminders before the due date is grouped, and each resolves when paid or cancelled', async () => {
    await seed(
      ctx.db,
      'orders',
      Array.from({ length: 12 }, (_, i) => ({ number: `SOON-${i}`, customer: `Cliente ${i}`, total: '10.00', due_date: '2026-12-02', status: 'pending' })),
    );
    clock.set(on(11, 29)); // Sunday: D-3 of Wednesday
    await cycle();
    expect(await ctx.db.prisma.alert.count({ where: { kind: 'unpaid_order', severity: 'info' } })).toBe(12);
    expect(posts()).toHaveLength(1); // one grouped message
    await runCommand(depsFor(), { command: '/orders', text: 'cancel SOON-3', actor: ACTOR });
    await runCommand(depsFor(), { command: '/orders', text: 'paid SOON-4', actor: ACTOR });
    expect(await alertOf('SOON-3')).toMatchObject({ status: 'resolved' });
    expect(await alertOf('SOON-4')).toMatchObject({ status: 'resolved' });
  });

  it('upgrades an alert opened under the old age buckets quietly, then follows the schedule', async () => {
    await seed(ctx.db, 'orders', [{ number: 'OLD-1', customer: 'Mercado', total: '500.00', due_date: '2026-11-02', status: 'pending' }]);
    clock.set(on(11, 22)); // 19 days overdue (2 November is Finados: payable on the 3rd)
    await cycle();
    // What the previous version stored: the 1–30 bucket (info), days overdue as of its opening, no step.
    const opened = await alertOf('OLD-1');
    const legacy = { kind: 'unpaid_order', number: 'OLD-1', customer: 'Mercado', total: '500.00', currency: 'BRL', dueDate: '2026-11-02', daysOverdue: 5, promisedDate: null };
    await ctx.db.prisma.alert.update({ where: { id: opened.id }, data: { severity: 'info', details: legacy as Prisma.InputJsonValue } });
    const repliesBefore = replies().length;

    await cycle();
    const upgraded = await alertOf('OLD-1');
    expect(upgraded).toMatchObject({ severity: 'warning', status: 'open' });
    expect(upgraded.details).toMatchObject({ daysOverdue: 19, step: { day: 15, number: 5, of: 8 } });
    expect(replies()).toHaveLength(repliesBefore); // no "worsened" note
    expect((await eventsOf('OLD-1')).at(-1)).toBe('migrated');
    const message = posts().find((m) => m.ts === upgraded.messageTs)!;
    expect(JSON.stringify(message.blocks)).toContain('D+15, step 5 of 8');
    expect(JSON.stringify(message.blocks)).not.toContain('got worse');

    await cycle(); // settled: nothing more
    expect(await eventsOf('OLD-1')).toEqual(['opened', 'migrated']);
    clock.set(on(12, 3)); // 30 days overdue: the next step is noted
    await cycle();
    expect(replies().at(-1)).toContain('D+30 — 30 days overdue: step 6 of 8');
  });

  it('/orders list customers and the digest group what is owed by customer', async () => {
    clock.set(on(12, 10));
    await seed(ctx.db, 'orders', [
      { number: 'A-1', customer: 'Padaria', total: '100.00', due_date: '2026-11-02', status: 'pending' },
      { number: 'A-2', customer: 'Padaria', total: '50.50', due_date: '2026-12-01', status: 'pending' },
      { number: 'B-1', customer: 'Mercado', total: '900.00', due_date: '2026-10-05', status: 'pending' },
      { number: 'C-1', customer: 'Bar', total: '20.00', due_date: '2026-12-20', status: 'pending' }, // not due yet
      { number: 'D-1', customer: 'Bar', total: '70.00', due_date: '2026-11-20', status: 'pending', currency: 'USD' },
      { number: 'E-1', customer: 'Açougue', total: '10.00', due_date: '2026-11-02', status: 'pending' },
      { number: 'F-1', customer: 'Feira', total: '5.00', due_date: '2026-11-02', status: 'pending' },
    ]);
    const list = async (text: string, locale: 'en' | 'pt-BR' = 'en') => renderText((await runCommand(depsFor(locale), { command: '/orders', text, actor: ACTOR })).blocks);
    const overdue = await list('list overdue customers');
    expect(overdue).toContain('Overdue orders by customer');
    expect(overdue.indexOf('Mercado — R$900.00 · 1 order')).toBeGreaterThan(0);
    expect(overdue.indexOf('Mercado — R$900.00 · 1 order')).toBeLessThan(overdue.indexOf('Padaria — R$150.50 · 2 orders'));
    expect(overdue).toContain('Bar — $70.00 · 1 order');
    const all = await list('list customers');
    expect(all).toContain('Pending orders by customer');
    expect(all).toContain('Bar — R$20.00 · 1 order');
    const pt = await list('listar vencidos clientes', 'pt-BR');
    expect(pt).toContain('Pedidos vencidos por cliente');
    expect(pt).toContain('Padaria — R$\u00a0150,50 · 2 pedidos');
    expect(await list('list overdue')).toContain('A-1'); // the plain list still lists orders

    const digest = await computeDigest(depsFor());
    const brl = digest.overdue.find((c) => c.currency === 'BRL')!;
    expect(brl.customers).toBe(4);
    expect(brl.debtors.map((d) => [d.customer, d.amount, d.orders])).toEqual([['Mercado', '900.00', 1], ['Padaria', '150.50', 2], ['Açougue', '10.00', 1], ['Feira', '5.00', 1]]);
    // A-2 is 9 days overdue, A-1 38, B-1 66 (5 October was a Monday).
    expect(brl.buckets.map((b) => [b.band, b.orders])).toEqual([[{ from: 7, to: 14 }, 1], [{ from: 30, to: 59 }, 3], [{ from: 60, to: 89 }, 1]]);
    const rendered = renderDigest(depsFor().i18n, digest, { threaded: true });
    expect(JSON.stringify(rendered.main.blocks)).toContain('…and 1 more customer, in the thread.');
    const thread = rendered.thread.map((m) => m.text).join('\n');
    expect(thread).toContain('Overdue orders by customer');
    expect(thread).toContain('• Feira — R$5.00 · 1 order');
  });
});
