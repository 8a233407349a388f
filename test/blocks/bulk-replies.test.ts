// The reply to a bulk acknowledge or snooze: counts plus alert numbers (ranges, capped), within
// Slack's limits in both languages however many alerts matched.
import { describe, expect, it } from 'vitest';
import { BULK_IDS_SHOWN, idList, renderBulkOutcome } from '../../src/blocks/replies/bulk-replies.js';
import type { BulkOutcome } from '../../src/domain/alerts/change-alerts-in-bulk.js';
import { createI18n } from '../../src/i18n/index.js';
import { validateBlocks, validateMessageText } from '../support/block-kit-limits.js';
import { textOf } from '../support/slack-bot.js';

const en = createI18n('en', 'America/Sao_Paulo');
const pt = createI18n('pt-BR', 'America/Sao_Paulo');
const range = (from: number, count: number, step = 1) => Array.from({ length: count }, (_, i) => from + i * step);

function outcome(parts: Partial<BulkOutcome>): BulkOutcome {
  return { action: 'acknowledge', selection: { filter: { kinds: ['low_stock'] } }, matched: 0, done: [], already: [], resolved: [], notFound: [], refused: [], failed: [], ...parts };
}

describe('renderBulkOutcome', () => {
  it('writes consecutive numbers as ranges, in order, and caps the list with a count of the rest', () => {
    expect(idList(en, [21, 12, 13, 14, 15, 18, 20, 12])).toBe('#12–#15, #18, #20, #21');
    const scattered = range(1, BULK_IDS_SHOWN + 25, 2);
    expect(idList(en, scattered)).toBe(`${scattered.slice(0, BULK_IDS_SHOWN).map((id) => `#${id}`).join(', ')} and 25 more`);
    expect(idList(pt, range(1, 5_000, 2))).toMatch(/, #79 e mais 4\.960$/);
  });

  it('stays within Block Kit limits for 5,000 alerts scattered over every outcome, in both languages', () => {
    const big = outcome({
      action: 'snooze',
      matched: 5_000 + 2_000 + 3_000 + 1_000 + 500 + 5,
      done: range(1, 5_000, 3),
      already: range(2, 2_000, 3),
      resolved: range(3, 1_000, 7),
      refused: [
        { reason: 'You are not allowed to change orders and payments. Ask <@U0FIN0001>.', ids: range(20_000, 1_500, 2) },
        { reason: 'You are not allowed to change admission documents. Ask <@U0RH00001>.', ids: range(30_000, 1_500, 2) },
      ],
      notFound: range(900_000, 500, 5),
      failed: range(40_000, 5),
    });
    for (const i18n of [en, pt]) {
      const reply = renderBulkOutcome(i18n, big, { until: new Date('2037-12-02T12:00:00Z'), reason: 'x'.repeat(500) });
      expect(validateBlocks(reply.blocks, 'message')).toEqual([]);
      expect(validateMessageText(reply.text)).toEqual([]);
      expect(JSON.stringify(reply.blocks).length).toBeLessThan(12_000);
      expect(reply.visibility).toBe('ephemeral');
    }
    const text = textOf(renderBulkOutcome(en, big, { until: new Date('2037-12-02T12:00:00Z') }).blocks);
    expect(text).toContain('*5,000 of 11,505 alerts snoozed until Dec 2, 2037, 9:00 AM*');
    expect(text).toContain(':zzz: Snoozed (5,000): #1, #4, #7');
    expect(text).toContain('and 4,960 more');
    expect(text).toContain('Not allowed (1,500): #20000, #20002');
    expect(text).toContain('— You are not allowed to change admission documents. Ask <@U0RH00001>.');
    expect(text).toContain('Could not be changed (try again) (5): #40000–#40004');
    const ptText = textOf(renderBulkOutcome(pt, big, { until: new Date('2037-12-02T12:00:00Z') }).blocks);
    expect(ptText).toContain('*5.000 de 11.505 alertas adiados até');
    expect(ptText).toContain('Sem permissão (1.500)');
  });

  it('says so when a filter matches nothing, and names the filters', () => {
    const none = renderBulkOutcome(pt, outcome({ selection: { filter: { kinds: ['unpaid_order'], customer: 'Bar <do> Zé', groupId: 7 } } }));
    expect(none.text).toBe('Nenhum alerta pendente corresponde à seleção (tipo Pedidos vencidos · cliente “Bar &lt;do&gt; Zé” · mensagem agrupada #7); nada foi alterado.');
    expect(validateBlocks(none.blocks, 'message')).toEqual([]);
  });
});
