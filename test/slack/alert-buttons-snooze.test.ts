// The Snooze modal: what each choice means in BOT_TIMEZONE, how a bad date comes back to its
// field, and the modals' Slack limits in both languages.
import { describe, expect, it } from 'vitest';
import { ALERT_ACTIONS, MODALS, encodeAlertButton } from '../../src/blocks/action-ids.js';
import { resolveModal } from '../../src/blocks/modals/resolve-modal.js';
import { snoozeModal } from '../../src/blocks/modals/snooze-modal.js';
import { presetDate, snoozeUntil } from '../../src/domain/alerts/snooze-until.js';
import { holidayCalendar } from '../../src/lib/time/holidays.js';
import { createI18n } from '../../src/i18n/index.js';
import type { Locale } from '../../src/i18n/locale.js';
import { alertCommandsEn, alertCommandsPtBR } from '../../src/i18n/messages/alert-commands.js';
import { alertOfKind, lowStockDetails, makeAlert } from '../support/alert-fixtures.js';
import { validateView } from '../support/block-kit-limits.js';
import type { JsonObject } from '../support/fake-slack.js';
import { seed } from '../support/seed.js';
import { useSlackBot } from '../support/slack-bot.js';
import { blockActionPayload, sendBlockAction, sendViewSubmission, viewSubmissionPayload } from '../support/slack-requests.js';
import { TEST_SIGNING_SECRET } from '../support/test-bot.js';
import { describeEachDatabase } from '../support/test-database.js';

const SAO_PAULO = 'America/Sao_Paulo';
const HOUR = 3_600_000;
const NATIONAL = holidayCalendar();

describe('snooze choices in BOT_TIMEZONE', () => {
  // Saturday 2026-11-28, 15:00 in São Paulo (UTC−3)
  const saturday = new Date('2026-11-28T18:00:00Z');

  it('turns each choice into the instant it ends', () => {
    expect(snoozeUntil({ durationMs: HOUR }, saturday, SAO_PAULO, NATIONAL)).toEqual(new Date('2026-11-28T19:00:00Z'));
    expect(snoozeUntil({ durationMs: 4 * HOUR }, saturday, SAO_PAULO, NATIONAL)).toEqual(new Date('2026-11-28T22:00:00Z'));
    // Tomorrow is Sunday: the snooze ends on the next business morning, Monday 09:00.
    expect(snoozeUntil({ preset: 'tomorrow' }, saturday, SAO_PAULO, NATIONAL)).toEqual(new Date('2026-11-30T12:00:00Z'));
    expect(snoozeUntil({ preset: 'next_monday' }, saturday, SAO_PAULO, NATIONAL)).toEqual(new Date('2026-11-30T12:00:00Z'));
    expect(snoozeUntil({ date: '2026-12-10' }, saturday, SAO_PAULO, NATIONAL)).toEqual(new Date('2026-12-10T12:00:00Z'));
  });

  it('takes "today" in the bot\'s zone, not in UTC', () => {
    // 22:30 on Thursday in São Paulo is already Friday in UTC: tomorrow is still Friday the 27th
    // (from UTC it would be Saturday, hence Monday).
    expect(snoozeUntil({ preset: 'tomorrow' }, new Date('2026-11-27T01:30:00Z'), SAO_PAULO, NATIONAL)).toEqual(new Date('2026-11-27T12:00:00Z'));
    const lateSaturday = new Date('2026-11-29T01:30:00Z');
    expect(snoozeUntil({ preset: 'next_monday' }, lateSaturday, SAO_PAULO, NATIONAL)).toEqual(new Date('2026-11-30T12:00:00Z'));
    // Same instant seen from Lisbon (UTC+0), where it is Sunday.
    expect(snoozeUntil({ preset: 'tomorrow' }, lateSaturday, 'Europe/Lisbon', NATIONAL)).toEqual(new Date('2026-11-30T09:00:00Z'));
  });

  it('makes "next Monday" a week away on a Monday, even before 09:00, and one day away on a Sunday', () => {
    expect(presetDate('next_monday', '2026-11-30')).toBe('2026-12-07');
    expect(snoozeUntil({ preset: 'next_monday' }, new Date('2026-11-30T10:00:00Z'), SAO_PAULO, NATIONAL)).toEqual(new Date('2026-12-07T12:00:00Z'));
    expect(presetDate('next_monday', '2026-11-29')).toBe('2026-11-30');
    expect(presetDate('next_monday', '2026-12-04')).toBe('2026-12-07');
    expect(presetDate('tomorrow', '2026-12-31')).toBe('2027-01-01');
  });

  it('moves "tomorrow" and a date over holidays to the next business morning', () => {
    // Thursday 2026-12-24, 15:00: tomorrow is Natal (Friday), then the weekend → Monday 28.
    const christmasEve = new Date('2026-12-24T18:00:00Z');
    expect(snoozeUntil({ preset: 'tomorrow' }, christmasEve, SAO_PAULO, NATIONAL)).toEqual(new Date('2026-12-28T12:00:00Z'));
    // A date on Carnaval Monday → Ash Wednesday 2027-02-10 at 09:00.
    expect(snoozeUntil({ date: '2027-02-08' }, christmasEve, SAO_PAULO, NATIONAL)).toEqual(new Date('2027-02-10T12:00:00Z'));
    // Today or a past date is not moved (snoozeAlert refuses it as over).
    expect(snoozeUntil({ date: '2026-11-01' }, christmasEve, SAO_PAULO, NATIONAL)).toEqual(new Date('2026-11-01T12:00:00Z'));
    // A HOLIDAYS day counts too: Monday 25 January 2027, São Paulo's anniversary → Tuesday.
    const saoPaulo = holidayCalendar([{ month: 1, day: 25, name: null }]);
    expect(snoozeUntil({ date: '2027-01-25' }, christmasEve, SAO_PAULO, saoPaulo)).toEqual(new Date('2027-01-26T12:00:00Z'));
    expect(snoozeUntil({ date: '2027-01-25' }, christmasEve, SAO_PAULO, NATIONAL)).toEqual(new Date('2027-01-25T12:00:00Z'));
    // A duration is a duration, holiday or not.
    expect(snoozeUntil({ durationMs: 4 * HOUR }, christmasEve, SAO_PAULO, NATIONAL)).toEqual(new Date('2026-12-24T22:00:00Z'));
  });
});

