// Replies to /orders and to the Mark paid / Promise to pay modals (same renderers, same words).
import type { OrderChange } from '../../domain/orders/change-order.js';
import type { CustomerTotals, OrderList } from '../../domain/orders/list-orders.js';
import type { OrderSummary } from '../../domain/orders/order-record.js';
import type { PromiseResult } from '../../domain/orders/promise-payment.js';
import type { OrderDetails } from '../../domain/orders/show-order.js';
import type { Severity } from '../../domain/alerts/alert-types.js';
import type { I18n } from '../../i18n/index.js';
import { CLIP, money } from '../alerts/alert-format.js';
import { context, escapeClip, fields, header, section, sectionsFromLines, type KnownBlock } from '../kit.js';
import type { Reply } from '../reply.js';

/** an overdue order's mark: its collections-schedule step's severity */
const STEP_MARK: Record<Severity, string> = { info: ':large_yellow_circle:', warning: ':large_orange_circle:', critical: ':red_circle:' };

export function renderOrderList(i18n: I18n, list: OrderList): Reply {
  const title = i18n.t(list.overdueOnly ? 'orders.list.titleOverdue' : 'orders.list.title');
  if (list.orders.length === 0) {
    const empty = i18n.t(list.overdueOnly ? 'orders.list.emptyOverdue' : 'orders.list.empty');
    return { text: empty, blocks: [header(title), section(empty)], visibility: 'ephemeral' };
  }
  const lines = list.orders.map((order) => {
    const mark = order.daysPastDue > 0 && order.severity ? STEP_MARK[order.severity] : ':white_circle:';
    let line = `${mark} ${i18n.t('orders.list.line', { ...orderParams(i18n, order, CLIP.lineSubject, CLIP.lineName), due: dueText(i18n, order) })}`;
    if (order.promisedDate) line += ` · :calendar: ${i18n.t('orders.list.promised', { date: i18n.date(order.promisedDate) })}`;
    return line;
  });
  const hidden = list.total - list.orders.length;
  const blocks: KnownBlock[] = [header(title), ...sectionsFromLines(lines)];
  if (hidden > 0) blocks.push(context(i18n.plural('orders.list.more', hidden)));
  return { text: `${title}: ${list.total}`, blocks, visibility: 'ephemeral' };
}

/** `/orders list [overdue] customers`: one line per customer and currency, largest amount first. */
export function renderCustomerTotals(i18n: I18n, list: CustomerTotals): Reply {
  const title = i18n.t(list.overdueOnly ? 'orders.customers.titleOverdue' : 'orders.customers.title');
  if (list.customers.length === 0) {
    const empty = i18n.t(list.overdueOnly ? 'orders.list.emptyOverdue' : 'orders.list.empty');
    return { text: empty, blocks: [header(title), section(empty)], visibility: 'ephemeral' };
  }
  const lines = list.customers.map((c) =>
    i18n.t('orders.customers.line', { customer: escapeClip(c.customer, CLIP.lineName), amount: money(i18n, c.amount, c.currency), orders: i18n.plural('alerts.digest.orders', c.orders) }),
  );
  const hidden = list.total - list.customers.length;
  const blocks: KnownBlock[] = [header(title), ...sectionsFromLines(lines)];
  if (hidden > 0) blocks.push(context(i18n.plural('orders.customers.more', hidden)));
  return { text: `${title}: ${list.total}`, blocks, visibility: 'ephemeral' };
}

