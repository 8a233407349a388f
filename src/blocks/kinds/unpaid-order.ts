import type { UnpaidOrderDetails } from '../../domain/alerts/alert-types.js';
import type { I18n } from '../../i18n/index.js';
import { ALERT_ACTIONS } from '../action-ids.js';
import { CLIP, money } from '../alerts/alert-format.js';
import { escapeClip, truncateChars } from '../kit.js';
import type { AlertKindView } from './alert-kind-view.js';

/** "12 days overdue", "due today" or "due in 3 days" (a reminder before the due date). */
function daysOverdue(i18n: I18n, d: UnpaidOrderDetails): string {
  if (d.daysOverdue > 0) return i18n.plural('alert.unpaidOrder.daysOverdue', d.daysOverdue);
  return d.daysOverdue === 0 ? i18n.t('alert.unpaidOrder.dueToday') : i18n.plural('alert.unpaidOrder.dueIn', -d.daysOverdue);
}

/** A step as collections teams name it: D-3, D0, D+15. */
export function stepLabel(day: number): string {
  return day > 0 ? `D+${day}` : day === 0 ? 'D0' : `D${day}`;
}

export const unpaidOrderView: AlertKindView<UnpaidOrderDetails> = {
  title(i18n, d) {
    return i18n.t(d.daysOverdue > 0 ? 'alert.unpaidOrder.title' : 'alert.unpaidOrder.titleUpcoming', { number: truncateChars(d.number, CLIP.subject) });
  },

  summary(i18n, d, title) {
    return i18n.t('alert.unpaidOrder.summary', { title, customer: truncateChars(d.customer, 60), amount: money(i18n, d.total, d.currency), overdue: daysOverdue(i18n, d) });
  },

  name: (d) => d.customer,

  keyFigure(i18n, d) {
    return i18n.t('alert.unpaidOrder.line', { amount: money(i18n, d.total, d.currency), overdue: daysOverdue(i18n, d) });
  },

  bodyLines(i18n, d) {
    const lines = [
      i18n.t('alert.unpaidOrder.customer', { customer: escapeClip(d.customer, CLIP.name) }),
      i18n.t('alert.unpaidOrder.amount', { amount: money(i18n, d.total, d.currency) }),
      i18n.t('alert.unpaidOrder.due', { date: i18n.date(d.dueDate), overdue: daysOverdue(i18n, d) }),
    ];
    if (d.step) lines.push(i18n.t('alert.unpaidOrder.step', { step: stepLabel(d.step.day), number: d.step.number, of: d.step.of }));
    if (d.promisedDate) lines.push(`:calendar: ${i18n.t('alert.unpaidOrder.promised', { date: i18n.date(d.promisedDate) })}`);
    return lines;
  },

  autoReason: (i18n) => i18n.t('alert.autoReason.unpaid_order'),

  // A new step of the collections schedule says which; a grown amount within a step, how late it is.
  worsened(i18n, d, previous, severity) {
    if (d.step && (d.step.number !== previous?.step?.number || d.daysOverdue <= 0)) {
      return i18n.t('alert.note.stepReached', { step: stepLabel(d.step.day), status: daysOverdue(i18n, d), number: d.step.number, of: d.step.of, severity });
    }
    return i18n.plural('alert.note.overdueNow', d.daysOverdue, { severity });
  },

  woke: (i18n, d) => (d.promisedDate ? i18n.t('alert.note.wokePromise', { date: i18n.date(d.promisedDate) }) : undefined),

  fixButtons: [
    { label: 'alert.button.markPaid', actionId: ALERT_ACTIONS.markPaid, style: 'primary' },
    { label: 'alert.button.promiseToPay', actionId: ALERT_ACTIONS.promiseToPay },
  ],
};
