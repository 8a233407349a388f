// Alerts and their events written in one statement each: every value lands, and the ids come back
// in the order given (the reconciler pairs each event with its thread note by position).
import { expect, it } from 'vitest';
import { insertAlertEvents, insertAlerts, insertAlertsReturningRows, type NewAlert } from '../../src/domain/alerts/insert-alerts.js';
import { lowStockDetails } from '../support/alert-fixtures.js';
import { describeEachDatabase } from '../support/test-database.js';

const openedAt = new Date('2026-03-02T12:00:00.000Z');

function alert(sku: string, extra: Partial<NewAlert> = {}): NewAlert {
  return {
    kind: 'low_stock',
    fingerprint: `low_stock:${sku.toLowerCase()}`,
    subjectId: 1,
    subject: sku,
    severity: 'warning',
    status: 'open',
    details: lowStockDetails({ sku, name: `Produto ${sku}`, stock: 1 }),
    openedAt,
    ...extra,
  };
}

describeEachDatabase('inserting alerts in bulk', (ctx) => {
  it('stores every value and returns ids and statuses in the order given', async () => {
    const snoozedUntil = new Date('2026-03-05T12:00:00.000Z');
    const given = [alert('SKU-3'), alert('SKU-1', { status: 'snoozed', snoozedBy: 'system', snoozedUntil, snoozeReason: 'promised' }), alert('SKU-2', { severity: 'critical' })];
    const created = await insertAlerts(ctx.db.prisma, given);
    expect(created.map((c) => c.status)).toEqual(['open', 'snoozed', 'open']);

    const stored = await ctx.db.prisma.alert.findMany({ where: { id: { in: created.map((c) => c.id) } } });
    const byId = new Map(stored.map((a) => [a.id, a]));
    expect(created.map((c) => byId.get(c.id)!.fingerprint)).toEqual(['low_stock:sku-3', 'low_stock:sku-1', 'low_stock:sku-2']);
    expect(byId.get(created[1]!.id)).toMatchObject({ snoozedAt: openedAt, snoozedBy: 'system', snoozedUntil, snoozeReason: 'promised', lastChangedAt: openedAt });
    expect(byId.get(created[0]!.id)).toMatchObject({ snoozedAt: null, snoozedUntil: null, severity: 'warning', openedAt, version: 1 });
    expect(byId.get(created[2]!.id)?.details).toEqual(given[2]!.details);

    const events = [...created].reverse().map((c, i) => ({ alertId: c.id, type: 'opened' as const, actor: 'system', note: i === 0 ? 'a note' : null, data: i === 1 ? { from: 'info' } : undefined, createdAt: openedAt }));
    const ids = await insertAlertEvents(ctx.db.prisma, events);
    const rows = await ctx.db.prisma.alertEvent.findMany({ where: { id: { in: ids } } });
    const eventById = new Map(rows.map((e) => [e.id, e]));
    expect(ids.map((id) => eventById.get(id)!.alertId)).toEqual(events.map((e) => e.alertId));
    expect(ids.map((id) => eventById.get(id)!.note)).toEqual(['a note', null, null]);
    expect(ids.map((id) => eventById.get(id)!.data)).toEqual([null, { from: 'info' }, null]);
    expect(await insertAlerts(ctx.db.prisma, [])).toEqual([]);
    expect(await insertAlertEvents(ctx.db.prisma, [])).toEqual([]);
  });

  it('writes the first events of each alert with it, in the order given, at its opening time', async () => {
    const promised = { type: 'snoozed' as const, actor: 'system', note: 'promised' };
    const opened = { type: 'opened' as const, actor: 'system', note: null };
    const created = await insertAlerts(ctx.db.prisma, [alert('SKU-5', { events: [opened, promised] }), alert('SKU-4'), alert('SKU-6', { events: [opened] })]);

    const events = await ctx.db.prisma.alertEvent.findMany({ orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.alertId, e.type, e.actor, e.note, e.createdAt])).toEqual([
      [created[0]!.id, 'opened', 'system', null, openedAt],
      [created[0]!.id, 'snoozed', 'system', 'promised', openedAt],
      [created[2]!.id, 'opened', 'system', null, openedAt],
    ]);
  });

  it('can return the alerts as stored, each field under the name the model gives it', async () => {
    const snoozedUntil = new Date('2026-03-05T12:00:00.000Z');
    const rows = await insertAlertsReturningRows(ctx.db.prisma, [alert('SKU-8', { status: 'snoozed', snoozedBy: 'system', snoozedUntil, snoozeReason: 'promised' }), alert('SKU-7')]);
    expect(rows).toEqual(await ctx.db.prisma.alert.findMany({ orderBy: { id: 'asc' } }));
  });
});