export function renderOrderDetails(i18n: I18n, order: OrderDetails): Reply {
  const { customer, amount } = orderParams(i18n, order);
  const title = i18n.t('orders.show.title', { number: order.number });
  const facts = [
    i18n.t('orders.show.customer', { customer }),
    i18n.t('orders.show.amount', { amount }),
    i18n.t('orders.show.status', { status: i18n.t(`orders.status.${order.status}`) }),
    // Days overdue only matter while the order is still open.
    i18n.t('orders.show.due', { due: order.status === 'pending' ? dueFact(i18n, order) : i18n.date(order.dueDate) }),
  ];
  if (order.promisedDate) facts.push(i18n.t('orders.show.promised', { date: i18n.date(order.promisedDate) }));
  if (order.paidAt) facts.push(i18n.t('orders.show.paid', { date: i18n.date(order.paidAt) }));
  if (order.paymentReference) facts.push(i18n.t('orders.show.reference', { reference: escapeClip(order.paymentReference, CLIP.note) }));
  if (order.alert) facts.push(i18n.t('orders.show.alert', { id: String(order.alert.id), status: i18n.t(`alert.status.${order.alert.status}`) }));
  return { text: `${title}: ${i18n.t(`orders.status.${order.status}`)}`, blocks: [header(title), fields(facts)], visibility: 'ephemeral' };
}

export function renderOrderPaid(i18n: I18n, change: OrderChange): Reply {
  const { after } = change;
  const params = orderParams(i18n, after);
  return confirmation(
    after.paymentReference
      ? i18n.t('orders.paid.doneWithReference', { ...params, reference: escapeClip(after.paymentReference, CLIP.note) })
      : i18n.t('orders.paid.done', params),
  );
}

export function renderOrderPromised(i18n: I18n, result: PromiseResult): Reply {
  const done = i18n.t('orders.promise.done', { ...orderParams(i18n, result.after), date: i18n.date(result.date) });
  const alert = result.snoozed
    ? i18n.t('orders.promise.snoozed', { id: String(result.snoozed.alertId), until: i18n.dateTime(result.snoozed.until) })
    : i18n.t('orders.promise.noAlert');
  return confirmation(done, alert);
}

export function renderOrderCancelled(i18n: I18n, change: OrderChange): Reply {
  return confirmation(i18n.t('orders.cancel.done', orderParams(i18n, change.after)));
}

/**
 * "was due 05/11/2026 · *12 days overdue*", "due today (28/11/2026)", "due 05/12/2026", or "due
 * 10/01/2026, not a business day: payable until 12/01/2026".
 */
function dueText(i18n: I18n, order: OrderSummary): string {
  const date = i18n.date(order.dueDate);
  if (order.daysPastDue > 0) return `${i18n.t('orders.due.was', { date })} · *${i18n.plural('alert.unpaidOrder.daysOverdue', order.daysPastDue)}*`;
  if (order.payableOn !== order.dueDate) return i18n.t('orders.due.payable', { date, payable: i18n.date(order.payableOn) });
  return i18n.t(order.daysPastDue === 0 ? 'orders.due.today' : 'orders.due.on', { date });
}

/**
 * Under the "Due date" heading the date comes first, without "due" again: "05/11/2026 · *12 days
 * overdue*", "28/11/2026 (today)", "05/12/2026".
 */
function dueFact(i18n: I18n, order: OrderSummary): string {
  const date = i18n.date(order.dueDate);
  if (order.daysPastDue > 0) return `${date} · *${i18n.plural('alert.unpaidOrder.daysOverdue', order.daysPastDue)}*`;
  if (order.payableOn !== order.dueDate) return i18n.t('orders.show.duePayable', { date, payable: i18n.date(order.payableOn) });
  return order.daysPastDue === 0 ? i18n.t('orders.show.dueToday', { date }) : date;
}

/** Number, customer and amount as escaped mrkdwn, clipped for a message body or a list line. */
function orderParams(i18n: I18n, order: OrderSummary, numberMax: number = CLIP.subject, customerMax: number = CLIP.name) {
  return {
    number: escapeClip(order.number, numberMax),
    customer: escapeClip(order.customer, customerMax),
    amount: money(i18n, order.total, order.currency),
  };
}

/** A short ephemeral "done" answer; the alert's own message shows the rest. */
export function confirmation(...lines: string[]): Reply {
  const text = lines.join('\n');
  return { text, blocks: [section(`:white_check_mark: ${text}`)], visibility: 'ephemeral' };
}
