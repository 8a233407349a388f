import { describe, expect, it } from 'vitest';
import { ALERT_ACTIONS, encodeAlertButton, GROUP_ACTIONS } from '../../src/blocks/action-ids.js';
import {
  renderAlertGroup,
  renderAlertGroupChanges,
  renderAlertGroupList,
  type AlertChange,
  type AlertGroupView,
} from '../../src/blocks/alerts/render-alert-group.js';
import { renderAlertNote, type AlertNoteInput, type AlertNoteType } from '../../src/blocks/alerts/render-alert-note.js';
import { renderAlertMessage } from '../../src/blocks/alerts/render-alert.js';
import type { KnownBlock } from '../../src/blocks/kit.js';
import { renderBlocksAsText } from '../../src/blocks/render-text.js';
import { GROUP_LIST_LIMIT } from '../../src/domain/alerts/announce-alerts.js';
import type { AlertView, MissingDocumentsDetails, Severity } from '../../src/domain/alerts/alert-types.js';
import { createI18n, type I18n } from '../../src/i18n/index.js';
import type { Locale } from '../../src/i18n/locale.js';
import {
  ACTOR,
  ALERT_KINDS,
  ALERT_STATUSES,
  alertOfKind,
  allAlertFixtures,
  lowStockDetails,
  makeAlert,
  manyAlerts,
  missingDocumentsDetails,
  unpaidOrderDetails,
  withStatus,
} from '../support/alert-fixtures.js';
import { GROUP_LIST_MESSAGES } from '../../src/notify/outbox-notifier.js';
import { validateBlocks, validateMessageText } from '../support/block-kit-limits.js';

const LOCALES: readonly Locale[] = ['en', 'pt-BR'];
const i18nFor = (locale: Locale): I18n => createI18n(locale, 'America/Sao_Paulo');
const en = i18nFor('en');
const pt = i18nFor('pt-BR');

interface Message {
  text: string;
  blocks: KnownBlock[];
}

type Button = { type: 'button'; action_id: string; value: string; text: { text: string }; style?: string };

function expectValid(message: Message): void {
  expect(validateBlocks(message.blocks, 'message')).toEqual([]);
  expect(validateMessageText(message.text)).toEqual([]);
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThan(4000);
}

/** What a person reads: the terminal rendering and the fallback, with no template leftovers. */
function expectReadable(message: Message): string {
  const rendered = renderBlocksAsText(message.blocks);
  for (const text of [rendered, message.text]) {
    expect(text).not.toMatch(/undefined|\[object Object\]|NaN|null/);
    expect(text).not.toMatch(/\{[a-zA-Z]+\}/);
  }
  return rendered;
}

function buttonsOf(message: Message): Button[] {
  return message.blocks.flatMap((b) => (b.type === 'actions' ? (b.elements as unknown as Button[]) : []));
}

function headerOf(message: Message): string {
  const block = message.blocks[0];
  if (block?.type !== 'header') throw new Error('first block is not a header');
  return block.text.text;
}

/** Every mrkdwn / plain text in the blocks, joined. */
function blockTexts(message: Message): string {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'text' && typeof v === 'string') texts.push(v);
        else walk(v);
      }
    }
  };
  walk(message.blocks);
  return texts.join('\n');
}

function sectionTexts(message: Message): string[] {
  return message.blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
}

function contextText(message: Message): string {
  return message.blocks
    .flatMap((b) => (b.type === 'context' ? b.elements.map((e) => ('text' in e ? e.text : '')) : []))
    .join(' ');
}

