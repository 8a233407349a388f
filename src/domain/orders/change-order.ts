// Every change to an order goes through here: the row is locked (SELECT … FOR UPDATE) so a payment
// and a cancellation clicked at the same moment cannot both win, only a pending order may change,
// and the change and its audit event are written in the same transaction.
import type { Prisma } from '../../generated/prisma/client.js';
import type { I18n } from '../../i18n/index.js';
import { AppError } from '../../lib/errors.js';
import { dateInZone, type CalendarDate } from '../../lib/time/calendar.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { keyOf } from '../import/values.js';
import { orderNotFound, toOrderSummary, type OrderDeps, type OrderSummary } from './order-record.js';

export type OrderAction = 'paid' | 'promise' | 'cancel';

export interface OrderChange {
  before: OrderSummary;
  after: OrderSummary;
  /** today in BOT_TIMEZONE, as the change saw it */
  today: CalendarDate;
}

export async function changeOrder(
  deps: OrderDeps,
  actor: Actor,
  number: string,
  action: OrderAction,
  data: (today: CalendarDate) => Prisma.OrderUpdateInput,
): Promise<OrderChange> {
  const { db, i18n } = deps;
  const now = deps.clock.now();
  const today = dateInZone(now, deps.config.timezone);
  return db.prisma.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM orders WHERE number_key = ${keyOf(number)} AND active FOR UPDATE`;
    if (!locked) throw orderNotFound(i18n, number);
    const row = await tx.order.findUniqueOrThrow({ where: { id: locked.id } });
    const before = toOrderSummary(row, today, deps.config.holidays);
    refuseUnlessPending(i18n, before);
    const updated = await tx.order.update({ where: { id: row.id }, data: { ...data(today), updatedAt: now } });
    const after = toOrderSummary(updated, today, deps.config.holidays);
    await recordAudit(tx, {
      actor: actor.userId,
      action: `orders.${action}`,
      target: row.number,
      outcome: 'ok',
      details: { before: auditState(before), after: auditState(after) },
      at: now,
    });
    return { before, after, today };
  });
}

/** A paid or cancelled order is settled: paying, promising or cancelling it again is refused politely. */
function refuseUnlessPending(i18n: I18n, order: OrderSummary): void {
  if (order.status === 'pending') return;
  const userMessage =
    order.status === 'cancelled'
      ? i18n.t('orders.alreadyCancelled', { number: order.number })
      : order.paidAt
        ? i18n.t('orders.alreadyPaidOn', { number: order.number, date: i18n.date(order.paidAt) })
        : i18n.t('orders.alreadyPaid', { number: order.number });
  throw new AppError('conflict', `order ${order.number} is ${order.status}`, { userMessage });
}

function auditState(order: OrderSummary) {
  return { status: order.status, paidAt: order.paidAt, paymentReference: order.paymentReference, promisedDate: order.promisedDate };
}
