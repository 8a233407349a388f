import { orderSeverity, stepAt } from '../../lib/collections-schedule.js';
import { toDbDate, type CalendarDate } from '../../lib/time/calendar.js';
import type { Severity } from '../alerts/alert-types.js';
import type { Deps } from '../deps.js';
import { toOrderSummary, type OrderSummary } from './order-record.js';

export interface ListedOrder extends OrderSummary {
  /** its alert's severity: its collections-schedule step's (ORDER_STEPS), or critical for a large overdue amount; null before the first step */
  severity: Severity | null;
}

export interface OrderList {
  overdueOnly: boolean;
  orders: ListedOrder[];
  /** how many matched in all (the list itself is capped) */
  total: number;
}

export interface CustomerTotal {
  customer: string;
  currency: string;
  /** decimal string, summed by the database */
  amount: string;
  orders: number;
}

export interface CustomerTotals {
  overdueOnly: boolean;
  /** per customer and currency, by currency, then largest amount first */
  customers: CustomerTotal[];
  /** how many customer-and-currency totals there are in all (the list is capped) */
  total: number;
}

type ListDeps = Pick<Deps, 'db' | 'config'>;

/**
 * Pending active orders, oldest due date first; `overdueOnly`: not paid by their payable date (the
 * due date, or the next business day when it falls on a weekend or holiday) before `today`.
 */
export async function listOrders({ db, config }: ListDeps, options: { overdueOnly: boolean; today: CalendarDate; limit: number }): Promise<OrderList> {
  const where = {
    active: true,
    status: 'pending' as const,
    ...(options.overdueOnly ? { dueDate: { lt: toDbDate(config.holidays.overdueCutoff(options.today)) } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.prisma.order.findMany({ where, orderBy: [{ dueDate: 'asc' }, { numberKey: 'asc' }], take: options.limit }),
    db.prisma.order.count({ where }),
  ]);
  const orders = rows.map((row): ListedOrder => {
    const summary = toOrderSummary(row, options.today, config.holidays);
    const step = stepAt(config.orderSteps, summary.daysPastDue);
    return { ...summary, severity: step ? orderSeverity(step.severity, summary.daysPastDue, summary.total, config.criticalOrderAmount) : null };
  });
  return { overdueOnly: options.overdueOnly, orders, total };
}

/** What each customer owes on pending active orders (or only overdue ones), per currency, largest first. */
export async function listOrdersByCustomer({ db, config }: ListDeps, options: { overdueOnly: boolean; today: CalendarDate; limit: number }): Promise<CustomerTotals> {
  const cutoff = options.overdueOnly ? config.holidays.overdueCutoff(options.today) : null;
  // count(*) OVER () runs after GROUP BY: the number of customer-and-currency totals.
  const rows = await db.prisma.$queryRawUnsafe<(CustomerTotal & { all: number })[]>(
    `SELECT currency, customer, sum(total)::text AS amount, count(*)::int AS orders, (count(*) OVER ())::int AS "all"
     FROM orders
     WHERE active AND status = 'pending' AND ($1::date IS NULL OR due_date < $1::date)
     GROUP BY currency, customer
     ORDER BY currency, sum(total) DESC, customer
     LIMIT $2`,
    cutoff,
    options.limit,
  );
  return {
    overdueOnly: options.overdueOnly,
    customers: rows.map(({ customer, currency, amount, orders }) => ({ customer, currency, amount, orders })),
    total: rows[0]?.all ?? 0,
  };
}
