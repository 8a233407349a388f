// Each watcher's boundaries, on a real database, with "today" from a fake clock in BOT_TIMEZONE.
import { expect, it } from 'vitest';
import { watchContext } from '../../src/domain/alerts/reconcile-alerts.js';
import { lowStockWatcher } from '../../src/domain/watchers/low-stock-watcher.js';
import { missingDocumentsWatcher } from '../../src/domain/watchers/missing-documents-watcher.js';
import { unpaidOrdersWatcher } from '../../src/domain/watchers/unpaid-orders-watcher.js';
import type { Watcher } from '../../src/domain/watchers/watcher.js';
import type { UnpaidOrderDetails } from '../../src/domain/alerts/alert-types.js';
import { FakeClock } from '../support/fake-clock.js';
import { ALL_DOCUMENTS, consume, seed } from '../support/seed.js';
import { makeTestDeps } from '../support/test-deps.js';
import { describeEachDatabase } from '../support/test-database.js';

describeEachDatabase('watchers', (ctx) => {
  // Wednesday 2026-11-25, 15:00 in São Paulo.
  const at = (iso: string, env: Record<string, string> = {}) => {
    const deps = makeTestDeps(ctx.db, { clock: new FakeClock(iso), env });
    return { deps, wctx: watchContext(deps) };
  };
  const find = async (watcher: Watcher, iso: string, env: Record<string, string> = {}) => {
    const { deps, wctx } = at(iso, env);
    return watcher.findings(deps.db, wctx, { after: null, limit: 1000 });
  };

  it('low stock: at the minimum is a warning, zero is critical, above is fine, retired is ignored', async () => {
    await seed(ctx.db, 'products', [
      { sku: 'AT-MIN', name: 'A', stock: 5, min_stock: 5 },
      { sku: 'ABOVE', name: 'B', stock: 6, min_stock: 5 },
      { sku: 'ZERO', name: 'C', stock: 0, min_stock: 5 },
      { sku: 'RETIRED', name: 'D', stock: 0, min_stock: 5, active: false },
    ]);
    const findings = await find(lowStockWatcher, '2026-11-25T18:00:00Z');
    expect(findings.map((f) => [f.subject, f.severity])).toEqual([
      ['AT-MIN', 'warning'],
      ['ZERO', 'critical'],
    ]);
    expect(findings[0]!.fingerprint).toBe('low_stock:at-min');
  });

  it('low stock: warns ahead of the minimum when recent consumption runs it out within STOCK_COVER_DAYS', async () => {
    await seed(ctx.db, 'products', [
      { sku: 'FAST', name: 'Fast mover', stock: 12, min_stock: 5 },
      { sku: 'SLOW', name: 'Slow mover', stock: 12, min_stock: 5 },
      { sku: 'OLD', name: 'Old consumption', stock: 12, min_stock: 5 },
    ]);
    const now = new Date('2026-11-25T18:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    await consume(ctx.db, 'FAST', 56, daysAgo(3)); // 2/day → 6 days of cover
    await consume(ctx.db, 'SLOW', 28, daysAgo(3)); // 1/day → 12 days
    await consume(ctx.db, 'OLD', 500, daysAgo(40)); // outside the 28-day window
    const findings = await find(lowStockWatcher, now.toISOString());
    expect(findings.map((f) => f.subject)).toEqual(['FAST']);
    const fast = findings[0]!;
    expect(fast.severity).toBe('info');
    expect(fast.details).toMatchObject({ predicted: true, dailyUsage: 2, daysOfCover: 6 });
    // With a shorter horizon it is not flagged.
    expect(await find(lowStockWatcher, now.toISOString(), { STOCK_COVER_DAYS: '5' })).toEqual([]);
  });

  it('low stock: pages in byte order, including unicode keys, and one subject can be asked alone', async () => {
    await seed(ctx.db, 'products', ['b-2', 'Á-1', 'a-3', 'Z-9', 'ç-5'].map((sku) => ({ sku, name: sku, stock: 0, min_stock: 1 })));
    const { deps, wctx } = at('2026-11-25T18:00:00Z');
    const first = await lowStockWatcher.findings(deps.db, wctx, { after: null, limit: 3 });
    const second = await lowStockWatcher.findings(deps.db, wctx, { after: first[2]!.key, limit: 3 });
    const keys = [...first, ...second].map((f) => f.key);
    expect(keys).toEqual(['a-3', 'b-2', 'z-9', 'á-1', 'ç-5']); // UTF-8 byte order, as COLLATE "C"
    const only = await lowStockWatcher.findings(deps.db, wctx, { after: null, limit: 10, onlyKey: 'ç-5' });
    expect(only.map((f) => f.subject)).toEqual(['ç-5']);
  });

  it('unpaid orders: on the collections schedule from 3 days before the due date, severity by step', async () => {
    // Seen on Saturday 2026-11-28, so that every due date below but today's is a business day (a due
    // date on a weekend or holiday is payable the next business day: holiday-calendar.test.ts).
    const due = (days: number) => {
      const d = new Date(Date.UTC(2026, 10, 28 - days));
      return d.toISOString().slice(0, 10);
    };
    await seed(ctx.db, 'orders', [
      { number: 'IN-4', customer: 'c', total: '10.00', due_date: due(-4), status: 'pending' },
      { number: 'IN-3', customer: 'c', total: '10.00', due_date: due(-3), status: 'pending' },
      { number: 'BIG-SOON', customer: 'c', total: '75000.00', due_date: due(-3), status: 'pending' },
      { number: 'DUE-TODAY', customer: 'c', total: '10.00', due_date: due(0), status: 'pending' },
      { number: 'D1', customer: 'c', total: '10.00', due_date: due(1), status: 'pending' },
      { number: 'D30', customer: 'c', total: '10.00', due_date: due(30), status: 'pending' },
      { number: 'D59', customer: 'c', total: '10.00', due_date: due(59), status: 'pending' },
      { number: 'D60', customer: 'c', total: '10.00', due_date: due(60), status: 'pending' },
      { number: 'D92', customer: 'c', total: '10.00', due_date: due(92), status: 'pending' },
      { number: 'PAID', customer: 'c', total: '10.00', due_date: due(90), status: 'paid' },
      { number: 'GONE', customer: 'c', total: '10.00', due_date: due(90), status: 'pending', active: false },
      { number: 'BIG', customer: 'c', total: '75000.00', due_date: due(2), status: 'pending' },
    ]);
    const findings = await find(unpaidOrdersWatcher, '2026-11-28T18:00:00Z', { CRITICAL_ORDER_AMOUNT: '50000' });
    const seen = (f: (typeof findings)[number]) => {
      const d = f.details as UnpaidOrderDetails;
      return [f.severity, d.daysOverdue, d.step?.day, d.step?.number];
    };
    expect(Object.fromEntries(findings.map((f) => [f.subject, seen(f)]))).toEqual({
      // a large amount is critical once late, not on the reminder before the due date
      'BIG-SOON': ['info', -3, -3, 1],
      BIG: ['critical', 2, 1, 3],
      'IN-3': ['info', -3, -3, 1],
      // due today, a Saturday: payable on Monday
      'DUE-TODAY': ['info', -2, -3, 1],
      D1: ['warning', 1, 1, 3],
      D30: ['warning', 30, 30, 6],
      D59: ['warning', 59, 30, 6],
      D60: ['critical', 60, 60, 7],
      D92: ['critical', 92, 90, 8],
    });
    expect(findings.find((f) => f.subject === 'BIG')!.details).toMatchObject({ total: '75000.00', currency: 'BRL', dueDate: due(2), step: { day: 1, number: 3, of: 8 } });
    // ORDER_STEPS with severities, starting on the due day: no reminder before it.
    const custom = await find(unpaidOrdersWatcher, '2026-11-28T18:00:00Z', { ORDER_STEPS: '0:info,5:critical' });
    expect(Object.fromEntries(custom.map((f) => [f.subject, seen(f)]))).toMatchObject({ D1: ['info', 1, 0, 1], D30: ['critical', 30, 5, 2] });
    expect(custom.map((f) => f.subject)).not.toContain('IN-3');
    expect(custom.map((f) => f.subject)).not.toContain('DUE-TODAY');
  });

  it('unpaid orders: "today" is the bot time zone’s date, also just before midnight', async () => {
    await seed(ctx.db, 'orders', [{ number: 'P1', customer: 'c', total: '10.00', due_date: '2026-11-25', status: 'pending' }]);
    const days = async (iso: string, env: Record<string, string> = {}) => (await find(unpaidOrdersWatcher, iso, env)).map((f) => (f.details as { daysOverdue: number }).daysOverdue);
    // 23:30 on the 25th in São Paulo is already the 26th in UTC: still the due day.
    expect(await days('2026-11-26T02:30:00Z')).toEqual([0]);
    // Half an hour later it is the 26th in São Paulo too: one day overdue.
    expect(await days('2026-11-26T03:00:00Z')).toEqual([1]);
    // A bot in Tokyo sees the 26th much earlier.
    expect(await days('2026-11-25T15:30:00Z', { BOT_TIMEZONE: 'Asia/Tokyo' })).toEqual([1]);
  });

  it('unpaid orders: a promised payment date is carried so a new alert can sleep until then', async () => {
    await seed(ctx.db, 'orders', [{ number: 'P2', customer: 'c', total: '10.00', due_date: '2026-11-01', status: 'pending' }]);
    await ctx.db.prisma.order.update({ where: { numberKey: 'p2' }, data: { promisedDate: new Date('2026-12-05T00:00:00Z') } });
    const [finding] = await find(unpaidOrdersWatcher, '2026-11-25T18:00:00Z');
    expect(finding!.sleepUntil).toBe('2026-12-05');
    expect(finding!.details).toMatchObject({ promisedDate: '2026-12-05' });
  });

  it('missing documents: from ADMISSION_LEAD_DAYS before the start, types only, Monday start critical on Friday', async () => {
    await seed(ctx.db, 'employees', [
      { code: 'MON', name: 'Ana', start_date: '2026-11-30', received_documents: 'cpf|rg|ctps|pis|bank_account' },
      { code: 'FAR', name: 'Bia', start_date: '2026-12-06', received_documents: 'cpf' }, // 11 days ahead on the 25th
      { code: 'DONE', name: 'Caio', start_date: '2026-11-27', received_documents: ALL_DOCUMENTS },
      { code: 'OLD', name: 'Duda', start_date: '2026-10-01' }, // started long ago: not an admission any more
      { code: 'LEFT', name: 'Eva', start_date: '2026-11-27', active: false },
    ]);
    const wednesday = await find(missingDocumentsWatcher, '2026-11-25T18:00:00Z');
    expect(wednesday.map((f) => f.subject)).toEqual(['MON']);
    const mon = wednesday[0]!;
    expect(mon.severity).toBe('warning');
    expect(mon.details).toMatchObject({
      startDate: '2026-11-30',
      deadline: '2026-11-29',
      sendBy: '2026-11-27',
      daysToStart: 5,
      missing: ['proof_of_address', 'voter_id', 'aso'],
      required: 6,
    });
    expect(JSON.stringify(mon.details)).not.toMatch(/\d{3}\.\d{3}\.\d{3}/);
    const friday = await find(missingDocumentsWatcher, '2026-11-27T12:00:00Z');
    expect(friday.find((f) => f.subject === 'MON')!.severity).toBe('critical');
    // A day later FAR enters the 10-day window.
    const thursday = await find(missingDocumentsWatcher, '2026-11-26T12:00:00Z');
    expect(thursday.map((f) => f.subject)).toEqual(['FAR', 'MON']);
  });

  it('missing documents: a waived document counts as done; a conditional one counts when required', async () => {
    await seed(ctx.db, 'employees', [
      { code: 'W1', name: 'Fábio', start_date: '2026-11-28', received_documents: 'cpf|rg|ctps|pis|proof_of_address|voter_id|bank_account', extra_documents: 'military_service' },
    ]);
    const employee = await ctx.db.prisma.employee.findUniqueOrThrow({ where: { codeKey: 'w1' } });
    await ctx.db.prisma.admissionDocument.update({ where: { employeeId_code: { employeeId: employee.id, code: 'aso' } }, data: { status: 'waived', waiverReason: 'exame agendado' } });
    const [finding] = await find(missingDocumentsWatcher, '2026-11-25T18:00:00Z');
    expect(finding!.details).toMatchObject({ missing: ['military_service'], required: 7 });
  });
});
