import type { UnpaidOrderDetails } from '../../domain/alerts/alert-types.js';
import type { I18n } from '../../i18n/index.js';
import { ALERT_ACTIONS } from '../action-ids.js';
import { CLIP, money } from '../alerts/alert-format.js';
import { escapeClip, truncateChars } from '../kit.js';
import type { AlertKindView } from './alert-kind-view.js';

function daysOverdue(i18n: I18n, d: UnpaidOrderDetails): string {
  return i18n.plural('alert.unpaidOrder.daysOverdue', d.daysOverdue);
}

export const unpaidOrderView: AlertKindView<UnpaidOrderDetails> = {
  title(i18n, d) {
    return i18n.t('alert.unpaidOrder.title', { number: truncateChars(d.number, CLIP.subject) });
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
    if (d.promisedDate) lines.push(`:calendar: ${i18n.t('alert.unpaidOrder.promised', { date: i18n.date(d.promisedDate) })}`);
    return lines;
  },

  autoReason: (i18n) => i18n.t('alert.autoReason.unpaid_order'),

  worsened: (i18n, d, _previous, severity) => i18n.plural('alert.note.overdueNow', d.daysOverdue, { severity }),

  woke: (i18n, d) => (d.promisedDate ? i18n.t('alert.note.wokePromise', { date: i18n.date(d.promisedDate) }) : undefined),

  fixButtons: [
    { label: 'alert.button.markPaid', actionId: ALERT_ACTIONS.markPaid, style: 'primary' },
    { label: 'alert.button.promiseToPay', actionId: ALERT_ACTIONS.promiseToPay },
  ],
};
