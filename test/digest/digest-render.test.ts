// Pure parts of the digest: the text trend, which scheduled time is due, the outbox key, and a
// digest far too large for one message staying within Block Kit limits (the rest in the thread,
// or counted), in both languages.
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/blocks/kit.js';
import { renderDigest, renderDigestReply, SHOWN } from '../../src/blocks/digest/render-digest.js';
import { sparkline } from '../../src/blocks/digest/sparkline.js';
import { digestKey } from '../../src/domain/digest/digest-runs.js';
import type { CurrencyOverdue, Digest, TeamDigest } from '../../src/domain/digest/digest-types.js';
import { createI18n } from '../../src/i18n/index.js';
import { latestSlotToday } from '../../src/lib/time/cron-slot.js';
import { ALERT_KINDS, manyAlerts } from '../support/alert-fixtures.js';
import { validateBlocks } from '../support/block-kit-limits.js';

const TZ = 'America/Sao_Paulo';
const LONG = 'Nome & <muito> longo com acentuação '.repeat(10);

describe('sparkline', () => {
  it('draws one bar per digest from zero to the largest value', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([40, 40, 40])).toBe('███');
    expect(sparkline([0, 0])).toBe('▁▁');
    expect(sparkline([5])).toBe('');
  });
});

describe('the scheduled time a digest stands for', () => {
  it('is the latest DIGEST_CRON time of the current day in BOT_TIMEZONE, never an earlier day', () => {
    const cron = '0 9 * * 1-5';
    // Monday 2037-11-23 09:00 in São Paulo is 12:00 UTC.
    expect(latestSlotToday(cron, TZ, new Date('2037-11-23T11:59:59Z'))).toBeUndefined();
    expect(latestSlotToday(cron, TZ, new Date('2037-11-23T12:00:00Z'))).toEqual(new Date('2037-11-23T12:00:00Z'));
    expect(latestSlotToday(cron, TZ, new Date('2037-11-24T02:30:00Z'))).toEqual(new Date('2037-11-23T12:00:00Z')); // 23:30 local
    expect(latestSlotToday(cron, TZ, new Date('2037-11-28T15:00:00Z'))).toBeUndefined(); // Saturday
    expect(latestSlotToday('30 8,17 * * *', TZ, new Date('2037-11-28T21:00:00Z'))).toEqual(new Date('2037-11-28T20:30:00Z'));
  });

  it('keys the digest by its local date and time', () => {
    expect(digestKey(new Date('2037-11-23T12:00:00Z'), TZ)).toBe('digest:2037-11-23 09:00');
  });
});

function hugeTeam(kind: TeamDigest['kind'], i: number): TeamDigest {
  const worst = manyAlerts(60, kind, 10_000 * (i + 1)).map((a) => ({ ...a, subject: `S${'K'.repeat(63)}` }));
  return {
    kind,
    open: 12_345,
    bySeverity: { critical: 1_000, warning: 2_000, info: 9_345 },
    acknowledged: 10,
    snoozed: 5,
    byAge: { day: 45, week: 300, older: 12_000 },
    worst,
    opened: 999,
    resolved: { total: 5_000, byPerson: Array.from({ length: 40 }, (_, p) => ({ actor: `U0PERSON${String(p).padStart(2, '0')}`, count: 100 })), fixedItself: 1_000 },
    medianAckMs: 3_600_000,
    medianResolveMs: 90_000_000,
    trend: [1, 2, 3, 4, 5, 6, 12_345],
  };
}

