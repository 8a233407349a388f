// What the /orders use cases share: how an order is read, found and shown to the rest of the app.
import type { Order } from '../../generated/prisma/client.js';
import type { I18n } from '../../i18n/index.js';
import { AppError } from '../../lib/errors.js';
import { fromDbDate, type CalendarDate } from '../../lib/time/calendar.js';
import type { HolidayCalendar } from '../../lib/time/holidays.js';
import type { Deps } from '../deps.js';
import type { OrderStatus } from '../import/rows.js';
import { keyOf } from '../import/values.js';
import { fingerprintOf } from '../watchers/watcher.js';

export type OrderDeps = Pick<Deps, 'db' | 'i18n' | 'clock' | 'config'>;

export interface OrderSummary {
  number: string;
  customer: string;
  /** decimal string, e.g. "1234.56" */
  total: string;
  currency: string;
  status: OrderStatus;
  dueDate: CalendarDate;
  /** the first business day on or after the due date: payable until then without penalty */
  payableOn: CalendarDate;
  /** days from `payableOn` to today: positive when overdue, 0 when due today, negative before */
  daysPastDue: number;
  paidAt: CalendarDate | null;
  paymentReference: string | null;
  promisedDate: CalendarDate | null;
}

export function toOrderSummary(row: Order, today: CalendarDate, calendar: HolidayCalendar): OrderSummary {
  const dueDate = fromDbDate(row.dueDate);
  const payableOn = calendar.nextBusinessDayOnOrAfter(dueDate);
  return {
    number: row.number,
    customer: row.customer,
    total: row.total.toFixed(2),
    currency: row.currency,
    status: row.status,
    dueDate,
    payableOn,
    daysPastDue: calendar.daysOverdue(dueDate, today),
    paidAt: row.paidAt ? fromDbDate(row.paidAt) : null,
    paymentReference: row.paymentReference,
    promisedDate: row.promisedDate ? fromDbDate(row.promisedDate) : null,
  };
}

/** The fingerprint of an order's alert (see the unpaid-orders watcher). */
export function orderAlertFingerprint(number: string): string {
  return fingerprintOf('unpaid_order', keyOf(number));
}

export function orderNotFound(i18n: I18n, number: string): AppError {
  return new AppError('not_found', `no active order ${number}`, { userMessage: i18n.t('orders.notFound', { number }) });
}