describe('alert modals within Slack limits', () => {
  const locales: Locale[] = ['en', 'pt-BR'];

  it('keeps every modal title, submit and close within 24 characters in both languages', () => {
    const chrome = Object.keys(alertCommandsEn).filter((key) => /^modal\.[a-z]+\.(title|submit|close)$/.test(key)) as (keyof typeof alertCommandsEn)[];
    expect(chrome.length).toBe(6);
    for (const key of chrome) {
      expect(alertCommandsEn[key].length, key).toBeLessThanOrEqual(24);
      expect(alertCommandsPtBR[key].length, `pt-BR ${key}`).toBeLessThanOrEqual(24);
    }
    expect(Object.keys(alertCommandsPtBR).sort()).toEqual(Object.keys(alertCommandsEn).sort());
  });

  it('builds views Slack accepts, for any alert, in both languages', () => {
    const longName = makeAlert(lowStockDetails({ sku: 'S'.repeat(64), name: 'Produto & <nome> muito longo '.repeat(20) }));
    const metadata = JSON.stringify({ alertId: 42, version: 3, channelId: 'C0STOCK001', fromHome: false });
    for (const locale of locales) {
      const i18n = createI18n(locale, SAO_PAULO);
      for (const alert of [alertOfKind('low_stock'), alertOfKind('unpaid_order'), alertOfKind('missing_documents'), longName]) {
        expect(validateView(resolveModal(i18n, alert, metadata)), `${locale} resolve`).toEqual([]);
        expect(validateView(snoozeModal(i18n, alert, metadata, new Date('2026-11-28T18:00:00Z'), NATIONAL)), `${locale} snooze`).toEqual([]);
      }
    }
  });
});

/**
 * Saturday 2037-11-28, 15:00 in São Paulo — the same calendar shape as 2026-11-28. Far ahead on
 * purpose: the HTTP server refuses Slack requests whose timestamp is ahead of the bot's clock.
 */
const NOW = '2037-11-28T18:00:00Z';
const STOCK = 'C0STOCK001';
const CLERK = 'U0STOCK001';

