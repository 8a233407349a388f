// The Document received and Waive modals: the hire's missing documents as checkboxes (types only,
// never numbers) and, to waive, a required reason. Both submit to MODALS.documents; the checkboxes'
// action_id says which of the two it was.
import type { KnownBlock, ModalView } from '@slack/types';
import { WAIVER_REASON_MAX } from '../../domain/admissions/change-documents.js';
import type { AlertView } from '../../domain/alerts/alert-types.js';
import { FREE_TEXT_FIELDS } from '../../domain/text/free-text-fields.js';
import type { I18n } from '../../i18n/index.js';
import { AppError } from '../../lib/errors.js';
import { documentLabel } from '../alerts/alert-format.js';
import { alertModal, plain } from './alert-modal.js';
import { FieldError, freeTextValue, selectedValues, type ViewValues } from './view-values.js';

export type DocumentsMode = 'received' | 'waive';

/** Slack allows 10 options per checkboxes element: longer lists continue in a second block. */
const OPTIONS_PER_BLOCK = 10;

export const DOCUMENTS_FIELDS = {
  /** documents_1, documents_2, … */
  documentsBlock: (n: number) => `documents_${n}`,
  reason: { block: 'waiver_reason', action: 'reason' },
} as const;

const MODES: readonly DocumentsMode[] = ['received', 'waive'];

export function documentsModal(i18n: I18n, mode: DocumentsMode, alert: AlertView, missing: readonly string[], privateMetadata: string): ModalView {
  const groups: string[][] = [];
  for (let i = 0; i < missing.length; i += OPTIONS_PER_BLOCK) groups.push(missing.slice(i, i + OPTIONS_PER_BLOCK));
  const blocks: KnownBlock[] = groups.map((codes, i) => ({
    type: 'input',
    block_id: DOCUMENTS_FIELDS.documentsBlock(i + 1),
    // "At least one" spans every group, so it is checked on submission, not by Slack per block.
    optional: true,
    label: plain(i18n.t(mode === 'received' ? 'form.documents.received' : 'form.documents.waive'), 2000),
    element: { type: 'checkboxes', action_id: mode, options: codes.map((code) => ({ text: plain(documentLabel(i18n, code), 75), value: code })) },
  }));
  if (mode === 'waive') {
    blocks.push({
      type: 'input',
      block_id: DOCUMENTS_FIELDS.reason.block,
      label: plain(i18n.t('form.reason.label'), 2000),
      element: {
        type: 'plain_text_input',
        action_id: DOCUMENTS_FIELDS.reason.action,
        max_length: WAIVER_REASON_MAX,
        placeholder: plain(i18n.t('form.reason.placeholder'), 150),
      },
    });
  }
  return alertModal(i18n, mode === 'received' ? 'documentsReceived' : 'documentsWaive', alert, privateMetadata, blocks);
}

export interface DocumentsInput {
  mode: DocumentsMode;
  documents: string[];
  /** '' when receiving */
  reason: string;
}

export function readDocumentsModal(i18n: I18n, values: ViewValues): DocumentsInput {
  const blocks = Object.keys(values).filter((id) => /^documents_\d+$/.test(id));
  const mode = MODES.find((m) => blocks.some((id) => values[id]?.[m] !== undefined));
  if (!mode) throw new AppError('invalid_input', 'documents modal without checkboxes', { userMessage: i18n.t('interaction.badButton') });
  const documents = blocks.flatMap((id) => selectedValues(values, id, mode));
  if (documents.length === 0) throw new FieldError(DOCUMENTS_FIELDS.documentsBlock(1), i18n.t('form.documents.required'));
  const reason = mode === 'waive' ? freeTextValue(i18n, values, DOCUMENTS_FIELDS.reason, i18n.t('form.reason.label'), FREE_TEXT_FIELDS.waiverReason) : '';
  if (mode === 'waive' && !reason) {
    throw new FieldError(DOCUMENTS_FIELDS.reason.block, i18n.t('admissions.reasonInvalid', { max: WAIVER_REASON_MAX }));
  }
  return { mode, documents, reason };
}
