// Reminders end to end (real database, outbox, fake Slack, fake clock): an acknowledged alert still
// open is reminded REMIND_ACKED_AFTER after the ack, naming who acknowledged it, then every period;
// BUSINESS_HOURS holds reminders of non-critical alerts over nights and weekends, never critical ones.
// Each reminder is audited, and local mode prints it.
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderAlertGroupChanges } from '../../src/blocks/alerts/render-alert-group.js';
import { renderAlertNote } from '../../src/blocks/alerts/render-alert-note.js';
import { acknowledgeAlert } from '../../src/domain/alerts/change-alert.js';
import { runWatchCycle } from '../../src/domain/alerts/run-watch-cycle.js';
import { createI18n } from '../../src/i18n/index.js';
import { createConsoleTransport } from '../../src/notify/console-transport.js';
import { createOutboxSender, type OutboxSender } from '../../src/notify/outbox/poller.js';
import { alertOfKind } from '../support/alert-fixtures.js';
import { FakeClock } from '../support/fake-clock.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { useWatchToFakeSlack } from '../support/watch-to-fake-slack.js';
import { seed } from '../support/seed.js';
import { describeEachDatabase } from '../support/test-database.js';
import { makeTestDeps, type TestDeps } from '../support/test-deps.js';

const STOCK = 'C0STOCK001';
const CLERK = 'U0CLERK01';
/** wall-clock time in São Paulo (UTC-3 all year); 2026-11-23 is a Monday */
const sp = (iso: string) => new Date(`${iso}-03:00`);

describeEachDatabase('reminders', (ctx) => {
  let fake: FakeSlack;
  let deps: TestDeps;
  let sender: OutboxSender;
  let clock: FakeClock;

  const slack = useWatchToFakeSlack();
  beforeEach(() => {
    fake = slack.fake;
    clock = new FakeClock(sp('2026-11-23T10:00:00'));
    deps = makeTestDeps(ctx.db, { clock, env: { STOCK_CHANNEL: STOCK, REMIND_AFTER: '24h', REMIND_ACKED_AFTER: '3d', BUSINESS_HOURS: '08:00-18:00 mon-fri' } });
    sender = slack.senderFor(ctx.db, deps.logger);
  });

  const cycleAt = async (iso: string) => {
    clock.set(sp(iso));
    await runWatchCycle(deps);
    await sender.drainOnce();
  };
  const alertOf = (subject: string) => ctx.db.prisma.alert.findFirstOrThrow({ where: { subject }, orderBy: { id: 'desc' } });
  /** the thread replies under an alert's message */
  const repliesTo = async (subject: string) => {
    const { messageTs } = await alertOf(subject);
    return fake.messages(STOCK).filter((m) => m.thread_ts !== undefined && m.thread_ts === messageTs);
  };
  const reminderAudits = () => ctx.db.prisma.auditEvent.findMany({ where: { action: 'alerts.remind' }, orderBy: { id: 'asc' } });

  it('reminds about an acknowledged, unresolved alert 3 days after the ack, naming who acknowledged it, then every period', async () => {
    await seed(ctx.db, 'products', [{ sku: 'SKU-A', name: 'Papel', stock: 3, min_stock: 10 }]);
    await cycleAt('2026-11-23T10:00:00');
    const opened = await alertOf('SKU-A');
    expect(opened.severity).toBe('warning');
    await acknowledgeAlert(deps, { userId: CLERK }, { alertId: opened.id });
    await sender.drainOnce();

    // Without the ack, REMIND_AFTER (24 h) would have reminded by now; acknowledged, nothing until 3 days.
    await cycleAt('2026-11-26T09:59:00');
    expect(await repliesTo('SKU-A')).toHaveLength(0);

    await cycleAt('2026-11-26T10:00:00');
    await cycleAt('2026-11-26T10:05:00'); // a second cycle in the same period does not repeat it
    const [first, ...others] = await repliesTo('SKU-A');
    expect(others).toHaveLength(0);
    expect(first!.text).toContain(`<@${CLERK}> acknowledged this 3 days ago and it is still open`);
    expect(JSON.stringify(first!.blocks)).toContain(`<@${CLERK}> acknowledged this 3 days ago and it is still open`);
    expect(fake.callsTo('chat.update').filter((c) => JSON.stringify(c.body).includes('acknowledged this'))).toHaveLength(0); // the message itself is not rewritten

    // The next one is due on Sunday 10:00: held over the weekend, sent at Monday's opening.
    await cycleAt('2026-11-29T10:00:00');
    await cycleAt('2026-11-30T07:59:00');
    expect(await repliesTo('SKU-A')).toHaveLength(1);
    await cycleAt('2026-11-30T08:00:00');
    const replies = await repliesTo('SKU-A');
    expect(replies).toHaveLength(2);
    expect(replies[1]!.text).toContain(`<@${CLERK}> acknowledged this 6 days ago and it is still open`);

    const events = await ctx.db.prisma.alertEvent.findMany({ where: { alertId: opened.id, type: 'reminded' } });
    expect(events.map((e) => e.data)).toEqual([{ acknowledgedBy: CLERK }, { acknowledgedBy: CLERK }]);
    const audits = await reminderAudits();
    expect(audits.map((a) => [a.actor, a.target, a.outcome, a.createdAt.toISOString()])).toEqual([
      ['system', `#${opened.id}`, 'ok', sp('2026-11-26T10:00:00').toISOString()],
      ['system', `#${opened.id}`, 'ok', sp('2026-11-30T08:00:00').toISOString()],
    ]);
    expect(audits[0]!.details).toMatchObject({ kind: 'low_stock', subject: 'SKU-A', severity: 'warning', status: 'acknowledged', acknowledgedBy: CLERK });
  });

  it('holds a warning reminder over a night and a weekend; a critical one reminds at any hour', async () => {
    await seed(ctx.db, 'products', [
      { sku: 'SKU-W', name: 'Toner', stock: 3, min_stock: 10 },
      { sku: 'SKU-C', name: 'Café', stock: 0, min_stock: 10 },
    ]);
    await cycleAt('2026-11-23T19:00:00'); // Monday evening: new alerts are posted at any hour
    expect((await alertOf('SKU-W')).severity).toBe('warning');
    expect((await alertOf('SKU-C')).severity).toBe('critical');
    expect(fake.messages(STOCK).filter((m) => !m.thread_ts)).toHaveLength(2);

    // Tuesday 19:00: both are due. The critical one is reminded; the warning waits for the morning.
    await cycleAt('2026-11-24T19:00:00');
    expect(await repliesTo('SKU-C')).toHaveLength(1);
    expect(await repliesTo('SKU-W')).toHaveLength(0);
    await cycleAt('2026-11-25T03:00:00');
    await cycleAt('2026-11-25T07:59:00');
    expect(await repliesTo('SKU-W')).toHaveLength(0);
    await cycleAt('2026-11-25T08:00:00');
    expect(await repliesTo('SKU-W')).toHaveLength(1);
    expect((await repliesTo('SKU-W'))[0]!.text).toContain('Still open after 1 day and not acknowledged');

    // Friday evening to Monday morning: the warning (due since Thursday 08:00) waits for Monday 08:00;
    // the critical one is reminded Friday night and again on Sunday.
    await cycleAt('2026-11-26T07:00:00'); // Thursday before opening: the critical one's turn only
    const heldSince = (await repliesTo('SKU-W')).length;
    for (const iso of ['2026-11-27T19:00:00', '2026-11-28T12:00:00', '2026-11-29T23:00:00', '2026-11-30T07:59:00']) await cycleAt(iso);
    expect(await repliesTo('SKU-W')).toHaveLength(heldSince);
    await cycleAt('2026-11-30T08:00:00');
    expect(await repliesTo('SKU-W')).toHaveLength(heldSince + 1);
    // Critical: Tue 19:00, Wed 03:00? no (8 h later); Thu 07:00 (36 h after Tue 19:00), Fri 19:00, Sun 23:00, Mon 08:00? no (9 h).
    expect(await repliesTo('SKU-C')).toHaveLength(4);

    const audited = (await reminderAudits()).map((a) => (a.details as { subject: string }).subject);
    expect(audited.filter((s) => s === 'SKU-C')).toHaveLength(4);
    expect(audited.filter((s) => s === 'SKU-W')).toHaveLength(heldSince + 1);
  });

  it('prints a reminder in local mode', async () => {
    await seed(ctx.db, 'products', [{ sku: 'SKU-L', name: 'Copo', stock: 3, min_stock: 10 }]);
    const local = makeTestDeps(ctx.db, { clock, env: {} });
    expect(local.config.mode).toBe('local');
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
    const console = createOutboxSender({ db: ctx.db, transport: createConsoleTransport({ output, i18n: local.i18n }), logger: local.logger, instanceId: 'local', options: { paceMs: 0 } });
    clock.set(sp('2026-11-23T10:00:00'));
    await runWatchCycle(local);
    await acknowledgeAlert(local, { userId: CLERK }, { alertId: (await alertOf('SKU-L')).id });
    clock.set(sp('2026-11-26T10:00:00'));
    await runWatchCycle(local);
    await console.drainOnce();
    expect(printed).toContain('#stock · reply in thread');
    expect(printed).toContain(`⌛ @${CLERK} acknowledged this 3 days ago and it is still open`);
  });
});

