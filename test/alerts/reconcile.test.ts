// The alert lifecycle end to end: real database, real outbox and sender, the fake Slack server.
import { beforeEach, expect, it } from 'vitest';
import { insertAlerts } from '../../src/domain/alerts/insert-alerts.js';
import { reconcileKind, watchContext, type ReconcileDeps } from '../../src/domain/alerts/reconcile-alerts.js';
import { runWatchCycle } from '../../src/domain/alerts/run-watch-cycle.js';
import { WATCHERS } from '../../src/domain/kinds/index.js';
import { lowStockWatcher } from '../../src/domain/watchers/low-stock-watcher.js';
import type { OutboxSender } from '../../src/notify/outbox/poller.js';
import { validateBlocks } from '../support/block-kit-limits.js';
import { FakeClock } from '../support/fake-clock.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { useWatchToFakeSlack } from '../support/watch-to-fake-slack.js';
import { seed } from '../support/seed.js';
import { makeTestDeps, type TestDeps } from '../support/test-deps.js';
import { describeEachDatabase } from '../support/test-database.js';

const STOCK = 'C0STOCK001';
const FINANCE = 'C0FINANCE1';
const HR = 'C0HUMANRES';
const HOUR = 3_600_000;

describeEachDatabase('alert reconciler', (ctx) => {
  let fake: FakeSlack;
  let deps: TestDeps;
  let sender: OutboxSender;
  let clock: FakeClock;

  const slack = useWatchToFakeSlack();
  beforeEach(() => {
    fake = slack.fake;
    clock = new FakeClock('2026-11-25T15:00:00Z'); // Wednesday, 12:00 in São Paulo
    deps = makeTestDeps(ctx.db, {
      clock,
      env: { STOCK_CHANNEL: STOCK, FINANCE_CHANNEL: FINANCE, HR_CHANNEL: HR, REMIND_AFTER: '24h', STORM_THRESHOLD: '10' },
    });
    sender = slack.senderFor(ctx.db, deps.logger);
  });

  /** one watch cycle, then everything it queued is sent */
  const cycle = async (d: ReconcileDeps = deps) => {
    const reports = await runWatchCycle(d);
    await sender.drainOnce();
    return reports;
  };
  const stockMessages = () => fake.messages(STOCK).filter((m) => !m.thread_ts);
  const stockReplies = () => fake.messages(STOCK).filter((m) => m.thread_ts);
  const alertOf = (subject: string) => ctx.db.prisma.alert.findFirstOrThrow({ where: { subject }, orderBy: { id: 'desc' } });
  const eventsOf = async (subject: string) =>
    (await ctx.db.prisma.alertEvent.findMany({ where: { alert: { subject } }, orderBy: { id: 'asc' } })).map((e) => e.type);
  const setStock = (sku: string, stock: number) => ctx.db.prisma.product.update({ where: { skuKey: sku.toLowerCase() }, data: { stock } });

  it('opens and posts a new problem once, with its outbox key in the metadata, and stays quiet while unchanged', async () => {
    await seed(ctx.db, 'products', [{ sku: 'SKU-1', name: 'Café', stock: 3, min_stock: 10 }]);
    await cycle();
    const alert = await alertOf('SKU-1');
    expect(alert).toMatchObject({ status: 'open', severity: 'warning', channel: STOCK });
    expect(alert.messageTs).toBeTruthy();
    const [message] = stockMessages();
    expect(stockMessages()).toHaveLength(1);
    expect(message!.ts).toBe(alert.messageTs);
    expect(message!.metadata).toEqual({ event_type: 'retaguarda_outbox', event_payload: { key: `alert:${alert.id}:post` } });
    expect(JSON.stringify(message!.blocks)).toContain('SKU-1');
    expect(await eventsOf('SKU-1')).toEqual(['opened']);

    // Nothing changed: nothing written, nothing sent.
    const before = { events: await ctx.db.prisma.alertEvent.count(), outbox: await ctx.db.prisma.outboxMessage.count(), version: alert.version };
    clock.advance(HOUR);
    await cycle();
    expect(await ctx.db.prisma.alertEvent.count()).toBe(before.events);
    expect(await ctx.db.prisma.outboxMessage.count()).toBe(before.outbox);
    expect((await alertOf('SKU-1')).version).toBe(before.version);
    expect(fake.callsTo('chat.update')).toHaveLength(0);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('updates the message in place and replies in its thread when it gets materially worse', async () => {
    await seed(ctx.db, 'products', [{ sku: 'SKU-2', name: 'Açúcar', stock: 8, min_stock: 10 }]);
    await cycle();
    await setStock('SKU-2', 7); // same step: not material, but the message must not show 8 any more
    await cycle();
    expect(fake.callsTo('chat.update')).toHaveLength(1);
    expect(JSON.stringify(stockMessages()[0]!.blocks)).toMatch(/7 un/);
    expect(stockReplies()).toHaveLength(0);

    await setStock('SKU-2', 4); // below half the minimum
    await cycle();
    const alert = await alertOf('SKU-2');
    expect(fake.callsTo('chat.update')).toHaveLength(2);
    const updated = stockMessages()[0]!;
    expect(updated.ts).toBe(alert.messageTs);
    expect(JSON.stringify(updated.blocks)).toMatch(/4 un/);
    expect(stockReplies()).toHaveLength(1);
    expect(stockReplies()[0]!.thread_ts).toBe(alert.messageTs);
    expect(stockReplies()[0]!.text).toMatch(/7.*4/);

    await setStock('SKU-2', 0); // out of stock: severity up
    await cycle();
    expect((await alertOf('SKU-2')).severity).toBe('critical');
    expect(stockReplies()).toHaveLength(2);
    expect(await eventsOf('SKU-2')).toEqual(['opened', 'updated', 'worsened', 'worsened']);
  });

  it('auto-resolves when the problem is gone, with the reason, and updates the message to resolved', async () => {
    await seed(ctx.db, 'products', [{ sku: 'SKU-3', name: 'Arroz', stock: 1, min_stock: 10 }]);
    await cycle();
    await setStock('SKU-3', 45);
    await cycle();
    const alert = await alertOf('SKU-3');
    expect(alert).toMatchObject({ status: 'resolved', resolvedBy: 'system', resolutionNote: 'stock now 45 un' });
    expect(stockMessages()).toHaveLength(1);
    const message = stockMessages()[0]!;
    expect(JSON.stringify(message.blocks)).toContain('stock now 45 un');
    expect(JSON.stringify(message.blocks)).not.toContain('alert.acknowledge'); // no buttons once resolved
    // The figures at resolution, not those from when it was raised (issue 9, item 8).
    expect(JSON.stringify(message.blocks)).toContain('Stock: *45 un* · minimum 10 un');
    expect(JSON.stringify(message.blocks)).not.toContain('*1 un*');
    expect(alert.details).toMatchObject({ stock: 45, minStock: 10 });
    expect(await eventsOf('SKU-3')).toEqual(['opened', 'auto_resolved']);

    // It comes back later: a new alert, a new message.
    await setStock('SKU-3', 2);
    await cycle();
    expect(await ctx.db.prisma.alert.count({ where: { subject: 'SKU-3' } })).toBe(2);
    expect(stockMessages()).toHaveLength(2);
  });

  it('re-opens an alert a person resolved while the problem is still there, with a note', async () => {
    await seed(ctx.db, 'products', [{ sku: 'SKU-4', name: 'Feijão', stock: 2, min_stock: 10 }]);
    await cycle();
    const alert = await alertOf('SKU-4');
    await ctx.db.prisma.alert.update({
      where: { id: alert.id },
      data: { status: 'resolved', resolvedBy: 'U0CLERK01', resolvedAt: clock.now(), verifyResolution: true },
    });
    await cycle();
    const reopened = await alertOf('SKU-4');
    expect(reopened.id).toBe(alert.id);
    expect(reopened).toMatchObject({ status: 'open', reopenCount: 1, verifyResolution: false, resolvedBy: null });
    expect(await eventsOf('SKU-4')).toEqual(['opened', 'reopened']);
    expect(stockReplies().map((m) => m.thread_ts)).toEqual([alert.messageTs]);

    // Resolved by a person and really fixed: stays resolved, no message.
    await ctx.db.prisma.alert.update({ where: { id: alert.id }, data: { status: 'resolved', resolvedBy: 'U0CLERK01', resolvedAt: clock.now(), verifyResolution: true } });
    await setStock('SKU-4', 50);
    const calls = fake.calls.length;
    await cycle();
    expect(await alertOf('SKU-4')).toMatchObject({ status: 'resolved', resolvedBy: 'U0CLERK01', verifyResolution: false });
    expect(fake.calls.length).toBe(calls);
  });

  it('keeps a snoozed alert quiet until its time, then wakes it with a note', async () => {
    await seed(ctx.db, 'products', [{ sku: 'SKU-5', name: 'Óleo', stock: 6, min_stock: 10 }]);
    await cycle();
    const alert = await alertOf('SKU-5');
    await ctx.db.prisma.alert.update({ where: { id: alert.id }, data: { status: 'snoozed', snoozedUntil: new Date(clock.now().getTime() + 4 * HOUR), snoozedBy: 'U0CLERK01' } });
    await setStock('SKU-5', 1); // worse, but snoozed
    clock.advance(2 * HOUR);
    await cycle();
    expect((await alertOf('SKU-5')).status).toBe('snoozed');
    expect(fake.callsTo('chat.update')).toHaveLength(0);

    clock.advance(3 * HOUR);
    await cycle();
    const woke = await alertOf('SKU-5');
    expect(woke).toMatchObject({ status: 'open', snoozedUntil: null });
    expect(await eventsOf('SKU-5')).toEqual(['opened', 'woke', 'worsened']);
    expect(fake.callsTo('chat.update')).toHaveLength(1);
    expect(stockReplies()).toHaveLength(1);
  });

  it('reminds about an unacknowledged open alert once per REMIND_AFTER; an acknowledged one gets no reminder but still auto-resolves', async () => {
    await seed(ctx.db, 'products', [
      { sku: 'SKU-6', name: 'Papel', stock: 2, min_stock: 10 },
      { sku: 'SKU-7', name: 'Toner', stock: 2, min_stock: 10 },
    ]);
    await cycle();
    const acked = await alertOf('SKU-7');
    await ctx.db.prisma.alert.update({ where: { id: acked.id }, data: { status: 'acknowledged', acknowledgedBy: 'U0CLERK01', acknowledgedAt: clock.now() } });

    clock.advance(23 * HOUR);
    await cycle();
    expect(stockReplies()).toHaveLength(0);

    clock.advance(2 * HOUR); // 25 h
    await cycle();
    await cycle(); // a second cycle in the same period does not repeat it
    expect(stockReplies()).toHaveLength(1);
    const reminded = await alertOf('SKU-6');
    expect(stockReplies()[0]!.thread_ts).toBe(reminded.messageTs);
    expect(stockReplies()[0]!.text).toMatch(/day/);
    expect(fake.callsTo('chat.update')).toHaveLength(0); // a reminder does not rewrite the message

    clock.advance(25 * HOUR);
    await cycle();
    expect(stockReplies()).toHaveLength(2);
    expect((await eventsOf('SKU-6')).filter((e) => e === 'reminded')).toHaveLength(2);
    expect(await eventsOf('SKU-7')).toEqual(['opened']);

    await setStock('SKU-7', 40);
    await cycle();
    expect((await alertOf('SKU-7')).status).toBe('resolved');
  });

  it('a promise to pay puts a new order alert to sleep until that date at 09:00, then it is posted', async () => {
    await seed(ctx.db, 'orders', [{ number: 'PED-9', customer: 'Padaria', total: '1234.56', due_date: '2026-11-01', status: 'pending' }]);
    await ctx.db.prisma.order.update({ where: { numberKey: 'ped-9' }, data: { promisedDate: new Date('2026-11-27T00:00:00Z') } });
    await cycle();
    const alert = await alertOf('PED-9');
    expect(alert.status).toBe('snoozed');
    expect(alert.snoozedUntil!.toISOString()).toBe('2026-11-27T12:00:00.000Z'); // 09:00 in São Paulo
    expect(fake.messages(FINANCE)).toHaveLength(0);

    clock.set('2026-11-27T12:30:00Z');
    await cycle();
    expect((await alertOf('PED-9')).status).toBe('open');
    expect(fake.messages(FINANCE).filter((m) => !m.thread_ts)).toHaveLength(1);
    expect(JSON.stringify(fake.messages(FINANCE)[0]!.blocks)).toContain('R$1,234.56');
  });

  it('rolls the opening back with a crash while announcing it: nothing half-done, each alert posted exactly once after', async () => {
    await seed(ctx.db, 'products', [{ sku: 'SKU-8', name: 'Copo', stock: 1, min_stock: 10 }]);
    // The process "dies" while queueing the announcement, in the transaction that opened the alert.
    const crashing: ReconcileDeps = {
      ...deps,
      notifier: {
        ...deps.notifier,
        announce: async () => {
          throw new Error('process killed');
        },
      },
    };
    await expect(reconcileKind(crashing, lowStockWatcher)).rejects.toThrow('process killed');
    expect(await ctx.db.prisma.alert.count()).toBe(0);
    expect(await ctx.db.prisma.outboxMessage.count()).toBe(0);

    await cycle();
    await cycle();
    expect(stockMessages()).toHaveLength(1);
    expect((await alertOf('SKU-8')).messageTs).toBe(stockMessages()[0]!.ts);
  });

  it('announces, exactly once, an alert another writer opened and left unannounced', async () => {
    await seed(ctx.db, 'products', [{ sku: 'SKU-8', name: 'Copo', stock: 1, min_stock: 10 }]);
    // Another instance opened it (as its reconciler does) and died before announcing it.
    const [finding] = await lowStockWatcher.findings(ctx.db, watchContext(deps), { after: null, limit: 10 });
    await insertAlerts(ctx.db.prisma, [
      { kind: 'low_stock', fingerprint: finding!.fingerprint, subjectId: finding!.subjectId, subject: finding!.subject, severity: finding!.severity, status: 'open', details: finding!.details, openedAt: clock.now() },
    ]);

    await cycle();
    await cycle();
    expect(stockMessages()).toHaveLength(1);
    expect(await ctx.db.prisma.alert.count()).toBe(1);
    expect((await alertOf('SKU-8')).messageTs).toBe(stockMessages()[0]!.ts);
  });

  // The last transaction inserts its new alerts already announced: the storm count must still
  // include the alerts other writers left waiting.
  it.each([
    ['6 waiting and 5 new: one storm of 11', 6, 5, 1],
    ['3 waiting and 4 new: 7 messages', 3, 4, 7],
  ])('announces what waits with what it opens, %s (threshold 10)', async (_, waiting, opening, topLevel) => {
    const rows = Array.from({ length: waiting + opening }, (_, i) => ({ sku: `MIX-${String(i).padStart(2, '0')}`, name: `Item ${i}`, stock: 1, min_stock: 10 }));
    await seed(ctx.db, 'products', rows);
    const findings = await lowStockWatcher.findings(ctx.db, watchContext(deps), { after: null, limit: 100 });
    await insertAlerts(
      ctx.db.prisma,
      findings.slice(0, waiting).map((f) => ({ kind: 'low_stock' as const, fingerprint: f.fingerprint, subjectId: f.subjectId, subject: f.subject, severity: f.severity, status: 'open' as const, details: f.details, openedAt: clock.now() })),
    );

    await cycle();
    expect(stockMessages()).toHaveLength(topLevel);
    const alerts = await ctx.db.prisma.alert.findMany({ orderBy: { id: 'asc' } });
    expect(alerts).toHaveLength(waiting + opening);
    expect(alerts.every((a) => a.channel === STOCK)).toBe(true);
    const groups = new Set(alerts.map((a) => a.groupId));
    expect(groups.size).toBe(1);
    expect(groups.has(null)).toBe(topLevel > 1);
    if (topLevel > 1) expect(new Set(alerts.map((a) => a.messageTs)).size).toBe(topLevel);
    else expect(JSON.stringify(stockReplies().map((m) => m.blocks))).toContain('MIX-00');
  });

  it('groups a storm of 2,000 new findings into at most 5 messages, all within Block Kit limits', async () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => ({ sku: `STORM-${String(i).padStart(4, '0')}`, name: `Produto de limpeza ${i}`, stock: i % 4, min_stock: 10 }));
    await seed(ctx.db, 'products', rows);
    await cycle();
    const messages = fake.messages(STOCK);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.length).toBeLessThanOrEqual(5);
    for (const m of messages) expect(validateBlocks(m.blocks, 'message')).toEqual([]);
    const top = messages.filter((m) => !m.thread_ts);
    expect(top).toHaveLength(1);
    expect(top[0]!.text).toMatch(/2,000/);
    const listed = messages.filter((m) => m.thread_ts).map((m) => JSON.stringify(m.blocks)).join('');
    expect(listed).toContain('STORM-0000');
    expect(listed).toContain('STORM-1999');
    expect(await ctx.db.prisma.alert.count({ where: { groupId: { not: null } } })).toBe(2_000);

    // Later changes update the grouped message and are listed in its thread — no fan-out.
    await ctx.db.prisma.product.updateMany({ where: { sku: { in: ['STORM-0001', 'STORM-0002', 'STORM-0003'] } }, data: { stock: 50 } });
    const posts = fake.callsTo('chat.postMessage').length;
    await cycle();
    expect(fake.callsTo('chat.update')).toHaveLength(1);
    expect(fake.callsTo('chat.update')[0]!.body.ts).toBe(top[0]!.ts);
    expect(fake.callsTo('chat.postMessage').length - posts).toBe(1);
    const changes = fake.callsTo('chat.postMessage').at(-1)!.body;
    expect(changes.thread_ts).toBe(top[0]!.ts);
    expect(JSON.stringify(changes.blocks)).toContain('STORM-0002');
  }, 120_000);

  it('a failing watcher is logged by name and the others still run', async () => {
    await seed(ctx.db, 'products', [{ sku: 'SKU-9', name: 'X', stock: 1, min_stock: 10 }]);
    const broken = { ...lowStockWatcher, name: 'broken-watcher', kind: 'unpaid_order' as const, findings: async () => { throw new Error('boom'); } };
    const reports = await runWatchCycle(deps, [broken, lowStockWatcher]);
    expect(reports.map((r) => r.kind)).toEqual(['low_stock']);
    expect(deps.logs.some((l) => l.watcher === 'broken-watcher' && l.msg === 'watcher failed')).toBe(true);
  });

  it('runs the watchers side by side on the server (one at a time on PGlite), reporting in watcher order', async () => {
    await seed(ctx.db, 'products', [{ sku: 'SKU-10', name: 'Y', stock: 1, min_stock: 10 }]);
    let running = 0;
    let most = 0;
    let started = 0;
    const counted = WATCHERS.map((w) => ({
      ...w,
      findings: async (...args: Parameters<typeof w.findings>) => {
        started++;
        most = Math.max(most, ++running);
        // Each watcher reads its stored alerts first, so the others reach their findings a round
        // trip later. On the server, hold this one until they all have (bounded: when they do not
        // run alongside, it goes on after a second); on PGlite, a few turns of the event loop.
        const until = Date.now() + 1_000;
        if (ctx.db.kind === 'postgres') while (started < WATCHERS.length && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 2));
        else for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
        try {
          return await w.findings(...args);
        } finally {
          running--;
        }
      },
    }));
    const reports = await runWatchCycle(deps, counted);
    expect(reports.map((r) => r.kind)).toEqual(WATCHERS.map((w) => w.kind));
    expect(reports[0]!.transitions.open).toBe(1);
    // the pool holds 10: 4 stay free for requests, and each watcher uses 1
    expect(most).toBe(ctx.db.kind === 'postgres' ? 3 : 1);
  });
});
