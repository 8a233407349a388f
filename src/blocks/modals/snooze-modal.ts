// The Snooze modal: 1 h, 4 h, tomorrow 09:00, next Monday 09:00, or a date picked just below, and
// an optional reason — for one alert, or for a grouped message's alerts (Snooze all). The options and what each one means live here together, so the form and the
// listener that reads it cannot drift apart.
import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { AlertView } from '../../domain/alerts/alert-types.js';
import type { GroupSummary } from '../../domain/alerts/change-alerts-in-bulk.js';
import { SNOOZE_UNTIL_HOUR } from '../../domain/alerts/reconcile-alerts.js';
import { snoozeUntil, type SnoozeChoice } from '../../domain/alerts/snooze-until.js';
import type { I18n, MessageKey } from '../../i18n/index.js';
import { addDays, dateInZone } from '../../lib/time/calendar.js';
import type { HolidayCalendar } from '../../lib/time/holidays.js';
import { GROUP_EMOJI } from '../alerts/alert-format.js';
import { groupTitle } from '../alerts/render-alert-group.js';
import { context, escapeFit, LIMITS } from '../kit.js';
import { alertModal, modalFrame, noteInput, plain } from './alert-modal.js';

export const SNOOZE_FIELDS = {
  until: { block: 'snooze_until', action: 'until' },
  date: { block: 'snooze_date', action: 'date' },
  reason: { block: 'snooze_reason', action: 'reason' },
} as const;

const HOUR_MS = 3_600_000;

/** Each radio option: its label and the snooze it stands for (`date`: the datepicker's day). */
export const SNOOZE_OPTIONS = [
  { value: '1h', label: 'modal.snooze.option.1h', choice: { durationMs: HOUR_MS } },
  { value: '4h', label: 'modal.snooze.option.4h', choice: { durationMs: 4 * HOUR_MS } },
  { value: 'tomorrow', label: 'modal.snooze.option.tomorrow', choice: { preset: 'tomorrow' } },
  { value: 'next_monday', label: 'modal.snooze.option.nextMonday', choice: { preset: 'next_monday' } },
  { value: 'date', label: 'modal.snooze.option.date', choice: 'date' },
] as const satisfies readonly { value: string; label: MessageKey; choice: SnoozeChoice | 'date' }[];

export type SnoozeOptionValue = (typeof SNOOZE_OPTIONS)[number]['value'];

export function snoozeOption(value: string | undefined): (typeof SNOOZE_OPTIONS)[number] | undefined {
  return SNOOZE_OPTIONS.find((o) => o.value === value);
}

/** `now` and `calendar` show the exact end of the day presets (as it is when the modal opens). */
export function snoozeModal(i18n: I18n, alert: AlertView, privateMetadata: string, now: Date, calendar: HolidayCalendar): ModalView {
  return alertModal(i18n, 'snooze', alert, privateMetadata, [context(i18n.t('modal.snooze.intro')), ...snoozeInputs(i18n, now, calendar)]);
}

/** Snooze all on a grouped message: the same choices, for every alert of it not yet resolved. */
export function groupSnoozeModal(i18n: I18n, group: GroupSummary, privateMetadata: string, now: Date, calendar: HolidayCalendar): ModalView {
  return modalFrame(i18n, 'snoozeGroup', privateMetadata, [
    context(`${GROUP_EMOJI} ${escapeFit(groupTitle(i18n, group.kind, group.active), LIMITS.headerText)} · ${i18n.t('alerts.bulk.filter.group', { id: String(group.id) })}`),
    context(i18n.plural('modal.snoozeGroup.intro', group.active)),
    ...snoozeInputs(i18n, now, calendar),
  ]);
}

function snoozeInputs(i18n: I18n, now: Date, calendar: HolidayCalendar): KnownBlock[] {
  const time = `${String(SNOOZE_UNTIL_HOUR).padStart(2, '0')}:00`;
  const options: PlainTextOption[] = SNOOZE_OPTIONS.map((o) => ({
    text: plain(i18n.t(o.label, { time }), 75),
    value: o.value,
    ...(typeof o.choice === 'object' && 'preset' in o.choice
      ? { description: plain(i18n.dateTime(snoozeUntil(o.choice, now, i18n.timezone, calendar)), 75) }
      : {}),
  }));
  return [
    {
      type: 'input',
      block_id: SNOOZE_FIELDS.until.block,
      label: plain(i18n.t('modal.snooze.until'), 2000),
      element: { type: 'radio_buttons', action_id: SNOOZE_FIELDS.until.action, options },
    },
    {
      // Right below its radio option; read only when "a date" is chosen.
      type: 'input',
      block_id: SNOOZE_FIELDS.date.block,
      optional: true,
      label: plain(i18n.t('modal.snooze.date'), 2000),
      element: { type: 'datepicker', action_id: SNOOZE_FIELDS.date.action, initial_date: addDays(dateInZone(now, i18n.timezone), 1) },
    },
    noteInput(SNOOZE_FIELDS.reason, i18n.t('modal.snooze.reason'), i18n.t('modal.snooze.reasonPlaceholder'), false),
  ];
}
