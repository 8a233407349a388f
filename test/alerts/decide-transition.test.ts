// Direct tests of the reconciler's pure parts: the lifecycle decision for one fingerprint, and the
// streaming merge of findings and stored alerts by key (byte order, as the database pages them).
import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../src/domain/alerts/alert-record.js';
import type { LowStockDetails, Severity } from '../../src/domain/alerts/alert-types.js';
import { decide, stateOf, type AlertState, type DecideContext } from '../../src/domain/alerts/decide-transition.js';
import { mergeByKey } from '../../src/domain/alerts/reconcile-alerts.js';
import type { Finding } from '../../src/domain/watchers/watcher.js';
import { parseBusinessHours, type BusinessHours } from '../../src/lib/time/business-hours.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2025-03-10T12:00:00Z'); // Monday, 09:00 in São Paulo: business hours
const OFFICE = parseBusinessHours('08:00-18:00 mon-fri') as BusinessHours;
const ctx: DecideContext = {
  now: NOW,
  remindAfterMs: 24 * HOUR,
  remindAckedAfterMs: 3 * DAY,
  businessHours: OFFICE,
  timezone: 'America/Sao_Paulo',
  // units short of the minimum: higher is worse
  step: (details) => (details.kind === 'low_stock' ? details.minStock - details.stock : 0),
  figures: (details) => (details.kind === 'low_stock' ? `${details.stock}/${details.minStock}` : ''),
};

function details(stock: number): LowStockDetails {
  return { kind: 'low_stock', sku: 'SKU-1', name: 'Widget', unit: 'un', stock, minStock: 10, reorderQty: null, dailyUsage: null, daysOfCover: null, predicted: false };
}

function finding(severity: Severity, stock: number, key = 'sku-1'): Finding {
  return { kind: 'low_stock', key, fingerprint: `low_stock:${key}`, subjectId: 1, subject: key.toUpperCase(), severity, details: details(stock) };
}

function alert(overrides: Partial<AlertState> = {}): AlertState {
  return {
    status: 'open',
    severity: 'warning',
    details: details(5),
    snoozedUntil: null,
    openedAt: new Date(NOW.getTime() - HOUR),
    acknowledgedAt: null,
    lastRemindedAt: null,
    verifyResolution: false,
    ...overrides,
  };
}

const ago = (ms: number) => new Date(NOW.getTime() - ms);
const later = (ms: number) => new Date(NOW.getTime() + ms);

