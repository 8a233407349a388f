// The reconciler's changes to stored alerts, one statement per kind of change, on the driver's
// transaction as the watch cycle runs them: each change sets exactly its columns and leaves every
// other one as it was.
import { expect, it } from 'vitest';
import { sqlClientOf } from '../../src/db/database.js';
import { insertAlerts } from '../../src/domain/alerts/insert-alerts.js';
import { updateAlerts, type AlertUpdate } from '../../src/domain/alerts/update-alerts.js';
import { lowStockDetails } from '../support/alert-fixtures.js';
import { describeEachDatabase } from '../support/test-database.js';

const at = (iso: string) => new Date(`2026-03-0${iso}Z`);
const NOW = at('9T12:00:00.000');
const details = lowStockDetails({ stock: 1 });
const newDetails = lowStockDetails({ stock: 0 });

/** Every column an update may touch, set to something it would change. */
const BEFORE = {
  status: 'snoozed',
  severity: 'warning',
  details,
  acknowledgedAt: at('2T10:00:00.000'),
  acknowledgedBy: 'U0CLERK01',
  snoozedAt: at('3T10:00:00.000'),
  snoozedBy: 'U0CLERK01',
  snoozedUntil: at('4T10:00:00.000'),
  snoozeReason: 'waiting for the supplier',
  resolvedAt: at('3T11:00:00.000'),
  resolvedBy: 'U0CLERK02',
  resolutionNote: 'counted again',
  verifyResolution: true,
  reopenCount: 2,
  escalationLevel: 2,
  escalatedAt: at('3T12:00:00.000'),
  lastRemindedAt: at('3T13:00:00.000'),
  lastChangedAt: at('3T14:00:00.000'),
  version: 7,
} as const;

const WOKEN = { status: 'open', snoozedAt: null, snoozedBy: null, snoozedUntil: null, snoozeReason: null, lastRemindedAt: NOW };

/** Per update, the columns it changes (everything else must stay as BEFORE). */
const CASES: [string, (id: number) => AlertUpdate, Partial<Record<keyof typeof BEFORE, unknown>>][] = [
  ['confirm-resolution', (id) => ({ id, action: 'confirm-resolution' }), { verifyResolution: false }],
  [
    'auto-resolve with the figures at resolution',
    (id) => ({ id, action: 'auto-resolve', resolvedBy: 'U0BUYER01', note: 'estoque agora 45 un', details: newDetails }),
    { status: 'resolved', resolvedAt: NOW, resolvedBy: 'U0BUYER01', resolutionNote: 'estoque agora 45 un', verifyResolution: false, details: newDetails, lastChangedAt: NOW, version: 8 },
  ],
  [
    'auto-resolve keeping the figures',
    (id) => ({ id, action: 'auto-resolve', resolvedBy: 'system', note: 'n' }),
    { status: 'resolved', resolvedAt: NOW, resolvedBy: 'system', resolutionNote: 'n', verifyResolution: false, lastChangedAt: NOW, version: 8 },
  ],
  [
    'reopen',
    (id) => ({ id, action: 'reopen', severity: 'critical', details: newDetails }),
    {
      status: 'open',
      severity: 'critical',
      details: newDetails,
      resolvedAt: null,
      resolvedBy: null,
      resolutionNote: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
      verifyResolution: false,
      reopenCount: 3,
      escalationLevel: 0,
      escalatedAt: null,
      lastRemindedAt: NOW,
      lastChangedAt: NOW,
      version: 8,
    },
  ],
  ['refresh', (id) => ({ id, action: 'refresh', severity: 'critical', details: newDetails, wake: false }), { severity: 'critical', details: newDetails, lastChangedAt: NOW, version: 8 }],
  [
    'refresh that wakes',
    (id) => ({ id, action: 'refresh', severity: 'info', details: newDetails, wake: true }),
    { severity: 'info', details: newDetails, lastChangedAt: NOW, version: 8, ...WOKEN },
  ],
  ['wake', (id) => ({ id, action: 'wake' }), { ...WOKEN, lastChangedAt: NOW, version: 8 }],
  ['remind', (id) => ({ id, action: 'remind' }), { lastRemindedAt: NOW }],
];

describeEachDatabase('updating alerts in bulk', (ctx) => {
  async function seed(count: number): Promise<number[]> {
    const created = await insertAlerts(
      ctx.db.prisma,
      Array.from({ length: count }, (_, i) => ({
        kind: 'low_stock' as const,
        fingerprint: `low_stock:sku-${i}`,
        subjectId: i + 1,
        subject: `SKU-${i}`,
        severity: 'warning' as const,
        status: 'open' as const,
        details,
        openedAt: at('1T10:00:00.000'),
      })),
    );
    const ids = created.map((c) => c.id);
    await ctx.db.prisma.alert.updateMany({ where: { id: { in: ids } }, data: { ...BEFORE, details: { ...BEFORE.details } } });
    return ids;
  }
  const row = async (id: number) => {
    const stored = await ctx.db.prisma.alert.findUniqueOrThrow({ where: { id } });
    return Object.fromEntries(Object.keys(BEFORE).map((k) => [k, stored[k as keyof typeof stored]]));
  };

  it('sets exactly the columns of each change, all changes of a chunk at once', async () => {
    const ids = await seed(CASES.length + 1);
    await ctx.db.transaction((session) =>
      updateAlerts(
        sqlClientOf(session),
        NOW,
        CASES.map(([, update], i) => update(ids[i]!)),
      ),
    );
    for (const [i, [name, , changed]] of CASES.entries()) {
      expect({ name, row: await row(ids[i]!) }).toEqual({ name, row: { ...BEFORE, ...changed } });
    }
    // the alert no update named is untouched
    expect(await row(ids.at(-1)!)).toEqual(BEFORE);
  });

  it('refuses a change to an alert that is not there, and the whole chunk is rolled back', async () => {
    const [id] = await seed(1);
    const applying = ctx.db.transaction((session) =>
      updateAlerts(sqlClientOf(session), NOW, [
        { id: id!, action: 'remind' },
        { id: id! + 1000, action: 'remind' },
      ]),
    );
    await expect(applying).rejects.toThrow('remind: 1 of 2 alerts updated');
    expect(await row(id!)).toEqual(BEFORE);
  });
});
