// The `/alerts` replies stay within Slack's limits whatever the data: the longest names, the most
// alerts a reply shows, many failed messages with long reasons, in both languages.
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/blocks/kit.js';
import { renderAlertChanged, renderAlertList } from '../../src/blocks/replies/alerts-replies.js';
import type { AlertKind } from '../../src/domain/alerts/alert-types.js';
import type { AlertList } from '../../src/domain/alerts/list-alerts.js';
import type { FailedMessages } from '../../src/domain/alerts/list-failed-messages.js';
import { createI18n } from '../../src/i18n/index.js';
import type { Locale } from '../../src/i18n/locale.js';
import { ALERT_KINDS, alertOfKind, lowStockDetails, makeAlert, manyAlerts, missingDocumentsDetails, unpaidOrderDetails, withStatus } from '../support/alert-fixtures.js';
import { validateBlocks } from '../support/block-kit-limits.js';

const LOCALES: readonly Locale[] = ['en', 'pt-BR'];
const LONG = 'Nome & <muito> longo com acentuação '.repeat(10);

/** The worst list a reply can get: 20 alerts of each kind with the longest data, thousands more, acknowledged and snoozed. */
function worstList(): AlertList {
  const longest = (kind: AlertKind, i: number) => {
    const id = 10_000 + i;
    switch (kind) {
      case 'low_stock':
        return makeAlert(lowStockDetails({ sku: `S${'K'.repeat(63)}`, name: LONG, unit: 'u'.repeat(40) }), { id });
      case 'unpaid_order':
        return makeAlert(unpaidOrderDetails({ number: 'N'.repeat(64), customer: LONG, total: '999999999999.99' }), { id });
      case 'missing_documents':
        return makeAlert(missingDocumentsDetails({ code: 'E'.repeat(64), name: LONG }), { id });
    }
  };
  return {
    total: 3 * 5_000,
    kinds: ALERT_KINDS.map((kind) => ({
      kind,
      total: 5_000,
      alerts: Array.from({ length: 20 }, (_, i) => {
        const alert = longest(kind, i);
        return i % 3 === 0 ? withStatus(alert, 'acknowledged', 'U0STOCK001') : i % 3 === 1 ? withStatus(alert, 'snoozed', 'U0STOCK001', LONG) : alert;
      }),
    })),
  };
}

function manyFailures(): FailedMessages {
  const error = `invalid_blocks: ${'`x` <y> & '.repeat(60)}`;
  return {
    total: 12_345,
    reasons: Array.from({ length: 5 }, (_, i) => ({ error, channel: `C0CHANNEL${i}`, count: 2_000 + i })),
    latest: Array.from({ length: 10 }, (_, i) => ({
      id: i,
      channel: i % 2 ? 'local-stock' : 'C0STOCK001',
      op: 'update' as const,
      error,
      queuedAt: new Date('2026-11-28T18:00:00Z'),
      alertId: i % 3 ? 100 + i : null,
      alertSubject: 'S'.repeat(64),
      groupId: i % 3 ? null : 7,
    })),
  };
}

describe('/alerts replies within Slack limits', () => {
  for (const locale of LOCALES) {
    const i18n = createI18n(locale, 'America/Sao_Paulo');

    it.each([true, false])(`keeps the fullest list valid (${locale}, Retry buttons: %s)`, (canRetry) => {
      const reply = renderAlertList(i18n, worstList(), manyFailures(), { canRetry });
      expect(validateBlocks(reply.blocks, 'message')).toEqual([]);
      expect(JSON.stringify(reply.blocks).includes('outbox.retry')).toBe(canRetry);
      expect(reply.blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
      expect(reply.text.length).toBeLessThanOrEqual(LIMITS.messageText);
      const text = JSON.stringify(reply.blocks);
      // Data is escaped: no injected markup or mentions.
      expect(text).not.toContain('<muito>');
      expect(text).not.toContain('<y>');
      expect(text).toContain(i18n.plural('alerts.failed.more', 12_345 - 10));
    });

    it(`keeps a many-alert list valid and counts what it leaves out (${locale})`, () => {
      const kinds = ALERT_KINDS.map((kind) => ({ kind, total: 2_500, alerts: manyAlerts(20, kind, kind.length * 1_000) }));
      const reply = renderAlertList(i18n, { total: 7_500, kinds }, { total: 0, latest: [], reasons: [] }, { canRetry: true });
      expect(validateBlocks(reply.blocks, 'message')).toEqual([]);
      expect(JSON.stringify(reply.blocks).split(i18n.plural('alerts.list.more', 2_480)).length - 1).toBe(3);
    });

    it(`keeps the confirmations valid (${locale})`, () => {
      for (const status of ['acknowledged', 'snoozed', 'resolved'] as const) {
        const changed = renderAlertChanged(i18n, withStatus(alertOfKind('unpaid_order', { id: 42 }), status, 'U0FIN00001', LONG));
        expect(validateBlocks(changed.blocks, 'message')).toEqual([]);
        expect(changed.text).toContain('#42');
        expect(JSON.stringify(changed.blocks)).not.toContain('<muito>');
      }
    });
  }

  it('says what happened in natural pt-BR', () => {
    const pt = createI18n('pt-BR', 'America/Sao_Paulo');
    const alert = alertOfKind('low_stock', { id: 42 });
    expect(renderAlertChanged(pt, withStatus(alert, 'acknowledged')).text).toBe('#42 reconhecido');
    expect(renderAlertChanged(pt, withStatus(alert, 'snoozed')).text).toBe('#42 adiado até 08/01/2026, 09:00');
    expect(renderAlertChanged(pt, withStatus(alert, 'resolved')).text).toBe('#42 resolvido');
  });
});
