// The holiday calendar where it changes what the bot does, on a real database with a fake clock in
// São Paulo: an order due on a weekend or holiday is not overdue until the next business day has
// passed (watcher, /orders and the digest), the scheduled digest skips holidays, and /holidays
// lists a year in both languages.
import { expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run-command.js';
import { watchContext } from '../../src/domain/alerts/reconcile-alerts.js';
import { computeDigest } from '../../src/domain/digest/compute-digest.js';
import { unpaidOrdersWatcher } from '../../src/domain/watchers/unpaid-orders-watcher.js';
import { postScheduledDigest } from '../../src/notify/post-digest.js';
import { renderBlocksAsText as renderText } from '../../src/blocks/render-text.js';
import { FakeClock } from '../support/fake-clock.js';
import { seed } from '../support/seed.js';
import { makeTestDeps } from '../support/test-deps.js';
import { describeEachDatabase } from '../support/test-database.js';

/** `day` of `month` 2026 at 10:00 in São Paulo (UTC−3). */
const on = (month: number, day: number, hour = 10) => new Date(Date.UTC(2026, month - 1, day, hour + 3));
const FINANCE = { userId: 'U0FINANCE1' };

describeEachDatabase('holiday calendar', (ctx) => {
  const depsAt = (instant: Date, env: Record<string, string> = {}) => makeTestDeps(ctx.db, { clock: new FakeClock(instant.toISOString()), env });
  const overdue = async (instant: Date, env: Record<string, string> = {}) => {
    const deps = depsAt(instant, env);
    const findings = await unpaidOrdersWatcher.findings(deps.db, watchContext(deps), { after: null, limit: 100 });
    // the overdue ones: the schedule's reminders before the due date are findings too
    const days = findings.map((f) => [f.subject, f.details.kind === 'unpaid_order' ? f.details.daysOverdue : NaN] as const);
    return Object.fromEntries(days.filter(([, d]) => d >= 1));
  };

  it('an order due on a holiday or a weekend is overdue only after the next business day', async () => {
    await seed(ctx.db, 'orders', [
      { number: 'CARNAVAL', customer: 'Padaria', total: '100.00', due_date: '16/02/2026', status: 'pending' }, // Carnaval Monday
      { number: 'SABADO', customer: 'Mercado', total: '100.00', due_date: '2026-02-14', status: 'pending' }, // Saturday before it
      { number: 'SEXTA', customer: 'Mercado', total: '100.00', due_date: '2026-02-13', status: 'pending' }, // Friday: a business day
      { number: 'ANIVERSARIO', customer: 'Bar', total: '100.00', due_date: '2026-01-25', status: 'pending' }, // Sunday 25 Jan
    ]);
    // Carnaval Tuesday: the Friday order is overdue; Saturday's and Monday's are payable on Wednesday,
    // and their collections schedule counts from that day: D-1 now.
    const deps = depsAt(on(2, 17));
    const all = await unpaidOrdersWatcher.findings(deps.db, watchContext(deps), { after: null, limit: 100 });
    expect(all.filter((f) => f.subject === 'CARNAVAL' || f.subject === 'SABADO').map((f) => f.details)).toMatchObject([{ daysOverdue: -1 }, { daysOverdue: -1 }]);
    expect(await overdue(on(2, 17))).toEqual({ ANIVERSARIO: 22, SEXTA: 4 });
    // Ash Wednesday, the payable day: still not overdue.
    expect(await overdue(on(2, 18))).toEqual({ ANIVERSARIO: 23, SEXTA: 5 });
    // Thursday: one day overdue, counted from the payable day.
    expect(await overdue(on(2, 19))).toEqual({ ANIVERSARIO: 24, CARNAVAL: 1, SABADO: 1, SEXTA: 6 });
    // A Sunday due date is payable Monday 26 January (São Paulo's anniversary with HOLIDAYS: Tuesday).
    expect((await overdue(on(1, 27)))['ANIVERSARIO']).toBe(1);
    expect(await overdue(on(1, 27), { HOLIDAYS: '25/01 Aniversário de São Paulo, 26/01/2026 Ponte' })).toEqual({});
    expect((await overdue(on(1, 28), { HOLIDAYS: '26/01/2026' }))['ANIVERSARIO']).toBe(1);
  });

  it('/orders list overdue and /orders show and the digest agree with the watcher', async () => {
    await seed(ctx.db, 'orders', [
      { number: 'CARNAVAL', customer: 'Padaria', total: '100.00', due_date: '2026-02-16', status: 'pending' },
      { number: 'SEXTA', customer: 'Mercado', total: '250.00', due_date: '2026-02-13', status: 'pending' },
    ]);
    const deps = depsAt(on(2, 18), { BOT_LOCALE: 'en' });
    const list = renderText((await runCommand(deps, { command: '/orders', text: 'list overdue', actor: FINANCE })).blocks);
    expect(list).toContain('SEXTA');
    expect(list).not.toContain('CARNAVAL');
    const show = renderText((await runCommand(deps, { command: '/orders', text: 'show CARNAVAL', actor: FINANCE })).blocks);
    expect(show).toContain('Due date Feb 16, 2026, not a business day: payable until Feb 18, 2026');
    const digest = await computeDigest(deps);
    expect(digest.overdue).toEqual([expect.objectContaining({ currency: 'BRL', amount: '250.00', orders: 1 })]);
    // The age bands start at the schedule's steps (…, 15–29, 30–59, …), counted from the payable day.
    const bucketsOn = async (instant: Date) => (await computeDigest(depsAt(instant))).overdue[0]!.buckets.map((b) => [b.band.from, b.orders]);
    expect(await bucketsOn(on(3, 19))).toEqual([[15, 1], [30, 1]]); // Mar 19: 29 days after Feb 18, 34 after Feb 13
    expect(await bucketsOn(on(3, 20))).toEqual([[30, 2]]);

    const pt = depsAt(on(2, 18), { BOT_LOCALE: 'pt-BR' });
    const mostra = renderText((await runCommand(pt, { command: '/orders', text: 'show CARNAVAL', actor: FINANCE })).blocks);
    expect(mostra).toContain('Vencimento 16/02/2026, dia não útil: pode ser pago até 18/02/2026');
  });

  it('skips the scheduled digest on a holiday unless DIGEST_ON_HOLIDAYS, and posts it on a business day', async () => {
    const env = { DIGEST_CHANNEL: 'C0DIGEST01', DIGEST_CRON: '0 9 * * 1-5' };
    // Friday 20 November 2026, Consciência Negra, 10:00: the 09:00 digest is not posted.
    const holiday = depsAt(on(11, 20), env);
    expect(await postScheduledDigest(holiday)).toMatchObject({ status: 'holiday' });
    expect(await ctx.db.prisma.digestRun.count()).toBe(0);
    expect(await ctx.db.prisma.outboxMessage.count()).toBe(0);
    expect(holiday.logs.some((l) => String(l['msg']).startsWith('digest skipped: today is a holiday'))).toBe(true);
    // With HOLIDAYS, a company day off is skipped too.
    expect(await postScheduledDigest(depsAt(on(11, 19), { ...env, HOLIDAYS: '19/11/2026 Recesso' }))).toMatchObject({ status: 'holiday' });
    // Configured to post on holidays: it does.
    expect(await postScheduledDigest(depsAt(on(11, 20), { ...env, DIGEST_ON_HOLIDAYS: 'true' }))).toMatchObject({ status: 'posted' });
    // Thursday the 19th, a business day: posted.
    expect(await postScheduledDigest(depsAt(on(11, 19), env))).toMatchObject({ status: 'posted' });
    expect(await ctx.db.prisma.digestRun.count()).toBe(2);
  });

  it('/holidays lists a year with weekday and source, in both languages; a bad year gets the usage', async () => {
    const env = { HOLIDAYS: '25/01 Aniversário de São Paulo, 2026-07-10' };
    const en = renderText((await runCommand(depsAt(on(3, 2), { ...env, BOT_LOCALE: 'en' }), { command: '/holidays', text: '', actor: FINANCE })).blocks);
    expect(en).toContain('Holidays in 2026');
    expect(en).toContain('Feb 16, 2026 (Monday) — Carnival Monday · national');
    expect(en).toContain('Jun 4, 2026 (Thursday) — Corpus Christi · national');
    expect(en).toContain('Nov 20, 2026 (Friday) — Black Consciousness Day · national');
    expect(en).toContain('Jan 25, 2026 (Sunday) — Aniversário de São Paulo · configured');
    expect(en).toContain('Jul 10, 2026 (Friday) — company or local holiday · configured');

    const pt = depsAt(on(3, 2), { ...env, BOT_LOCALE: 'pt-BR' });
    const ano = renderText((await runCommand(pt, { command: '/holidays', text: '2027', actor: FINANCE })).blocks);
    expect(ano).toContain('Feriados de 2027');
    expect(ano).toContain('08/02/2027 (segunda-feira) — Segunda-feira de Carnaval · nacional');
    expect(ano).toContain('26/03/2027 (sexta-feira) — Sexta-feira Santa · nacional');
    expect(ano).toContain('25/01/2027 (segunda-feira) — Aniversário de São Paulo · configurado');
    expect(ano).not.toContain('10/07/2027');
    expect(renderText((await runCommand(pt, { command: '/holidays', text: 'list 2023', actor: FINANCE })).blocks)).not.toContain('Consciência Negra');

    const bad = renderText((await runCommand(pt, { command: '/holidays', text: '27', actor: FINANCE })).blocks);
    expect(bad).toContain('precisa ser um ano, como 2027');
    expect(bad).toContain('/holidays listar [ANO]');
    const help = renderText((await runCommand(pt, { command: '/holidays', text: 'help', actor: FINANCE })).blocks);
    expect(help).toContain('os feriados de um ano');
  });
});
