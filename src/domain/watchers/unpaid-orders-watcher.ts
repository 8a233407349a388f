// Pending orders on the collections schedule (ORDER_STEPS, régua de cobrança): from the first step
// (by default 3 days before the due date) an order has an alert, whose severity is its step's and
// which is updated, with a thread note, each time the order reaches a new step. CRITICAL_ORDER_AMOUNT
// makes an overdue order critical whatever its step. A promised payment date puts a new alert to
// sleep. A due date on a weekend or holiday is payable the next business day without penalty: the
// schedule's days count from that payable day.
import type { Database } from '../../db/database.js';
import { orderSeverity, stepAt } from '../../lib/collections-schedule.js';
import type { CalendarDate } from '../../lib/time/calendar.js';
import type { AlertDetails, UnpaidOrderDetails } from '../alerts/alert-types.js';
import type { OrderStatus } from '../import/rows.js';
import { fingerprintOf, type Finding, type Watcher } from './watcher.js';

interface Row {
  id: number;
  number: string;
  number_key: string;
  customer: string;
  total: string;
  currency: string;
  due_date: string;
  promised_date: string | null;
}

// orders_pending_due_idx (partial: active and pending) covers the filter.
const FINDINGS_SQL = `
SELECT id, number, number_key, customer, total::text AS total, currency, due_date::text AS due_date, promised_date::text AS promised_date
FROM orders
WHERE active AND status = 'pending' AND due_date < $1::date
  AND ($2::text IS NULL OR number_key COLLATE "C" > $2::text)
  AND ($3::text IS NULL OR number_key = $3::text)
ORDER BY number_key COLLATE "C"
LIMIT $4`;

export const unpaidOrdersWatcher: Watcher<'unpaid_order'> = {
  kind: 'unpaid_order',
  name: 'unpaid-orders',

  async findings(db: Database, ctx, page) {
    const { holidays, orderSteps } = ctx.config;
    const rows = await db.query<Row>(FINDINGS_SQL, [holidays.overdueCutoff(ctx.today, orderSteps[0]!.day), page.after, page.onlyKey ?? null, page.limit]);
    return rows.map((row): Finding => {
      const dueDate = row.due_date;
      const promisedDate = row.promised_date;
      const days = holidays.daysOverdue(dueDate, ctx.today);
      // The cutoff (overdueCutoff at the first step's day) selects exactly the orders at or past it.
      const { severity, ...step } = stepAt(orderSteps, days)!;
      const details: UnpaidOrderDetails = {
        kind: 'unpaid_order',
        number: row.number,
        customer: row.customer,
        total: row.total,
        currency: row.currency,
        dueDate,
        daysOverdue: days,
        promisedDate,
        step,
      };
      return {
        kind: 'unpaid_order',
        key: row.number_key,
        fingerprint: fingerprintOf('unpaid_order', row.number_key),
        subjectId: row.id,
        subject: row.number,
        severity: orderSeverity(severity, days, row.total, ctx.config.criticalOrderAmount),
        details,
        ...(promisedDate && promisedDate > ctx.today ? { sleepUntil: promisedDate } : {}),
      };
    });
  },

  async clearances(db, alerts, { i18n }) {
    const orders = await db.$queryRawUnsafe<{ id: number; status: OrderStatus; active: boolean; paymentReference: string | null; dueDate: CalendarDate }[]>(
      `SELECT id, status::text AS status, active, payment_reference AS "paymentReference", due_date::text AS "dueDate" FROM orders WHERE id = ANY($1::int[])`,
      alerts.map((a) => a.subjectId),
    );
    // The figures shown (amount, due date) are the order's own: the note says what changed.
    const noteOf = (o: (typeof orders)[number]): string => {
      if (!o.active) return i18n.t('alert.cleared.retired');
      if (o.status === 'paid') return o.paymentReference ? i18n.t('alert.cleared.paidWithReference', { reference: o.paymentReference }) : i18n.t('alert.cleared.paid');
      if (o.status === 'cancelled') return i18n.t('alert.cleared.cancelled');
      return i18n.t('alert.cleared.dueDate', { date: i18n.date(o.dueDate) });
    };
    return new Map(orders.map((o) => [o.id, { note: noteOf(o) }]));
  },

  figures(details: AlertDetails) {
    return details.kind === 'unpaid_order' ? JSON.stringify([details.total, details.dueDate, details.promisedDate, details.customer]) : '';
  },

  /**
   * the schedule step, then the amount (in cents) so a grown amount counts as worse; undefined for
   * an alert opened under the old fixed age buckets (no step stored), restated quietly
   */
  step(details: AlertDetails) {
    if (details.kind !== 'unpaid_order') return 0;
    if (!details.step) return undefined;
    // Exact in a double: at most MAX_STEPS steps, and amounts below 1e12 (DECIMAL(14,2)).
    return details.step.number * 1e14 + Math.round(Number(details.total) * 100);
  },
};
