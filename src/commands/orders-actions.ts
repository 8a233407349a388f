import { renderCustomerTotals, renderOrderCancelled, renderOrderDetails, renderOrderList, renderOrderPaid, renderOrderPromised } from '../blocks/replies/orders-replies.js';
import type { Reply } from '../blocks/reply.js';
import type { Actor } from '../domain/actor.js';
import type { OrdersAction } from '../domain/commands/orders-command.js';
import type { Deps } from '../domain/deps.js';
import { cancelOrder } from '../domain/orders/cancel-order.js';
import type { OrderChange } from '../domain/orders/change-order.js';
import { listOrders, listOrdersByCustomer } from '../domain/orders/list-orders.js';
import { markOrderPaid } from '../domain/orders/mark-order-paid.js';
import { promisePayment } from '../domain/orders/promise-payment.js';
import { showOrder } from '../domain/orders/show-order.js';
import { assertNever } from '../lib/assert-never.js';
import { dateInZone, type CalendarDate } from '../lib/time/calendar.js';
import { followUpAlert } from './follow-up-alert.js';

// One list reply stays well under 50 blocks and 3000 characters per section.
const LIST_LIMIT = 60;

export async function runOrdersAction(deps: Deps, actor: Actor, action: Exclude<OrdersAction, { verb: 'help' }>): Promise<Reply> {
  const { i18n } = deps;
  switch (action.verb) {
    case 'list': {
      const today = dateInZone(deps.clock.now(), deps.config.timezone);
      if (action.byCustomer) return renderCustomerTotals(i18n, await listOrdersByCustomer(deps, { overdueOnly: action.overdueOnly, today, limit: LIST_LIMIT }));
      return renderOrderList(i18n, await listOrders(deps, { overdueOnly: action.overdueOnly, today, limit: LIST_LIMIT }));
    }
    case 'show':
      return renderOrderDetails(i18n, await showOrder(deps, action.number));
    case 'paid':
      return payOrder(deps, actor, action.number, action.reference);
    case 'promise':
      return promiseOrder(deps, actor, action.number, action.date);
    case 'cancel':
      return renderOrderCancelled(i18n, await settle(deps, actor, await cancelOrder(deps, actor, action.number)));
    default:
      return assertNever(action, 'verb');
  }
}

/** `/orders paid` and the Mark paid modal: the order is paid, then its alert resolves by `actor`. */
export async function payOrder(deps: Deps, actor: Actor, number: string, reference: string): Promise<Reply> {
  return renderOrderPaid(deps.i18n, await settle(deps, actor, await markOrderPaid(deps, actor, number, reference)));
}

/** `/orders promise` and the Promise to pay modal: the order's alert sleeps until that date (it is not resolved). */
export async function promiseOrder(deps: Deps, actor: Actor, number: string, date: CalendarDate): Promise<Reply> {
  return renderOrderPromised(deps.i18n, await promisePayment(deps, actor, number, date));
}

/** A paid or cancelled order is no longer overdue: its alert resolves at once, with `actor` recorded. */
async function settle(deps: Deps, actor: Actor, change: OrderChange): Promise<OrderChange> {
  await followUpAlert(deps, 'unpaid_order', change.after.number, actor.userId);
  return change;
}
