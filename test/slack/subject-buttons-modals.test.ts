// The modals behind Restock, Mark paid, Promise to pay, Document received and Waive, rendered in
// both languages: Slack's limits (a pt-BR title over 24 characters makes views.open fail), and the
// long-list case of the documents modal (at most 10 checkboxes per element).
import { describe, expect, it } from 'vitest';
import type { AlertModalName } from '../../src/blocks/modals/alert-modal.js';
import { documentsModal, readDocumentsModal } from '../../src/blocks/modals/documents-modal.js';
import { markPaidModal } from '../../src/blocks/modals/mark-paid-modal.js';
import { promiseModal } from '../../src/blocks/modals/promise-modal.js';
import { restockModal } from '../../src/blocks/modals/restock-modal.js';
import { FieldError } from '../../src/blocks/modals/view-values.js';
import { KNOWN_DOCUMENTS } from '../../src/lib/documents.js';
import { CATALOGS, createI18n, type MessageKey } from '../../src/i18n/index.js';
import { alertOfKind, missingDocumentsDetails, makeAlert } from '../support/alert-fixtures.js';
import { validateView } from '../support/block-kit-limits.js';

const NAMES: readonly AlertModalName[] = ['restock', 'markPaid', 'promise', 'documentsReceived', 'documentsWaive'];
const LOCALES = ['en', 'pt-BR'] as const;
const METADATA = JSON.stringify({ alertId: 42, version: 3, channelId: 'C0FINANCE1', fromHome: false });

describe.each(LOCALES)('subject modals in %s', (locale) => {
  const i18n = createI18n(locale, 'America/Sao_Paulo');

  it.each(NAMES)('%s: title, submit and close fit in 24 characters', (name) => {
    for (const part of ['title', 'submit', 'close'] as const) {
      const text = CATALOGS[locale][`modal.${name}.${part}` as MessageKey];
      expect(text.length, `modal.${name}.${part}`).toBeGreaterThan(0);
      expect(text.length, `modal.${name}.${part} = "${text}"`).toBeLessThanOrEqual(24);
    }
  });

  it('renders every modal within Slack limits, the alert it is about on top', () => {
    const views = [
      restockModal(i18n, alertOfKind('low_stock'), METADATA),
      markPaidModal(i18n, alertOfKind('unpaid_order'), METADATA),
      promiseModal(i18n, alertOfKind('unpaid_order'), METADATA, '2026-01-17'),
      documentsModal(i18n, 'received', alertOfKind('missing_documents'), ['ctps', 'aso'], METADATA),
      documentsModal(i18n, 'waive', alertOfKind('missing_documents'), ['ctps', 'aso'], METADATA),
    ];
    for (const view of views) {
      expect(validateView(view)).toEqual([]);
      expect(view.private_metadata).toBe(METADATA);
      expect(JSON.stringify(view.blocks[0])).toContain('#42');
    }
  });
});

describe('documents modal', () => {
  const i18n = createI18n('pt-BR', 'America/Sao_Paulo');
  const alert = makeAlert(missingDocumentsDetails({ missing: [...KNOWN_DOCUMENTS] }));

  it('spreads more than 10 missing documents over several checkbox groups and reads every ticked one', () => {
    const view = documentsModal(i18n, 'received', alert, KNOWN_DOCUMENTS, METADATA);
    expect(validateView(view)).toEqual([]);
    const groups = view.blocks.filter((b) => b.type === 'input') as { block_id: string; element: { action_id: string; options: { value: string }[] } }[];
    expect(groups.map((g) => g.block_id)).toEqual(['documents_1', 'documents_2']);
    expect(groups.map((g) => g.element.options.length)).toEqual([10, KNOWN_DOCUMENTS.length - 10]);
    expect(groups[0]!.element.options[0]).toMatchObject({ value: 'cpf', text: { text: 'CPF' } });

    const tick = (value: string) => ({ text: { type: 'plain_text' as const, text: value }, value });
    const input = readDocumentsModal(i18n, {
      documents_1: { received: { type: 'checkboxes', selected_options: [tick('aso')] } },
      documents_2: { received: { type: 'checkboxes', selected_options: [tick('birth_certificate_children')] } },
    });
    expect(input).toEqual({ mode: 'received', documents: ['aso', 'birth_certificate_children'], reason: '' });
  });

  it('asks for a reason only to waive, on the reason field', () => {
    expect(JSON.stringify(documentsModal(i18n, 'received', alert, ['aso'], METADATA).blocks)).not.toContain('waiver_reason');
    expect(JSON.stringify(documentsModal(i18n, 'waive', alert, ['aso'], METADATA).blocks)).toContain('Motivo da dispensa');
    const read = () =>
      readDocumentsModal(i18n, {
        documents_1: { waive: { type: 'checkboxes', selected_options: [{ text: { type: 'plain_text', text: 'ASO' }, value: 'aso' }] } },
        waiver_reason: { reason: { type: 'plain_text_input', value: '   ' } },
      });
    expect(read).toThrow(FieldError);
    expect(read).toThrow('A dispensa precisa de um motivo');
  });
});