function hugeDigest(): Digest {
  const overdue: CurrencyOverdue[] = Array.from({ length: 40 }, (_, c) => ({
    currency: c === 0 ? 'BRL' : `X${String.fromCharCode(65 + (c % 26))}${String.fromCharCode(65 + Math.floor(c / 26))}`,
    amount: '123456789012.34',
    orders: 99_999,
    buckets: [
      { band: { from: 1, to: 6 }, amount: '1.00', orders: 1 },
      { band: { from: 7, to: 14 }, amount: '1.00', orders: 1 },
      { band: { from: 15, to: 29 }, amount: '1.00', orders: 1 },
      { band: { from: 30, to: 59 }, amount: '1.00', orders: 1 },
      { band: { from: 60, to: 89 }, amount: '2.00', orders: 2 },
      { band: { from: 90, to: null }, amount: '123456789005.34', orders: 99_993 },
    ],
    // as many customers as the digest loads, of many more
    debtors: Array.from({ length: 20 }, (_, d) => ({ customer: `${LONG}${d}`, amount: '6172839450.61', orders: 4_999 })),
    customers: 50_000,
    trend: [1, 2, 3],
  }));
  return {
    at: new Date('2037-11-23T12:00:00Z'),
    today: '2037-11-23',
    previousAt: new Date('2037-11-20T12:00:00Z'),
    since: new Date('2037-11-20T12:00:00Z'),
    teams: ALERT_KINDS.map(hugeTeam),
    stock: { atZero: 5_000, atOrBelowMinimum: 12_000, trendZero: [1, 5_000], trendLow: [2, 12_000] },
    overdue,
    hires: {
      total: 5_000,
      list: Array.from({ length: 50 }, (_, h) => ({ code: `E${'X'.repeat(63)}${h}`, name: LONG, startDate: '2037-11-25', missing: 11 })),
      trend: [0, 5_000],
    },
    failedMessages: 12_345,
    figures: { open: {}, stockAtZero: 0, stockAtOrBelowMinimum: 0, overdue: {}, hiresMissingDocuments: 0 },
    nothingOpen: false,
  };
}

describe('a digest too large for one message', () => {
  for (const locale of ['en', 'pt-BR'] as const) {
    const i18n = createI18n(locale, TZ);

    it(`keeps the message within Block Kit limits and puts the rest in the thread (${locale})`, () => {
      const { main, thread } = renderDigest(i18n, hugeDigest(), { threaded: true });
      expect(validateBlocks(main.blocks, 'message')).toEqual([]);
      expect(main.text.length).toBeLessThanOrEqual(LIMITS.messageText);
      const text = JSON.stringify(main.blocks);
      expect(text).not.toContain('<muito>'); // data escaped
      expect(text.split(i18n.plural('digest.moreInThread', 12_345 - SHOWN.worstPerTeam)).length - 1).toBe(3);
      expect(text).toContain(i18n.plural('digest.moreCurrencies', 40 - SHOWN.currencies));
      expect(text).toContain(i18n.plural('digest.moreInThread', 5_000 - SHOWN.hires));
      expect(text).toContain(i18n.t('digest.othersResolved', { count: 3_500 }));
      expect(text).toContain(i18n.plural('alerts.digest.failed', 12_345));

      expect(text).toContain(i18n.plural('digest.moreCustomers', 50_000 - SHOWN.debtors));

      // One reply per team, one for the other currencies, one by customer, one for the other hires.
      expect(thread).toHaveLength(6);
      // By customer: every customer loaded for the currencies the message shows, the rest counted.
      const customers = JSON.stringify(thread[4]!.blocks);
      expect(customers).toContain(JSON.stringify(i18n.t('digest.thread.customers')).slice(1, -1));
      expect(customers.split(i18n.plural('digest.more', 50_000 - 20)).length - 1).toBe(SHOWN.currencies);
      for (const reply of thread) {
        expect(validateBlocks(reply.blocks, 'message')).toEqual([]);
        expect(reply.text.length).toBeLessThanOrEqual(LIMITS.messageText);
      }
      // The alerts loaded beyond the worst few are listed, the rest counted.
      const team = JSON.stringify(thread[0]!.blocks);
      expect(team.match(/\*#\d+\*/g)).toHaveLength(60 - SHOWN.worstPerTeam);
      expect(team).toContain(i18n.plural('digest.more', 12_345 - 60));
    });

    it(`answers /alerts digest with the same message, the rest counted (${locale})`, () => {
      const reply = renderDigestReply(i18n, hugeDigest());
      expect(reply.visibility).toBe('ephemeral');
      expect(validateBlocks(reply.blocks, 'message')).toEqual([]);
      expect(JSON.stringify(reply.blocks)).toContain(i18n.plural('digest.more', 12_345 - SHOWN.worstPerTeam));
      expect(reply.blocks.length).toBe(renderDigest(i18n, hugeDigest(), { threaded: true }).main.blocks.length);
    });
  }
});