describeEachDatabase('Snooze modal submissions', (ctx) => {
  // No alert channel: the alert is not posted, so nothing changes behind the test's back.
  const slack = useSlackBot(ctx, { now: NOW });

  /** An open low-stock alert and the Snooze modal opened from its message, as Slack would show it. */
  const openSnoozeModal = async () => {
    await seed(ctx.db, 'products', [{ sku: 'CAFE-500', name: 'Café torrado 500 g', stock: 2, min_stock: 10 }]);
    await slack.bot.runWatchCycle();
    const alert = await ctx.db.prisma.alert.findFirstOrThrow({ where: { subject: 'CAFE-500' } });
    const payload = blockActionPayload({
      actionId: ALERT_ACTIONS.snooze,
      value: encodeAlertButton({ alertId: alert.id, version: alert.version }),
      userId: CLERK,
      channelId: STOCK,
      responseUrl: slack.fake.responseUrl(),
    });
    expect((await sendBlockAction(slack.bot.baseUrl, TEST_SIGNING_SECRET, payload)).status).toBe(200);
    const [call] = await slack.fake.waitForCalls('views.open');
    const view = call!.body.view as JsonObject & { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe(MODALS.snooze);
    return { alert, metadata: view.private_metadata };
  };
  const choose = (value: string, date?: string) => ({
    snooze_until: { until: { type: 'radio_buttons', selected_option: value ? { text: { type: 'plain_text' as const, text: value }, value } : null } },
    snooze_date: { date: { type: 'datepicker', selected_date: date ?? null } },
    snooze_reason: { reason: { type: 'plain_text_input', value: null } },
  });
  const submit = (metadata: string, values: ReturnType<typeof choose>) =>
    sendViewSubmission(slack.bot.baseUrl, TEST_SIGNING_SECRET, viewSubmissionPayload({ callbackId: MODALS.snooze, privateMetadata: metadata, values, userId: CLERK }));
  const snapshot = async (id: number) => ({
    alert: await ctx.db.prisma.alert.findUniqueOrThrow({ where: { id } }),
    events: await ctx.db.prisma.alertEvent.count(),
  });

  it('snoozes until the instant each choice means, computed in BOT_TIMEZONE when submitted', async () => {
    const { alert, metadata } = await openSnoozeModal();
    const cases: [string, string | undefined, string][] = [
      ['1h', undefined, '2037-11-28T19:00:00Z'],
      ['4h', undefined, '2037-11-28T22:00:00Z'],
      // Saturday: tomorrow is Sunday, so the snooze ends on the next business morning.
      ['tomorrow', undefined, '2037-11-30T12:00:00Z'],
      ['next_monday', undefined, '2037-11-30T12:00:00Z'],
      ['date', '2037-12-10', '2037-12-10T12:00:00Z'],
    ];
    for (const [choice, date, expected] of cases) {
      const res = await submit(metadata, choose(choice, date));
      expect(res.status).toBe(200);
      expect(res.json, choice).toBeUndefined();
      await expect.poll(async () => (await ctx.db.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } })).snoozedUntil?.toISOString(), { timeout: 10_000 }).toBe(
        new Date(expected).toISOString(),
      );
    }
    expect(await ctx.db.prisma.alertEvent.count({ where: { alertId: alert.id, type: 'snoozed', actor: CLERK } })).toBe(cases.length);
  });

  it('sends a missing, past, impossible or too distant date back to the datepicker, writing nothing', async () => {
    const { alert, metadata } = await openSnoozeModal();
    const before = await snapshot(alert.id);
    const dateError = { response_action: 'errors', errors: { snooze_date: 'Pick a date after today, at most 90 days ahead.' } };
    for (const date of [undefined, '2037-11-28', '2037-11-20', '2037-02-30', '2038-03-01']) {
      const res = await submit(metadata, choose('date', date));
      expect(res.status).toBe(200);
      expect(res.json, String(date)).toEqual(dateError);
    }
    // Without any choice (Slack's client would not allow it), the radio buttons get the error.
    expect((await submit(metadata, choose(''))).json).toEqual({ response_action: 'errors', errors: { snooze_until: 'Choose how long to snooze.' } });
    expect(await snapshot(alert.id)).toEqual(before);
    // The last day allowed: 90 days ahead at 09:00 is within the limit from 15:00 today.
    expect((await submit(metadata, choose('date', '2038-02-26'))).json).toBeUndefined();
    await expect.poll(async () => (await ctx.db.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } })).snoozedUntil?.toISOString(), { timeout: 10_000 }).toBe('2038-02-26T12:00:00.000Z');
    expect((await snapshot(alert.id)).events).toBe(before.events + 1);
  });
});