describe('the acknowledged reminder note', () => {
  it('reads naturally in both languages', () => {
    const alert = { ...alertOfKind('low_stock'), status: 'acknowledged' as const, acknowledgedBy: CLERK, acknowledgedAt: new Date('2026-11-23T13:00:00Z') };
    const note = (locale: 'en' | 'pt-BR', acknowledgedAgoText?: string) =>
      renderAlertNote(createI18n(locale, 'America/Sao_Paulo'), { type: 'acked-reminder', alert, acknowledgedAgoText }).text;
    expect(note('en', '3 days')).toContain(`<@${CLERK}> acknowledged this 3 days ago and it is still open`);
    expect(note('pt-BR', '3 dias')).toContain(`<@${CLERK}> reconheceu este alerta há 3 dias e ele continua aberto`);
    expect(note('en')).toContain(`<@${CLERK}> acknowledged this and it is still open`);
    expect(renderAlertNote(createI18n('en', 'UTC'), { type: 'acked-reminder', alert: { ...alert, acknowledgedBy: null }, acknowledgedAgoText: '3 days' }).text).toContain(
      'Someone acknowledged this 3 days ago',
    );
  });

  it('has its own heading in a storm group\'s thread, naming who acknowledged each alert', () => {
    const alert = { ...alertOfKind('low_stock'), id: 42, status: 'acknowledged' as const, acknowledgedBy: CLERK };
    const [reply] = renderAlertGroupChanges(createI18n('en', 'America/Sao_Paulo'), 'low_stock', [{ alert, change: 'acked-reminder' }], { maxMessages: 1 });
    const text = JSON.stringify(reply!.blocks);
    expect(text).toContain('Acknowledged but still open (1)');
    expect(text).toMatch(new RegExp(`\\*#42\\*.* by <@${CLERK}>`));
  });
});