describe('decide', () => {
  it('opens a new finding, and does nothing when there is neither finding nor alert', () => {
    expect(decide(finding('warning', 5), undefined, ctx)).toEqual({ action: 'open' });
    expect(decide(undefined, undefined, ctx)).toEqual({ action: 'none' });
  });

  it('does nothing for a still-true, unchanged open alert not yet due a reminder', () => {
    expect(decide(finding('warning', 5), alert(), ctx)).toEqual({ action: 'none' });
  });

  it('refreshes as worsened on a higher severity, or a worse step within the same severity', () => {
    expect(decide(finding('critical', 5), alert(), ctx)).toEqual({ action: 'refresh', change: 'worsened', wake: false });
    expect(decide(finding('warning', 2), alert(), ctx)).toEqual({ action: 'refresh', change: 'worsened', wake: false });
    // severity dominates: higher severity with a better step is still worse
    expect(decide(finding('critical', 8), alert(), ctx)).toEqual({ action: 'refresh', change: 'worsened', wake: false });
  });

  it('refreshes as improved on a lower severity, or a better step, while the problem remains', () => {
    expect(decide(finding('info', 5), alert(), ctx)).toEqual({ action: 'refresh', change: 'improved', wake: false });
    expect(decide(finding('warning', 8), alert(), ctx)).toEqual({ action: 'refresh', change: 'improved', wake: false });
    // lower severity with a worse step is not "worse"
    expect(decide(finding('info', 1), alert(), ctx)).toEqual({ action: 'refresh', change: 'improved', wake: false });
  });

  it('restates quietly other figures shown that changed within the same severity and step', () => {
    const sameStep: DecideContext = { ...ctx, step: () => 1 };
    expect(decide(finding('warning', 6), alert(), sameStep)).toEqual({ action: 'refresh', change: 'updated', wake: false });
    expect(decide(finding('warning', 5), alert(), sameStep)).toEqual({ action: 'none' });
  });

  it('restates quietly an alert whose stored details its kind can no longer rank (an older version wrote them)', () => {
    const unranked: DecideContext = { ...ctx, step: (d) => (d.kind === 'low_stock' && d.minStock === 0 ? undefined : ctx.step(d)) };
    const legacy = alert({ severity: 'info', details: { ...details(5), minStock: 0 } });
    // even with a higher severity now: no "worsened" storm on upgrade
    expect(decide(finding('critical', 5), legacy, unranked)).toEqual({ action: 'refresh', change: 'migrated', wake: false });
    expect(decide(finding('warning', 5), { ...legacy, status: 'snoozed', snoozedUntil: ago(HOUR) }, unranked)).toEqual({ action: 'refresh', change: 'migrated', wake: true });
    // still asleep, or gone: as for any alert
    expect(decide(finding('warning', 5), { ...legacy, status: 'snoozed', snoozedUntil: later(HOUR) }, unranked)).toEqual({ action: 'none' });
    expect(decide(undefined, legacy, unranked)).toEqual({ action: 'auto-resolve' });
  });

  it('auto-resolves an unresolved alert whose problem is gone, whatever its status (even mid-snooze)', () => {
    expect(decide(undefined, alert({ status: 'open' }), ctx)).toEqual({ action: 'auto-resolve' });
    expect(decide(undefined, alert({ status: 'acknowledged' }), ctx)).toEqual({ action: 'auto-resolve' });
    expect(decide(undefined, alert({ status: 'snoozed', snoozedUntil: later(HOUR) }), ctx)).toEqual({ action: 'auto-resolve' });
  });

  it('reopens an alert resolved by hand that is still true, and confirms it when really gone', () => {
    const resolvedByHand = alert({ status: 'resolved', verifyResolution: true });
    expect(decide(finding('warning', 5), resolvedByHand, ctx)).toEqual({ action: 'reopen' });
    expect(decide(undefined, resolvedByHand, ctx)).toEqual({ action: 'confirm-resolution' });
  });

  it('treats a resolved alert no longer under verification as absent: a new finding opens a new alert', () => {
    const settled = alert({ status: 'resolved', verifyResolution: false });
    expect(decide(finding('warning', 5), settled, ctx)).toEqual({ action: 'open' });
    expect(decide(undefined, settled, ctx)).toEqual({ action: 'none' });
  });

  it('keeps a snoozed alert quiet until the snooze ends, even if it got worse or better', () => {
    const sleeping = alert({ status: 'snoozed', snoozedUntil: later(1), openedAt: ago(30 * 24 * HOUR) });
    expect(decide(finding('warning', 5), sleeping, ctx)).toEqual({ action: 'none' });
    expect(decide(finding('critical', 0), sleeping, ctx)).toEqual({ action: 'none' });
    expect(decide(finding('info', 9), sleeping, ctx)).toEqual({ action: 'none' });
  });

  it('wakes a snoozed alert once the snooze has ended (at the exact instant, too)', () => {
    expect(decide(finding('warning', 5), alert({ status: 'snoozed', snoozedUntil: NOW }), ctx)).toEqual({ action: 'wake' });
    expect(decide(finding('warning', 5), alert({ status: 'snoozed', snoozedUntil: ago(HOUR) }), ctx)).toEqual({ action: 'wake' });
  });

  it('wakes through the refresh when the snooze ended and the problem changed', () => {
    const expired = alert({ status: 'snoozed', snoozedUntil: ago(1) });
    expect(decide(finding('critical', 5), expired, ctx)).toEqual({ action: 'refresh', change: 'worsened', wake: true });
    expect(decide(finding('warning', 9), expired, ctx)).toEqual({ action: 'refresh', change: 'improved', wake: true });
  });

  it('reminds about an open alert quiet for REMIND_AFTER since it opened or was last reminded', () => {
    expect(decide(finding('warning', 5), alert({ openedAt: ago(24 * HOUR) }), ctx)).toEqual({ action: 'remind' });
    expect(decide(finding('warning', 5), alert({ openedAt: ago(24 * HOUR - 1) }), ctx)).toEqual({ action: 'none' });
    expect(decide(finding('warning', 5), alert({ openedAt: ago(72 * HOUR), lastRemindedAt: ago(24 * HOUR) }), ctx)).toEqual({ action: 'remind' });
    expect(decide(finding('warning', 5), alert({ openedAt: ago(72 * HOUR), lastRemindedAt: ago(HOUR) }), ctx)).toEqual({ action: 'none' });
  });

  it('reminds about an acknowledged, unresolved alert REMIND_ACKED_AFTER after the ack, then every period', () => {
    const acked = (acknowledgedAt: Date, lastRemindedAt: Date | null = null) =>
      alert({ status: 'acknowledged', openedAt: ago(30 * DAY), acknowledgedAt, lastRemindedAt });
    expect(decide(finding('warning', 5), acked(ago(3 * DAY)), ctx)).toEqual({ action: 'remind-acknowledged' });
    expect(decide(finding('warning', 5), acked(ago(3 * DAY - 1)), ctx)).toEqual({ action: 'none' });
    // REMIND_AFTER does not apply to it, however long ago it opened
    expect(decide(finding('warning', 5), acked(ago(2 * DAY)), ctx)).toEqual({ action: 'none' });
    // a reminder sent while it was still unacknowledged does not restart the count; one after the ack does
    expect(decide(finding('warning', 5), acked(ago(3 * DAY), ago(20 * DAY)), ctx)).toEqual({ action: 'remind-acknowledged' });
    expect(decide(finding('warning', 5), acked(ago(6 * DAY), ago(3 * DAY - 1)), ctx)).toEqual({ action: 'none' });
    expect(decide(finding('warning', 5), acked(ago(6 * DAY), ago(3 * DAY)), ctx)).toEqual({ action: 'remind-acknowledged' });
    // its own period: REMIND_ACKED_AFTER = 1h
    expect(decide(finding('warning', 5), acked(ago(HOUR)), { ...ctx, remindAckedAfterMs: HOUR })).toEqual({ action: 'remind-acknowledged' });
  });

  describe('business hours', () => {
    /** São Paulo is UTC-3 all year */
    const sp = (iso: string) => new Date(`${iso}-03:00`);
    const at = (now: Date) => ({ ...ctx, now });
    const due = () => alert({ openedAt: ago(40 * DAY) }); // a reminder is due whenever we look
    const ackedDue = () => alert({ status: 'acknowledged', severity: 'info', openedAt: ago(40 * DAY), acknowledgedAt: ago(40 * DAY) });

    it('holds a warning reminder over the night until the next business morning', () => {
      const evening = sp('2025-03-10T18:00:00'); // Monday, closing time
      expect(decide(finding('warning', 5), due(), at(evening))).toEqual({ action: 'hold', until: sp('2025-03-11T08:00:00') });
      expect(decide(finding('warning', 5), due(), at(sp('2025-03-11T07:59:59')))).toEqual({ action: 'hold', until: sp('2025-03-11T08:00:00') });
      expect(decide(finding('warning', 5), due(), at(sp('2025-03-11T08:00:00')))).toEqual({ action: 'remind' });
      expect(decide(finding('warning', 5), due(), at(sp('2025-03-10T17:59:59')))).toEqual({ action: 'remind' });
    });

    it('holds reminders over a weekend until Monday morning, acknowledged ones too', () => {
      const monday = sp('2025-03-17T08:00:00');
      for (const now of [sp('2025-03-14T19:00:00'), sp('2025-03-15T12:00:00'), sp('2025-03-16T23:59:00')]) {
        expect(decide(finding('warning', 5), due(), at(now))).toEqual({ action: 'hold', until: monday });
        expect(decide(finding('info', 5), ackedDue(), at(now))).toEqual({ action: 'hold', until: monday });
      }
    });

    it('lets a critical alert remind at any hour', () => {
      const saturdayNight = sp('2025-03-15T03:00:00');
      expect(decide(finding('critical', 5), alert({ severity: 'critical', openedAt: ago(40 * DAY) }), at(saturdayNight))).toEqual({ action: 'remind' });
      expect(decide(finding('critical', 5), alert({ severity: 'critical', status: 'acknowledged', openedAt: ago(40 * DAY), acknowledgedAt: ago(40 * DAY) }), at(saturdayNight))).toEqual({
        action: 'remind-acknowledged',
      });
    });

    it('holds nothing but reminders: a change at night is still posted', () => {
      expect(decide(finding('critical', 5), due(), at(sp('2025-03-15T03:00:00')))).toEqual({ action: 'refresh', change: 'worsened', wake: false });
    });

    it('skips a holiday when one is given, and holds nothing when BUSINESS_HOURS is always', () => {
      const holiday = (date: string) => date === '2025-03-11';
      expect(decide(finding('warning', 5), due(), { ...at(sp('2025-03-10T20:00:00')), isHoliday: holiday })).toEqual({ action: 'hold', until: sp('2025-03-12T08:00:00') });
      expect(decide(finding('warning', 5), due(), { ...at(sp('2025-03-11T10:00:00')), isHoliday: holiday })).toEqual({ action: 'hold', until: sp('2025-03-12T08:00:00') });
      expect(decide(finding('warning', 5), due(), { ...at(sp('2025-03-15T03:00:00')), businessHours: { kind: 'always' } })).toEqual({ action: 'remind' });
    });
  });

  it('prefers the refresh over a due reminder', () => {
    expect(decide(finding('critical', 5), alert({ openedAt: ago(48 * HOUR) }), ctx)).toEqual({ action: 'refresh', change: 'worsened', wake: false });
  });
});

