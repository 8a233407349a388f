// The Restock modal (how many units arrived, an optional note) and the reader of its submission:
// the same rule as `/stock restock SKU QTY` — a whole number, 1 or more.
import type { ModalView } from '@slack/types';
import type { AlertView } from '../../domain/alerts/alert-types.js';
import { positiveQuantityArg } from '../../domain/commands/arg-types.js';
import { FREE_TEXT_FIELDS } from '../../domain/text/free-text-fields.js';
import type { I18n } from '../../i18n/index.js';
import { CLIP } from '../alerts/alert-format.js';
import { truncateChars } from '../kit.js';
import { alertModal, noteInput, plain } from './alert-modal.js';
import { FieldError, freeTextValue, textValue, type ViewValues } from './view-values.js';

export const RESTOCK_FIELDS = {
  quantity: { block: 'restock_quantity', action: 'quantity' },
  note: { block: 'restock_note', action: 'note' },
} as const;

export function restockModal(i18n: I18n, alert: AlertView, privateMetadata: string): ModalView {
  const d = alert.details;
  const unit = d.kind === 'low_stock' ? truncateChars(d.unit, CLIP.unit) : '';
  // Suggest the product's reorder quantity, when it has one.
  const suggested = d.kind === 'low_stock' && d.reorderQty !== null && d.reorderQty > 0 ? { initial_value: String(d.reorderQty) } : {};
  return alertModal(i18n, 'restock', alert, privateMetadata, [
    {
      type: 'input',
      block_id: RESTOCK_FIELDS.quantity.block,
      label: plain(i18n.t('form.quantity.label', { unit }), 2000),
      element: { type: 'number_input', action_id: RESTOCK_FIELDS.quantity.action, is_decimal_allowed: false, min_value: '1', ...suggested },
    },
    noteInput(RESTOCK_FIELDS.note, i18n.t('form.note.label'), i18n.t('form.note.placeholder'), false),
  ]);
}

export interface RestockInput {
  quantity: number;
  note: string;
}

/** Slack checks the number in the form too, but a submission is only trusted once read here. */
export function readRestockModal(i18n: I18n, values: ViewValues): RestockInput {
  const quantity = positiveQuantityArg.safeParse(textValue(values, RESTOCK_FIELDS.quantity.block, RESTOCK_FIELDS.quantity.action));
  if (!quantity.success) throw new FieldError(RESTOCK_FIELDS.quantity.block, i18n.t('form.quantity.invalid'));
  return { quantity: quantity.data, note: freeTextValue(i18n, values, RESTOCK_FIELDS.note, i18n.t('form.note.label'), FREE_TEXT_FIELDS.note) };
}