describe('renderAlertMessage', () => {
  for (const locale of LOCALES) {
    for (const { name, alert } of allAlertFixtures()) {
      it(`${locale}: ${name} is valid Block Kit, short and readable`, () => {
        const message = renderAlertMessage(i18nFor(locale), alert);
        expectValid(message);
        expect(message.blocks.length).toBeLessThanOrEqual(6);
        expect(message.text.length).toBeLessThan(300);
        expect(message.text).not.toContain('\n');
        const rendered = expectReadable(message);
        expect(rendered).toContain(`#${alert.id}`);
        expect(contextText(message)).toMatch(/^#42 · :(red_circle|large_orange_circle|large_yellow_circle): /);
      });
    }
  }

  it('shows the severity as emoji and word', () => {
    const cases: [Severity, string, string, string][] = [
      ['critical', ':red_circle:', 'Critical', 'Crítico'],
      ['warning', ':large_orange_circle:', 'Warning', 'Atenção'],
      ['info', ':large_yellow_circle:', 'Info', 'Informativo'],
    ];
    for (const [severity, emoji, enWord, ptWord] of cases) {
      const alert = alertOfKind('unpaid_order', { severity });
      expect(contextText(renderAlertMessage(en, alert))).toContain(`${emoji} ${enWord}`);
      expect(contextText(renderAlertMessage(pt, alert))).toContain(`${emoji} ${ptWord}`);
      expect(headerOf(renderAlertMessage(en, alert)).startsWith(emoji)).toBe(true);
      expect(renderAlertMessage(en, alert).text).toContain(enWord);
    }
  });

  describe('low_stock', () => {
    it('titles low, out-of-stock and predicted alerts differently', () => {
      expect(headerOf(renderAlertMessage(en, makeAlert(lowStockDetails())))).toBe(':large_orange_circle: Low stock: CAFE-500');
      expect(headerOf(renderAlertMessage(en, makeAlert(lowStockDetails({ stock: 0 }), { severity: 'critical' })))).toBe(
        ':red_circle: Out of stock: CAFE-500',
      );
      expect(headerOf(renderAlertMessage(en, makeAlert(lowStockDetails({ stock: 14, predicted: true }), { severity: 'info' })))).toBe(
        ':large_yellow_circle: Runs out soon: CAFE-500',
      );
      expect(headerOf(renderAlertMessage(pt, makeAlert(lowStockDetails())))).toBe(':large_orange_circle: Estoque baixo: CAFE-500');
      expect(headerOf(renderAlertMessage(pt, makeAlert(lowStockDetails({ stock: 0 }), { severity: 'critical' })))).toBe(
        ':red_circle: Estoque zerado: CAFE-500',
      );
    });

    it('shows name, stock and minimum with the unit, days of cover and reorder quantity', () => {
      const body = sectionTexts(renderAlertMessage(en, makeAlert(lowStockDetails({ unit: 'kg' }))))[0] ?? '';
      expect(body).toContain('Café torrado 500 g');
      expect(body).toContain('Stock: *2 kg* · minimum 10 kg');
      expect(body).toContain('Runs out in ~3 days at the current rate');
      expect(body).toContain('Suggested reorder: 40 kg');
      const ptBody = sectionTexts(renderAlertMessage(pt, makeAlert(lowStockDetails())))[0] ?? '';
      expect(ptBody).toContain('Estoque: *2 un* · mínimo 10 un');
      expect(ptBody).toContain('Acaba em ~3 dias no ritmo atual');
      expect(ptBody).toContain('Reposição sugerida: 40 un');
    });

    it('leaves out days of cover and reorder quantity when unknown', () => {
      const body = sectionTexts(renderAlertMessage(en, makeAlert(lowStockDetails({ daysOfCover: null, dailyUsage: null, reorderQty: null }))))[0] ?? '';
      expect(body).not.toMatch(/Runs out|reorder/i);
      expect(sectionTexts(renderAlertMessage(en, makeAlert(lowStockDetails({ daysOfCover: 1 }))))[0]).toContain('Runs out in ~1 day at');
    });
  });

  describe('unpaid_order', () => {
    const alert = makeAlert(unpaidOrderDetails({ promisedDate: '2026-02-02' }), { openedAt: new Date('2026-02-10T15:00:00Z') });

    it('formats money per locale (pt-BR: R$ with a no-break space)', () => {
      expect(blockTexts(renderAlertMessage(pt, alert))).toContain('R$\u00a01.234,56');
      expect(renderAlertMessage(pt, alert).text).toContain('R$\u00a01.234,56');
      expect(blockTexts(renderAlertMessage(en, alert))).toContain('R$1,234.56');
    });

    it('prints the due date as a calendar date, never shifted by the time zone', () => {
      const ptBody = sectionTexts(renderAlertMessage(pt, alert))[0] ?? '';
      expect(ptBody).toContain('Vencimento: 05/01/2026');
      expect(blockTexts(renderAlertMessage(pt, alert))).not.toContain('04/01/2026');
      expect(sectionTexts(renderAlertMessage(en, alert))[0]).toContain('Due Jan 5, 2026');
    });

    it('shows customer, days overdue and the promised date', () => {
      const body = sectionTexts(renderAlertMessage(en, alert))[0] ?? '';
      expect(headerOf(renderAlertMessage(en, alert))).toBe(':large_orange_circle: Overdue order PED-1001');
      expect(headerOf(renderAlertMessage(pt, alert))).toBe(':large_orange_circle: Pedido vencido PED-1001');
      expect(body).toContain('Customer: *Padaria Pão Quente Ltda*');
      expect(body).toContain('12 days overdue');
      expect(body).toContain('Payment promised for Feb 2, 2026');
      expect(sectionTexts(renderAlertMessage(pt, alert))[0]).toContain('Pagamento prometido para 02/02/2026');
      expect(sectionTexts(renderAlertMessage(pt, alert))[0]).toContain('12 dias de atraso');
    });
  });

  describe('missing_documents', () => {
    it('names the person and the missing document types, with progress and deadlines', () => {
      const alert = alertOfKind('missing_documents');
      const message = renderAlertMessage(en, alert);
      expect(headerOf(message)).toBe(':large_orange_circle: Missing admission documents: Ana Beatriz Souza (EMP-7)');
      const body = sectionTexts(message)[0] ?? '';
      expect(body).toContain('3 of 8 missing');
      expect(body).toContain('CTPS (work card), proof of address, ASO (pre-employment medical)');
      expect(body).toContain('New hire: <@U0NEWHIRE7>');
      expect(body).toContain('Starts Jan 12, 2026 (in 7 days)');
      expect(body).toContain('eSocial S-2200 deadline: Jan 11, 2026');
      expect(body).toContain('send by Jan 9, 2026');
      expect(body).not.toMatch(/proof_of_address|\bctps\b|\baso\b/);

      const ptMessage = renderAlertMessage(pt, alert);
      expect(headerOf(ptMessage)).toBe(':large_orange_circle: Documentos de admissão pendentes: Ana Beatriz Souza (EMP-7)');
      const ptBody = sectionTexts(ptMessage)[0] ?? '';
      expect(ptBody).toContain('Faltam 3 de 8');
      expect(ptBody).toContain('CTPS (carteira de trabalho), comprovante de residência, ASO (exame admissional)');
      expect(ptBody).toContain('Prazo do eSocial (S-2200): 11/01/2026');
      expect(ptBody).toContain('enviar até 09/01/2026');
    });

    it('labels every known document type in both locales', () => {
      const all = ['cpf', 'rg', 'ctps', 'pis', 'proof_of_address', 'voter_id', 'bank_account', 'aso', 'military_service', 'marriage_certificate', 'birth_certificate_children'];
      const alert = makeAlert(missingDocumentsDetails({ missing: all, required: 11 }));
      const ptBody = sectionTexts(renderAlertMessage(pt, alert))[0] ?? '';
      for (const label of ['CPF', 'RG', 'CTPS (carteira de trabalho)', 'PIS/PASEP', 'comprovante de residência', 'título de eleitor', 'dados bancários', 'ASO (exame admissional)', 'certificado de reservista', 'certidão de casamento', 'certidão de nascimento dos filhos']) {
        expect(ptBody).toContain(label);
      }
      const enBody = sectionTexts(renderAlertMessage(en, alert))[0] ?? '';
      for (const label of ['voter ID', 'bank details', 'military service certificate', 'marriage certificate', "children's birth certificates"]) {
        expect(enBody).toContain(label);
      }
      expect(enBody + ptBody).not.toMatch(/_/);
    });

    it('omits the send-by day when it is the deadline itself, and the mention when unknown', () => {
      const alert = makeAlert(missingDocumentsDetails({ deadline: '2026-01-08', sendBy: '2026-01-08', slackUser: null }));
      const body = sectionTexts(renderAlertMessage(en, alert))[0] ?? '';
      expect(body).toContain('eSocial S-2200 deadline: Jan 8, 2026');
      expect(body).not.toContain('send by');
      expect(body).not.toContain('<@');
    });

    it('never shows fields other than the known ones (LGPD: no document numbers, no health data)', () => {
      const details = { ...missingDocumentsDetails(), cpfNumber: '123.456.789-09', asoResult: 'inapto: hipertensão' } as MissingDocumentsDetails;
      const alert = makeAlert(details, { resolutionNote: null });
      const outputs: Message[] = [
        renderAlertMessage(en, alert),
        renderAlertMessage(pt, alert),
        ...(['worsened', 'reminder', 'reopened', 'woke', 'resolved'] as const).map((type) => renderAlertNote(pt, { type, alert, previous: details })),
        renderAlertGroup(pt, groupOf('missing_documents', [alert])),
        ...renderAlertGroupList(pt, 'missing_documents', [alert], { maxMessages: 1 }),
        ...renderAlertGroupChanges(pt, 'missing_documents', [{ alert, change: 'worsened' }], { maxMessages: 1 }),
      ];
      for (const output of outputs) {
        const json = JSON.stringify(output);
        expect(json).not.toContain('123.456.789-09');
        expect(json).not.toContain('hipertensão');
        expect(json).not.toContain('inapto');
      }
    });
  });

  describe('state', () => {
    it('shows who acknowledged, snoozed or resolved it, and when', () => {
      const base = alertOfKind('low_stock');
      expect(contextText(renderAlertMessage(en, withStatus(base, 'acknowledged')))).toContain(`acknowledged by <@${ACTOR}> · Jan 5, 2026, 2:35 PM`);
      expect(contextText(renderAlertMessage(pt, withStatus(base, 'acknowledged')))).toContain(`reconhecido por <@${ACTOR}> · 05/01/2026, 14:35`);

      const snoozed = contextText(renderAlertMessage(en, withStatus(base, 'snoozed', ACTOR, 'supplier delivers Thursday')));
      expect(snoozed).toContain(`snoozed by <@${ACTOR}> until Jan 8, 2026, 9:00 AM: supplier delivers Thursday`);
      expect(headerOf(renderAlertMessage(en, withStatus(base, 'snoozed')))).toBe(':large_orange_circle: Low stock: CAFE-500 — snoozed');

      const resolved = renderAlertMessage(en, withStatus(base, 'resolved', ACTOR, 'counted again'));
      expect(contextText(resolved)).toContain(`resolved by <@${ACTOR}>: counted again · Jan 5, 2026, 3:35 PM`);
      expect(headerOf(resolved)).toBe(':white_check_mark: Low stock: CAFE-500 — resolved');
      expect(resolved.text).toContain('(resolved)');
    });

    it('says "automatically" for the system and plain words for other actors', () => {
      const auto = withStatus(makeAlert(lowStockDetails({ stock: 45 })), 'resolved', 'system');
      expect(contextText(renderAlertMessage(en, auto))).toContain('resolved automatically: stock now 45 un');
      expect(contextText(renderAlertMessage(pt, auto))).toContain('resolvido automaticamente: estoque agora em 45 un');
      const withNote = withStatus(makeAlert(lowStockDetails({ stock: 45 })), 'resolved', 'system', 'stock now 45 un');
      expect(contextText(renderAlertMessage(en, withNote))).toContain('resolved automatically: stock now 45 un');
      expect(contextText(renderAlertMessage(en, withStatus(auto, 'acknowledged', 'local')))).toContain('acknowledged by the local console');
      expect(contextText(renderAlertMessage(pt, withStatus(auto, 'acknowledged', 'import')))).toContain('reconhecido por uma importação');
      expect(contextText(renderAlertMessage(en, withStatus(auto, 'acknowledged', 'W0ENTERPRISE')))).toContain('by <@W0ENTERPRISE>');
      expect(blockTexts(renderAlertMessage(en, auto))).not.toContain('<@system>');
    });

    it('shows that a re-opened alert was re-opened', () => {
      const alert = alertOfKind('unpaid_order', { reopenCount: 1, lastActivity: { type: 'reopened', actor: 'system', at: new Date('2026-01-06T12:00:00Z'), note: null } });
      expect(contextText(renderAlertMessage(en, alert))).toContain('re-opened: still true after being resolved');
      expect(contextText(renderAlertMessage(pt, alert))).toContain('reaberto');
      expect(contextText(renderAlertMessage(en, { ...alert, reopenCount: 3 }))).toContain('re-opened 3 times');
      expect(contextText(renderAlertMessage(en, alertOfKind('unpaid_order')))).not.toContain('re-opened');
    });

    it('shows the last event when the state does not tell it', () => {
      const at = new Date('2026-01-06T17:05:00Z');
      const reminded = alertOfKind('low_stock', { lastActivity: { type: 'reminded', actor: 'system', at, note: null } });
      expect(contextText(renderAlertMessage(en, reminded))).toContain('reminder sent · Jan 6, 2026, 2:05 PM');
      const worsened = withStatus(alertOfKind('low_stock'), 'acknowledged');
      worsened.lastActivity = { type: 'worsened', actor: 'system', at, note: null };
      const context = contextText(renderAlertMessage(pt, worsened));
      expect(context).toContain(`reconhecido por <@${ACTOR}>`);
      expect(context).toContain('piorou · 06/01/2026, 14:05');
    });
  });

  describe('buttons', () => {
    const expected = {
      low_stock: [ALERT_ACTIONS.restock],
      unpaid_order: [ALERT_ACTIONS.markPaid, ALERT_ACTIONS.promiseToPay],
      missing_documents: [ALERT_ACTIONS.documentReceived, ALERT_ACTIONS.waiveDocument],
    } as const;

    for (const kind of ALERT_KINDS) {
      it(`${kind}: domain action first, then Acknowledge, Snooze, Resolve, carrying id and version`, () => {
        const alert = alertOfKind(kind, { id: 77, version: 9 });
        const buttons = buttonsOf(renderAlertMessage(en, alert));
        expect(buttons.map((b) => b.action_id)).toEqual([...expected[kind], ALERT_ACTIONS.acknowledge, ALERT_ACTIONS.snooze, ALERT_ACTIONS.resolve]);
        for (const b of buttons) expect(b.value).toBe(encodeAlertButton({ alertId: 77, version: 9 }));
        expect(buttons[0]?.style).toBe('primary');
      });

      it(`${kind}: Acknowledge hidden once acknowledged or snoozed; no buttons once resolved`, () => {
        const acknowledged = withStatus(alertOfKind(kind), 'acknowledged');
        const ids = buttonsOf(renderAlertMessage(en, acknowledged)).map((b) => b.action_id);
        expect(ids).toEqual([...expected[kind], ALERT_ACTIONS.snooze, ALERT_ACTIONS.resolve]);
        for (const b of buttonsOf(renderAlertMessage(en, acknowledged))) expect(b.value).toBe(encodeAlertButton({ alertId: 42, version: acknowledged.version }));
        expect(buttonsOf(renderAlertMessage(en, withStatus(alertOfKind(kind), 'snoozed'))).map((b) => b.action_id)).not.toContain(ALERT_ACTIONS.acknowledge);
        const resolved = renderAlertMessage(en, withStatus(alertOfKind(kind), 'resolved'));
        expect(resolved.blocks.some((b) => b.type === 'actions')).toBe(false);
      });
    }

    it('labels the buttons in Portuguese', () => {
      const labels = ALERT_KINDS.flatMap((kind) => buttonsOf(renderAlertMessage(pt, alertOfKind(kind))).map((b) => b.text.text));
      for (const label of ['Repor estoque', 'Marcar como pago', 'Promessa de pagamento', 'Documento recebido', 'Dispensar', 'Reconhecer', 'Adiar', 'Resolver']) {
        expect(labels).toContain(label);
      }
    });

    it('uses every ALERT_ACTIONS entry, and only those', () => {
      const registry = new Set<string>(Object.values(ALERT_ACTIONS));
      const used = new Set<string>();
      for (const locale of LOCALES) {
        for (const { alert } of allAlertFixtures()) {
          for (const b of buttonsOf(renderAlertMessage(i18nFor(locale), alert))) used.add(b.action_id);
        }
      }
      expect([...used].filter((id) => !registry.has(id))).toEqual([]);
      expect([...registry].filter((id) => !used.has(id))).toEqual([]);
    });
  });

  describe('data text', () => {
    const evil = '<!channel> *bold* <@U0EVIL99> & <https://evil.example|click>';

    function evilAlerts(): AlertView[] {
      return [
        makeAlert(lowStockDetails({ sku: evil, name: evil, unit: evil }), { subject: evil }),
        withStatus(makeAlert(unpaidOrderDetails({ customer: evil, number: evil, currency: 'BRL' }), { subject: evil }), 'snoozed', ACTOR, evil),
        withStatus(makeAlert(missingDocumentsDetails({ name: evil, code: evil, role: evil, slackUser: evil, missing: ['ctps', evil] }), { subject: evil }), 'resolved', evil, evil),
      ];
    }

    it('escapes names, customers, notes and reasons so they cannot mention or link', () => {
      for (const alert of evilAlerts()) {
        for (const i18n of [en, pt]) {
          const outputs: Message[] = [
            renderAlertMessage(i18n, alert),
            ...(['worsened', 'reminder', 'reopened', 'woke', 'resolved'] as const).map((type) => renderAlertNote(i18n, { type, alert, remindAfterText: evil })),
            renderAlertGroup(i18n, groupOf(alert.kind, [alert])),
            ...renderAlertGroupList(i18n, alert.kind, [alert], { maxMessages: 1 }),
            ...renderAlertGroupChanges(i18n, alert.kind, [{ alert, change: 'resolved' }], { maxMessages: 1 }),
          ];
          for (const output of outputs) {
            expectValid(output);
            const all = `${output.text}\n${blockTexts(output)}`;
            expect(all).not.toContain('<!channel>');
            expect(all).not.toContain('<@U0EVIL99>');
            expect(all).not.toContain('<https://evil');
            expect(all).toContain('&lt;!channel&gt;');
          }
        }
      }
    });

    it('keeps a 300-character product name (and other long data) within the limits', () => {
      const long = 'Ç'.repeat(120) + ' & '.repeat(30) + 'x'.repeat(90);
      expect(long.length).toBe(300);
      const alerts = [
        makeAlert(lowStockDetails({ name: long, sku: long, unit: long }), { subject: long }),
        withStatus(makeAlert(unpaidOrderDetails({ customer: long, number: long }), { subject: long }), 'snoozed', ACTOR, long.repeat(20)),
        withStatus(makeAlert(missingDocumentsDetails({ name: long, code: long, role: long }), { subject: long }), 'resolved', ACTOR, long.repeat(20)),
      ];
      for (const alert of alerts) {
        for (const i18n of [en, pt]) {
          const message = renderAlertMessage(i18n, alert);
          expectValid(message);
          expect(message.text.length).toBeLessThan(300);
          expect(headerOf(message).length).toBeLessThanOrEqual(150);
          expect(headerOf(message)).toContain('…');
          expect(headerOf(message)).not.toMatch(/&[a-z]*…/); // never cut inside an entity
          expectReadable(message);
        }
      }
    });
  });
});

describe('renderAlertNote', () => {
  const types: AlertNoteType[] = ['worsened', 'reminder', 'reopened', 'woke', 'resolved'];

  for (const locale of LOCALES) {
    for (const kind of ALERT_KINDS) {
      for (const type of types) {
        it(`${locale}: ${type} note on ${kind} is valid and readable`, () => {
          const alert = type === 'resolved' ? withStatus(alertOfKind(kind), 'resolved') : alertOfKind(kind);
          const note = renderAlertNote(i18nFor(locale), { type, alert, previous: alert.details, remindAfterText: '24 h' });
          expectValid(note);
          expect(note.blocks.length).toBeLessThanOrEqual(3);
          expect(note.text).toContain('#42');
          expect(note.text).not.toMatch(/:[a-z_]+:/);
          expectReadable(note);
        });
      }
    }
  }

  const noteText = (i18n: I18n, input: AlertNoteInput) => sectionTexts(renderAlertNote(i18n, input)).join('\n');

  it('worsened: says what got worse', () => {
    const alert = makeAlert(lowStockDetails({ stock: 2 }));
    expect(noteText(en, { type: 'worsened', alert, previous: lowStockDetails({ stock: 8 }) })).toContain('Stock fell from 8 to 2 un');
    expect(noteText(pt, { type: 'worsened', alert, previous: lowStockDetails({ stock: 8 }) })).toContain('O estoque caiu de 8 para 2 un');
    const out = makeAlert(lowStockDetails({ stock: 0 }), { severity: 'critical' });
    expect(noteText(en, { type: 'worsened', alert: out, previous: lowStockDetails({ stock: 8 }) })).toContain('Out of stock now (was 8 un)');

    const order = makeAlert(unpaidOrderDetails({ daysOverdue: 45 }), { severity: 'critical' });
    expect(noteText(en, { type: 'worsened', alert: order, previous: unpaidOrderDetails({ daysOverdue: 30 }) })).toContain('Now 45 days overdue (Critical)');
    expect(noteText(pt, { type: 'worsened', alert: order })).toContain('Agora com 45 dias de atraso (Crítico)');
    // On the collections schedule: a new step says which; the same step (a grown amount) says how late.
    const stepped = makeAlert(unpaidOrderDetails({ daysOverdue: 15, step: { day: 15, number: 5, of: 8 } }), { severity: 'warning' });
    expect(noteText(en, { type: 'worsened', alert: stepped, previous: unpaidOrderDetails({ daysOverdue: 7, step: { day: 7, number: 4, of: 8 } }) })).toContain(
      'D+15 — 15 days overdue: step 5 of 8 of the collections schedule (Warning)',
    );
    expect(noteText(pt, { type: 'worsened', alert: stepped })).toContain('D+15 — 15 dias de atraso: etapa 5 de 8 da régua de cobrança (Atenção)');
    expect(noteText(en, { type: 'worsened', alert: stepped, previous: unpaidOrderDetails({ daysOverdue: 15, total: '10.00', step: { day: 15, number: 5, of: 8 } }) })).toContain('Now 15 days overdue (Warning)');
    // A reminder before the due date.
    const soon = makeAlert(unpaidOrderDetails({ daysOverdue: -3, step: { day: -3, number: 1, of: 8 } }), { severity: 'info' });
    expect(headerOf(renderAlertMessage(pt, soon))).toContain('Pedido PED-1001 vence em breve');
    expect(sectionTexts(renderAlertMessage(pt, soon))[0]).toContain('vence em 3 dias');
    expect(sectionTexts(renderAlertMessage(pt, soon))[0]).toContain('Régua de cobrança: D-3, etapa 1 de 8');

    const hire = makeAlert(missingDocumentsDetails({ missing: ['ctps', 'aso', 'rg'] }));
    const previous = missingDocumentsDetails({ missing: ['ctps'] });
    expect(noteText(en, { type: 'worsened', alert: hire, previous })).toContain('2 more documents missing: ASO (pre-employment medical), RG (ID card)');
    expect(noteText(pt, { type: 'worsened', alert: hire, previous })).toContain('Mais 2 documentos pendentes: ASO (exame admissional), RG');
    expect(noteText(en, { type: 'worsened', alert: hire, previous: hire.details })).toContain('The start date is near (Jan 12, 2026) and 3 of 8 documents are still missing');
  });

  it('worsened: says when the severity went up', () => {
    const alert = makeAlert(unpaidOrderDetails({ daysOverdue: 61 }), { severity: 'critical' });
    expect(noteText(en, { type: 'worsened', alert, previousSeverity: 'warning' })).toContain(
      'Severity up: :large_orange_circle: Warning → :red_circle: Critical',
    );
    expect(noteText(pt, { type: 'worsened', alert, previousSeverity: 'warning' })).toContain('Gravidade aumentou');
    expect(noteText(en, { type: 'worsened', alert, previousSeverity: 'critical' })).not.toContain('Severity up');
  });

  it('reminder: takes the duration text', () => {
    const alert = alertOfKind('unpaid_order');
    expect(noteText(en, { type: 'reminder', alert, remindAfterText: '24 h' })).toContain('Still open after 24 h and not acknowledged');
    expect(noteText(pt, { type: 'reminder', alert, remindAfterText: '24 h' })).toContain('Continua aberto há mais de 24 h');
    expect(noteText(en, { type: 'reminder', alert })).toContain('Still open and not acknowledged');
  });

  it('reopened: names who resolved it', () => {
    const alert = { ...withStatus(alertOfKind('low_stock'), 'resolved'), status: 'open' as const, reopenCount: 1 };
    expect(noteText(en, { type: 'reopened', alert })).toContain(`Re-opened: the problem is still there after it was resolved by <@${ACTOR}>`);
    expect(noteText(pt, { type: 'reopened', alert })).toContain(`Reaberto: o problema continua, mesmo depois de resolvido por <@${ACTOR}>`);
    expect(noteText(en, { type: 'reopened', alert: alertOfKind('low_stock') })).toContain('Re-opened: the problem is still there after it was resolved');
  });

  it('woke: snooze ended, or the promised payment date passed', () => {
    expect(noteText(en, { type: 'woke', alert: alertOfKind('low_stock') })).toContain('Snooze ended; still open');
    const promised = makeAlert(unpaidOrderDetails({ promisedDate: '2026-01-20' }));
    expect(noteText(en, { type: 'woke', alert: promised })).toContain('Promised payment date (Jan 20, 2026) passed and the order is still unpaid');
    expect(noteText(pt, { type: 'woke', alert: promised })).toContain('A data prometida de pagamento (20/01/2026) passou');
  });

  it('resolved: who and why', () => {
    const byHand = withStatus(alertOfKind('unpaid_order'), 'resolved', ACTOR, 'pago via pix');
    expect(noteText(en, { type: 'resolved', alert: byHand })).toContain(`Resolved by <@${ACTOR}>: pago via pix`);
    expect(noteText(pt, { type: 'resolved', alert: byHand })).toContain(`Resolvido por <@${ACTOR}>: pago via pix`);
    const auto = withStatus(makeAlert(lowStockDetails({ stock: 45 })), 'resolved', 'system');
    expect(noteText(en, { type: 'resolved', alert: auto })).toContain('Resolved automatically: stock now 45 un');
    expect(noteText(pt, { type: 'resolved', alert: auto })).toContain('Resolvido automaticamente: estoque agora em 45 un');
  });
});

function groupOf(kind: AlertGroupView['kind'], alerts: AlertView[], total = alerts.length): AlertGroupView {
  const bySeverity = { critical: 0, warning: 0, info: 0 };
  const counts = { open: 0, acknowledged: 0, snoozed: 0, resolved: 0 };
  for (const a of alerts) {
    bySeverity[a.severity] += 1;
    counts[a.status] += 1;
  }
  return { id: 7, kind, counts: { ...counts, bySeverity }, total, worst: alerts.slice(0, 5), openedAt: new Date('2026-01-05T12:00:00Z') };
}

/** Alert ids listed in a message's lines (`*#123*`). */
function listedIds(messages: Message[]): number[] {
  return messages.flatMap((m) => sectionTexts(m).flatMap((text) => [...text.matchAll(/\*#(\d+)\*/g)].map((match) => Number(match[1]))));
}

describe('renderAlertGroup', () => {
  const alerts = manyAlerts(2000);

  it('summarises a storm: header, counts by severity and status, the worst five, a footer, Acknowledge all and Snooze all', () => {
    const group: AlertGroupView = {
      id: 7,
      kind: 'low_stock',
      counts: { open: 1990, acknowledged: 5, snoozed: 3, resolved: 2, bySeverity: { critical: 500, warning: 1000, info: 500 } },
      total: 2000,
      worst: alerts.slice(0, 8),
      openedAt: new Date('2026-01-05T12:00:00Z'),
    };
    const message = renderAlertGroup(en, group);
    expectValid(message);
    expectReadable(message);
    expect(message.blocks.length).toBeLessThanOrEqual(10);
    expect(buttonsOf(message).map((b) => [b.action_id, b.value, b.text.text])).toEqual([
      [GROUP_ACTIONS.acknowledgeAll, '7', 'Acknowledge all'],
      [GROUP_ACTIONS.snoozeAll, '7', 'Snooze all'],
    ]);
    expect(headerOf(message)).toBe(':rotating_light: 2,000 products low on stock');
    const text = blockTexts(message);
    expect(text).toContain(':red_circle: Critical: *500*');
    expect(text).toContain(':large_orange_circle: Warning: *1,000*');
    expect(text).toContain('Open: 1,990 · Acknowledged: 5 · Snoozed: 3 · Resolved: 2');
    expect(listedIds([message])).toEqual([1000, 1001, 1002, 1003, 1004]);
    expect(contextText(message)).toContain('/alerts list');
    expect(contextText(message)).toContain('replies');
    expect(message.text).toContain('2,000 products low on stock');

    const ptMessage = renderAlertGroup(pt, group);
    expect(headerOf(ptMessage)).toBe(':rotating_light: 2.000 produtos com estoque baixo');
    expect(blockTexts(ptMessage)).toContain('Abertos: 1.990 · Reconhecidos: 5 · Adiados: 3 · Resolvidos: 2');
    expect(blockTexts(ptMessage)).toContain('Críticos: *500*');
    expect(buttonsOf(ptMessage).map((b) => b.text.text)).toEqual(['Reconhecer todos', 'Adiar todos']);
  });

  it('offers Acknowledge all only while some alert is neither acknowledged nor resolved, and no button once all are resolved', () => {
    const acknowledged = manyAlerts(12).map((a, i) => withStatus(a, i < 10 ? 'acknowledged' : 'resolved', 'U0CLERK01'));
    expect(buttonsOf(renderAlertGroup(en, groupOf('low_stock', acknowledged))).map((b) => b.action_id)).toEqual([GROUP_ACTIONS.snoozeAll]);
    const snoozed = manyAlerts(12).map((a) => withStatus(a, 'snoozed', 'U0CLERK01'));
    expect(buttonsOf(renderAlertGroup(en, groupOf('low_stock', snoozed))).map((b) => b.action_id)).toEqual([GROUP_ACTIONS.acknowledgeAll, GROUP_ACTIONS.snoozeAll]);
    const resolved = manyAlerts(12).map((a) => withStatus(a, 'resolved', 'system'));
    expect(buttonsOf(renderAlertGroup(en, groupOf('low_stock', resolved)))).toEqual([]);
  });

  it('titles each kind in both locales', () => {
    expect(headerOf(renderAlertGroup(en, groupOf('unpaid_order', manyAlerts(12, 'unpaid_order'))))).toBe(':rotating_light: 12 overdue orders');
    expect(headerOf(renderAlertGroup(pt, groupOf('unpaid_order', manyAlerts(12, 'unpaid_order'))))).toBe(':rotating_light: 12 pedidos vencidos');
    expect(headerOf(renderAlertGroup(en, groupOf('missing_documents', manyAlerts(11, 'missing_documents'))))).toBe(':rotating_light: 11 new hires with missing documents');
    expect(headerOf(renderAlertGroup(pt, groupOf('missing_documents', manyAlerts(11, 'missing_documents'))))).toBe(':rotating_light: 11 admissões com documentos pendentes');
  });

  it('says when the whole group is resolved', () => {
    const resolved = manyAlerts(12).map((a) => withStatus(a, 'resolved', 'system'));
    const message = renderAlertGroup(pt, groupOf('low_stock', resolved));
    expect(headerOf(message).startsWith(':white_check_mark:')).toBe(true);
    expect(blockTexts(message)).toContain('Todos resolvidos');
    expectValid(message);
  });
});

describe('renderAlertGroupList', () => {
  for (const locale of LOCALES) {
    for (const kind of ALERT_KINDS) {
      it(`${locale}: 2,000 ${kind} alerts fit in at most 4 valid messages, each listed once`, () => {
        const alerts = manyAlerts(2000, kind);
        const messages = renderAlertGroupList(i18nFor(locale), kind, alerts, { maxMessages: 4 });
        expect(messages.length).toBeGreaterThanOrEqual(1);
        expect(messages.length).toBeLessThanOrEqual(4);
        for (const m of messages) {
          expectValid(m);
          expect(m.blocks.length).toBeLessThanOrEqual(50);
          expectReadable(m);
        }
        const ids = listedIds(messages);
        expect(ids).toHaveLength(2000);
        expect(new Set(ids)).toEqual(new Set(alerts.map((a) => a.id)));
      });
    }
  }

  it('packs lines densely: 2,000 short lines need only 2 messages', () => {
    expect(renderAlertGroupList(en, 'low_stock', manyAlerts(2000), { maxMessages: 4 })).toHaveLength(2);
  });

  it('labels the parts', () => {
    const messages = renderAlertGroupList(en, 'low_stock', manyAlerts(2000), { maxMessages: 4 });
    expect(messages[0]?.text).toBe('Low stock — full list (2,000) · part 1 of 2');
    expect(contextText(messages[1] as Message)).toBe('Low stock — full list (2,000) · part 2 of 2');
    expect(renderAlertGroupList(pt, 'low_stock', manyAlerts(20), { maxMessages: 4 })[0]?.text).toBe('Estoque baixo — lista completa (20)');
  });

  for (const [locale, pattern] of [
    ['en', /…and ([\d,]+) more\. Use `\/alerts list`/],
    ['pt-BR', /…e mais ([\d.]+)\. Use `\/alerts listar`/],
  ] as const) {
    it(`${locale}: when the list does not fit, the last line says how many more and to use /alerts list`, () => {
      const alerts = manyAlerts(2000, 'unpaid_order');
      const messages = renderAlertGroupList(i18nFor(locale), 'unpaid_order', alerts, { maxMessages: 1 });
      expect(messages).toHaveLength(1);
      const message = messages[0] as Message;
      expectValid(message);
      const ids = listedIds(messages);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(alerts.slice(0, ids.length).map((a) => a.id));
      const lastSection = sectionTexts(message).at(-1) ?? '';
      const lastLine = lastSection.split('\n').at(-1) ?? '';
      const match = pattern.exec(lastLine);
      expect(match).not.toBeNull();
      expect(ids.length + Number((match?.[1] ?? '').replace(/[.,]/g, ''))).toBe(2000);
      expect(ids.length).toBeGreaterThan(1000); // the message is used, not left half empty
    });
  }

  it('returns nothing for an empty list', () => {
    expect(renderAlertGroupList(en, 'low_stock', [], { maxMessages: 4 })).toEqual([]);
  });

  it('lists a storm of GROUP_LIST_LIMIT alerts in full within GROUP_LIST_MESSAGES replies, every kind, both locales', () => {
    expect(GROUP_LIST_LIMIT).toBeGreaterThanOrEqual(5_000); // a storm of 5,000 is listed in full (issue 11)
    for (const kind of ALERT_KINDS) {
      for (const i18n of [en, pt]) {
        const alerts = manyAlerts(GROUP_LIST_LIMIT, kind);
        const messages = renderAlertGroupList(i18n, kind, alerts, { maxMessages: GROUP_LIST_MESSAGES });
        expect(messages.length).toBeLessThanOrEqual(GROUP_LIST_MESSAGES);
        for (const m of messages) expectValid(m as Message);
        expect(listedIds(messages)).toEqual(alerts.map((a) => a.id));
      }
    }
  });
});

describe('renderAlertGroupChanges', () => {
  function changesOf(count: number): AlertChange[] {
    const types: AlertChange['change'][] = ['resolved', 'worsened', 'reopened', 'acknowledged', 'snoozed', 'woke'];
    return manyAlerts(count).map((alert, i) => {
      const change = types[i % types.length] ?? 'resolved';
      const shaped =
        change === 'resolved' ? withStatus(alert, 'resolved', i % 12 === 0 ? ACTOR : 'system')
        : change === 'acknowledged' ? withStatus(alert, 'acknowledged')
        : change === 'snoozed' ? withStatus(alert, 'snoozed')
        : alert;
      return { alert: shaped, change };
    });
  }

  it('lists what changed, grouped by change, each alert once', () => {
    const changes = changesOf(12);
    for (const i18n of [en, pt]) {
      const messages = renderAlertGroupChanges(i18n, 'low_stock', changes, { maxMessages: 2 });
      expect(messages).toHaveLength(1);
      const message = messages[0] as Message;
      expectValid(message);
      expectReadable(message);
      expect(listedIds(messages).sort()).toEqual(changes.map((c) => c.alert.id).sort());
    }
    const text = sectionTexts(renderAlertGroupChanges(en, 'low_stock', changes, { maxMessages: 2 })[0] as Message).join('\n');
    expect(text).toContain('*Resolved (2)*');
    expect(text).toContain('*Got worse (2)*');
    expect(text).toContain('*Re-opened (2)*');
    expect(text).toContain(`· by <@${ACTOR}>`);
    expect(text).toContain('· automatically');
    expect(text).toContain('until Jan 8, 2026, 9:00 AM');
    expect(text.indexOf('Re-opened')).toBeLessThan(text.indexOf('Resolved'));
    const ptText = sectionTexts(renderAlertGroupChanges(pt, 'low_stock', changes, { maxMessages: 2 })[0] as Message).join('\n');
    expect(ptText).toContain('*Resolvidos (2)*');
    expect(ptText).toContain('*Pioraram (2)*');
    expect(renderAlertGroupChanges(pt, 'low_stock', changes, { maxMessages: 2 })[0]?.text).toContain('Estoque baixo — o que mudou');
  });

  it('packs 2,000 changes within the message limit and accounts for the rest', () => {
    const changes = changesOf(2000);
    const messages = renderAlertGroupChanges(en, 'low_stock', changes, { maxMessages: 1 });
    expect(messages).toHaveLength(1);
    expectValid(messages[0] as Message);
    const ids = listedIds(messages);
    expect(new Set(ids).size).toBe(ids.length);
    const last = sectionTexts(messages[0] as Message).at(-1)?.split('\n').at(-1) ?? '';
    const more = Number(/…and ([\d,]+) more/.exec(last)?.[1]?.replace(/,/g, ''));
    expect(ids.length + more).toBe(2000);

    const all = renderAlertGroupChanges(pt, 'low_stock', changes, { maxMessages: 4 });
    expect(all.length).toBeLessThanOrEqual(4);
    for (const m of all) expectValid(m);
    expect(listedIds(all)).toHaveLength(2000);
  });

  it('returns nothing when nothing changed', () => {
    expect(renderAlertGroupChanges(en, 'low_stock', [], { maxMessages: 4 })).toEqual([]);
  });
});

describe('every status and kind renders in both locales', () => {
  it('covers the matrix', () => {
    const seen = new Set<string>();
    for (const { alert } of allAlertFixtures()) seen.add(`${alert.kind}:${alert.status}`);
    for (const kind of ALERT_KINDS) for (const status of ALERT_STATUSES) expect(seen).toContain(`${kind}:${status}`);
  });
});
