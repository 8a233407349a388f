// The frame every modal about one alert shares (Resolve, Snooze, Restock, Mark paid, Promise to
// pay, Document received, Waive): the alert's line on top, so the person sees what they are
// changing, and the title and buttons from `modal.<name>.*` (≤ 24 characters in every language).
// Snooze all, about a grouped message, shares the frame with its group's line on top instead.
import type { KnownBlock, ModalView, PlainTextElement } from '@slack/types';
import type { AlertView } from '../../domain/alerts/alert-types.js';
import { NOTE_MAX } from '../../domain/text/free-text-fields.js';
import type { I18n } from '../../i18n/index.js';
import { MODALS } from '../action-ids.js';
import { alertLine } from '../alerts/alert-line.js';
import { context, LIMITS, truncate } from '../kit.js';

export type AlertModalName = 'resolve' | 'snooze' | 'snoozeGroup' | 'restock' | 'markPaid' | 'promise' | 'documentsReceived' | 'documentsWaive';

// Both document modals share one callback_id (MODALS.documents); the form itself says which it is.
const CALLBACK_ID: Record<AlertModalName, string> = {
  resolve: MODALS.resolve,
  snooze: MODALS.snooze,
  snoozeGroup: MODALS.snoozeGroup,
  restock: MODALS.restock,
  markPaid: MODALS.markPaid,
  promise: MODALS.promiseToPay,
  documentsReceived: MODALS.documents,
  documentsWaive: MODALS.documents,
};

export function plain(text: string, max: number = LIMITS.sectionText): PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

export function alertModal(i18n: I18n, name: AlertModalName, alert: AlertView, privateMetadata: string, blocks: KnownBlock[]): ModalView {
  return modalFrame(i18n, name, privateMetadata, [context(alertLine(i18n, alert)), ...blocks]);
}

/** The modal's callback_id, title and buttons; `blocks` say what it is about. */
export function modalFrame(i18n: I18n, name: AlertModalName, privateMetadata: string, blocks: KnownBlock[]): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK_ID[name],
    private_metadata: privateMetadata,
    title: plain(i18n.t(`modal.${name}.title`), LIMITS.viewTitle),
    submit: plain(i18n.t(`modal.${name}.submit`), LIMITS.viewTitle),
    close: plain(i18n.t(`modal.${name}.close`), LIMITS.viewTitle),
    blocks,
  };
}

/** An optional free-text input (a note, a reason): Slack enforces NOTE_MAX in the form, the listener again. */
export function noteInput(ids: { block: string; action: string }, label: string, placeholder: string, multiline: boolean): KnownBlock {
  return {
    type: 'input',
    block_id: ids.block,
    optional: true,
    label: plain(label, 2000),
    element: { type: 'plain_text_input', action_id: ids.action, multiline, max_length: NOTE_MAX, placeholder: plain(placeholder, 150) },
  };
}
