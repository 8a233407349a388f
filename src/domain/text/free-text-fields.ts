// The free-text fields people type in Slack and their limits: a command argument and the modal
// input for the same thing (`/alerts resolve 42 note` and the Resolve modal's note) share one.
import type { FreeTextRule } from '../../lib/text/check-free-text.js';
import { WAIVER_REASON_MAX } from '../admissions/change-documents.js';
import { PAYMENT_REFERENCE_MAX } from '../orders/mark-order-paid.js';

export const NOTE_MAX = 500;

export const FREE_TEXT_FIELDS = {
  /** a restock note, a resolve note, a snooze reason: may span lines */
  note: { max: NOTE_MAX },
  /** a Pix ID or a boleto's digit line */
  paymentReference: { max: PAYMENT_REFERENCE_MAX, singleLine: true },
  waiverReason: { max: WAIVER_REASON_MAX, singleLine: true },
} as const satisfies Record<string, FreeTextRule>;
