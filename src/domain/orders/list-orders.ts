import { toDbDate, type CalendarDate } from '../../lib/time/calendar.js';
import type { Deps } from '../deps.js';
import { toOrderSummary, type OrderSummary } from './order-record.js';

export interface OrderList {
  overdueOnly: boolean;
  orders: OrderSummary[];
  /** how many matched in all (the list itself is capped) */
  total: number;
}

/** Pending active orders, oldest due date first; `overdueOnly`: due before `today` (BOT_TIMEZONE). */
export async function listOrders({ db }: Pick<Deps, 'db'>, options: { overdueOnly: boolean; today: CalendarDate; limit: number }): Promise<OrderList> {
  const where = {
    active: true,
    status: 'pending' as const,
    ...(options.overdueOnly ? { dueDate: { lt: toDbDate(options.today) } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.prisma.order.findMany({ where, orderBy: [{ dueDate: 'asc' }, { numberKey: 'asc' }], take: options.limit }),
    db.prisma.order.count({ where }),
  ]);
  return { overdueOnly: options.overdueOnly, orders: rows.map((row) => toOrderSummary(row, options.today)), total };
}
