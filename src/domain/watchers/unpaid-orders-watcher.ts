// Pending orders past their due date. Severity by age (1–30 / 31–60 / 61+ days) and, when
// CRITICAL_ORDER_AMOUNT is set, by amount. A promised payment date puts a new alert to sleep.
import type { Database } from '../../db/database.js';
import { daysBetween, fromDbDate } from '../../lib/time/calendar.js';
import type { AlertDetails, Severity, UnpaidOrderDetails } from '../alerts/alert-types.js';
import { fingerprintOf, type Finding, type Watcher } from './watcher.js';

interface Row {
  id: number;
  number: string;
  number_key: string;
  customer: string;
  total: string;
  currency: string;
  due_date: Date;
  promised_date: Date | null;
}

// orders_pending_due_idx (partial: active and pending) covers the filter.
const FINDINGS_SQL = `
SELECT id, number, number_key, customer, total::text AS total, currency, due_date, promised_date
FROM orders
WHERE active AND status = 'pending' AND due_date < $1::date
  AND ($2::text IS NULL OR number_key COLLATE "C" > $2::text)
  AND ($3::text IS NULL OR number_key = $3::text)
ORDER BY number_key COLLATE "C"
LIMIT $4`;

/** 1 = 1–30 days, 2 = 31–60, 3 = 61+ */
export function ageBucket(daysOverdue: number): number {
  if (daysOverdue > 60) return 3;
  if (daysOverdue > 30) return 2;
  return 1;
}

function severityOf(details: UnpaidOrderDetails, criticalAmount: string | undefined): Severity {
  if (criticalAmount !== undefined && Number(details.total) >= Number(criticalAmount)) return 'critical';
  return (['info', 'warning', 'critical'] as const)[ageBucket(details.daysOverdue) - 1]!;
}

export const unpaidOrdersWatcher: Watcher<'unpaid_order'> = {
  kind: 'unpaid_order',
  name: 'unpaid-orders',

  async findings(db: Database, ctx, page) {
    const rows = await db.prisma.$queryRawUnsafe<Row[]>(FINDINGS_SQL, ctx.today, page.after, page.onlyKey ?? null, page.limit);
    return rows.map((row): Finding => {
      const dueDate = fromDbDate(row.due_date);
      const promisedDate = row.promised_date ? fromDbDate(row.promised_date) : null;
      const details: UnpaidOrderDetails = {
        kind: 'unpaid_order',
        number: row.number,
        customer: row.customer,
        total: row.total,
        currency: row.currency,
        dueDate,
        daysOverdue: daysBetween(dueDate, ctx.today),
        promisedDate,
      };
      return {
        kind: 'unpaid_order',
        key: row.number_key,
        fingerprint: fingerprintOf('unpaid_order', row.number_key),
        subjectId: row.id,
        subject: row.number,
        severity: severityOf(details, ctx.config.criticalOrderAmount),
        details,
        ...(promisedDate && promisedDate > ctx.today ? { sleepUntil: promisedDate } : {}),
      };
    });
  },

  async clearanceNotes(db, subjectIds, { i18n }) {
    const orders = await db.order.findMany({
      where: { id: { in: subjectIds } },
      select: { id: true, status: true, active: true, paymentReference: true, dueDate: true },
    });
    return new Map(
      orders.map((o) => {
        if (!o.active) return [o.id, i18n.t('alert.cleared.retired')];
        if (o.status === 'paid') {
          return [o.id, o.paymentReference ? i18n.t('alert.cleared.paidWithReference', { reference: o.paymentReference }) : i18n.t('alert.cleared.paid')];
        }
        if (o.status === 'cancelled') return [o.id, i18n.t('alert.cleared.cancelled')];
        return [o.id, i18n.t('alert.cleared.dueDate', { date: i18n.date(fromDbDate(o.dueDate)) })];
      }),
    );
  },

  /** the age bucket, then the amount (in cents) so a grown amount counts as worse */
  step(details: AlertDetails) {
    if (details.kind !== 'unpaid_order') return 0;
    return ageBucket(details.daysOverdue) * 1e15 + Math.round(Number(details.total) * 100);
  },
};
