// The Promise to pay modal: a date, after today and at most 90 days ahead — the rule of
// `/orders promise`, checked here so a bad date comes back on the date field itself.
import type { ModalView } from '@slack/types';
import type { AlertView } from '../../domain/alerts/alert-types.js';
import { checkPromiseDate } from '../../domain/orders/promise-payment.js';
import type { I18n } from '../../i18n/index.js';
import { AppError } from '../../lib/errors.js';
import { addDays, type CalendarDate } from '../../lib/time/calendar.js';
import { alertModal, plain } from './alert-modal.js';
import { dateValue, FieldError, type ViewValues } from './view-values.js';

export const PROMISE_FIELDS = {
  date: { block: 'promise_date', action: 'date' },
} as const;

export function promiseModal(i18n: I18n, alert: AlertView, privateMetadata: string, today: CalendarDate): ModalView {
  const promised = alert.details.kind === 'unpaid_order' ? alert.details.promisedDate : null;
  return alertModal(i18n, 'promise', alert, privateMetadata, [
    {
      type: 'input',
      block_id: PROMISE_FIELDS.date.block,
      label: plain(i18n.t('form.promise.label'), 2000),
      hint: plain(i18n.t('form.promise.hint'), 2000),
      element: {
        type: 'datepicker',
        action_id: PROMISE_FIELDS.date.action,
        // A standing promise is shown as it is; otherwise tomorrow, the earliest date accepted.
        initial_date: promised && promised > today ? promised : addDays(today, 1),
      },
    },
  ]);
}

export function readPromiseModal(i18n: I18n, values: ViewValues, today: CalendarDate): { date: CalendarDate } {
  const date = dateValue(values, PROMISE_FIELDS.date.block, PROMISE_FIELDS.date.action);
  if (!date) throw new FieldError(PROMISE_FIELDS.date.block, i18n.t('form.promise.required'));
  try {
    checkPromiseDate(i18n, today, date);
  } catch (error) {
    if (error instanceof AppError) throw new FieldError(PROMISE_FIELDS.date.block, error.userMessage);
    throw error;
  }
  return { date };
}