describe('stateOf', () => {
  it('takes the decision inputs from the stored record', () => {
    const openedAt = ago(5 * HOUR);
    const snoozedUntil = later(HOUR);
    const lastRemindedAt = ago(HOUR);
    const record: AlertRecord = {
      view: {
        id: 7, kind: 'low_stock', severity: 'critical', status: 'snoozed', subject: 'SKU-1', details: details(3), openedAt,
        acknowledgedAt: null, acknowledgedBy: null, snoozedUntil, snoozedBy: 'U1', snoozeReason: null,
        resolvedAt: null, resolvedBy: null, resolutionNote: null, reopenCount: 0, version: 3, lastActivity: null,
      },
      fingerprint: 'low_stock:sku-1', subjectId: 1, channel: 'C1', messageTs: '1.2', groupId: null, verifyResolution: true, lastRemindedAt,
    };
    expect(stateOf(record)).toEqual({
      status: 'snoozed', severity: 'critical', details: details(3), snoozedUntil, openedAt, acknowledgedAt: null, lastRemindedAt, verifyResolution: true,
    });
  });
});

describe('mergeByKey', () => {
  async function* stream<T>(items: T[]): AsyncGenerator<T> {
    yield* items;
  }
  const stored = (key: string) => ({ ...alert(), key });
  async function merged(findingKeys: string[], alertKeys: string[]) {
    const out: { key: string; finding?: string; alert?: string }[] = [];
    for await (const pair of mergeByKey(stream(findingKeys.map((k) => finding('warning', 5, k))), stream(alertKeys.map(stored)))) {
      out.push({ key: pair.key, ...(pair.finding ? { finding: pair.finding.key } : {}), ...(pair.alert ? { alert: pair.alert.key } : {}) });
    }
    return out;
  }

  it('pairs equal keys and interleaves the rest in byte order (not locale order)', async () => {
    // byte order: 'B' (0x42) < 'a' (0x61) < 'z' < 'é' (0xC3 0xA9); locale order would put 'a' < 'B' < 'é' < 'z'
    expect(await merged(['B', 'a', 'é'], ['B', 'z', 'é'])).toEqual([
      { key: 'B', finding: 'B', alert: 'B' },
      { key: 'a', finding: 'a' },
      { key: 'z', alert: 'z' },
      { key: 'é', finding: 'é', alert: 'é' },
    ]);
  });

  it('puts a character beyond U+FFFF after every other one, as its UTF-8 bytes do', async () => {
    // '😀' is F0 9F 98 80 in UTF-8 but the surrogates D83D DE00 in UTF-16, below 'Ａ' (U+FF21, EF BC A1)
    expect(await merged(['sku-Ａ'], ['sku-😀'])).toEqual([
      { key: 'sku-Ａ', finding: 'sku-Ａ' },
      { key: 'sku-😀', alert: 'sku-😀' },
    ]);
  });

  it('drains whichever side is left after the other ends', async () => {
    expect(await merged([], ['a', 'b'])).toEqual([{ key: 'a', alert: 'a' }, { key: 'b', alert: 'b' }]);
    expect(await merged(['a', 'b'], [])).toEqual([{ key: 'a', finding: 'a' }, { key: 'b', finding: 'b' }]);
    expect(await merged([], [])).toEqual([]);
  });

  it('skips stored alerts at or before a key already yielded (an alert opened earlier this cycle)', async () => {
    // a later alert page re-reads 'b', just opened from a finding: it must not look like a vanished problem
    expect(await merged(['b', 'd'], ['c', 'b', 'd'])).toEqual([
      { key: 'b', finding: 'b' },
      { key: 'c', alert: 'c' },
      { key: 'd', finding: 'd', alert: 'd' },
    ]);
  });
});
