import { AppError } from '../../lib/errors.js';
import { toDbDate } from '../../lib/time/calendar.js';
import type { Actor } from '../actor.js';
import { parseText } from '../import/values.js';
import { changeOrder, type OrderChange } from './change-order.js';
import type { OrderDeps } from './order-record.js';

export const PAYMENT_REFERENCE_MAX = 120;

/** Paid today (BOT_TIMEZONE), with an optional payment reference (a Pix ID, a boleto number). */
export function markOrderPaid(deps: OrderDeps, actor: Actor, number: string, reference = ''): Promise<OrderChange> {
  const parsed = parseText(reference, { max: PAYMENT_REFERENCE_MAX, required: false });
  if (!parsed.ok) {
    throw new AppError('invalid_input', `bad payment reference: ${JSON.stringify(parsed.problem)}`, {
      userMessage: deps.i18n.t('orders.reference.invalid', { max: PAYMENT_REFERENCE_MAX }),
    });
  }
  return changeOrder(deps, actor, number, 'paid', (today) => ({ status: 'paid', paidAt: toDbDate(today), paymentReference: parsed.value || null }));
}
