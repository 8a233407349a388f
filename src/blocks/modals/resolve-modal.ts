// The Resolve modal: an optional note.
import type { ModalView } from '@slack/types';
import type { AlertView } from '../../domain/alerts/alert-types.js';
import type { I18n } from '../../i18n/index.js';
import { context } from '../kit.js';
import { alertModal, noteInput } from './alert-modal.js';

export const RESOLVE_NOTE = { block: 'resolve_note', action: 'note' } as const;

export function resolveModal(i18n: I18n, alert: AlertView, privateMetadata: string): ModalView {
  return alertModal(i18n, 'resolve', alert, privateMetadata, [
    context(i18n.t('modal.resolve.intro')),
    noteInput(RESOLVE_NOTE, i18n.t('modal.resolve.note'), i18n.t('modal.resolve.notePlaceholder'), true),
  ]);
}
