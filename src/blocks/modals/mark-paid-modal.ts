// The Mark paid modal: an optional payment reference (a Pix ID, a boleto number).
import type { ModalView } from '@slack/types';
import type { AlertView } from '../../domain/alerts/alert-types.js';
import { PAYMENT_REFERENCE_MAX } from '../../domain/orders/mark-order-paid.js';
import { FREE_TEXT_FIELDS } from '../../domain/text/free-text-fields.js';
import type { I18n } from '../../i18n/index.js';
import { alertModal, plain } from './alert-modal.js';
import { freeTextValue, type ViewValues } from './view-values.js';

export const MARK_PAID_FIELDS = {
  reference: { block: 'paid_reference', action: 'reference' },
} as const;

export function markPaidModal(i18n: I18n, alert: AlertView, privateMetadata: string): ModalView {
  return alertModal(i18n, 'markPaid', alert, privateMetadata, [
    {
      type: 'input',
      block_id: MARK_PAID_FIELDS.reference.block,
      optional: true,
      label: plain(i18n.t('form.reference.label'), 2000),
      hint: plain(i18n.t('form.reference.hint'), 2000),
      element: { type: 'plain_text_input', action_id: MARK_PAID_FIELDS.reference.action, max_length: PAYMENT_REFERENCE_MAX },
    },
  ]);
}

export function readMarkPaidModal(i18n: I18n, values: ViewValues): { reference: string } {
  return { reference: freeTextValue(i18n, values, MARK_PAID_FIELDS.reference, i18n.t('form.reference.label'), FREE_TEXT_FIELDS.paymentReference) };
}
