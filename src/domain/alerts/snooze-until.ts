// When a snooze ends, from what a person chose: a duration from now (`4h`), a date (which ends at
// 09:00 in BOT_TIMEZONE, like a promise to pay), or one of the modal's presets. One place, so the
// slash command and the Snooze modal can never disagree about "tomorrow" or "next Monday". A date
// that is not a business day (a weekend, a national or HOLIDAYS holiday) becomes the next business
// morning: nobody would act on the alert then.
import { addDays, dateInZone, dayOfWeek, zonedInstant, type CalendarDate } from '../../lib/time/calendar.js';
import type { HolidayCalendar } from '../../lib/time/holidays.js';
import { SNOOZE_UNTIL_HOUR } from './reconcile-alerts.js';

export type SnoozePreset = 'tomorrow' | 'next_monday';

export type SnoozeChoice = { durationMs: number } | { date: CalendarDate } | { preset: SnoozePreset };

const MONDAY = 1;

/** The calendar date a preset stands for, seen from `today` in the bot's zone. */
export function presetDate(preset: SnoozePreset, today: CalendarDate): CalendarDate {
  if (preset === 'tomorrow') return addDays(today, 1);
  // "Next Monday" on a Monday is a week away, never today.
  const ahead = (MONDAY - dayOfWeek(today) + 7) % 7 || 7;
  return addDays(today, ahead);
}

/**
 * The instant a snooze chosen at `now` ends; dates end at 09:00 in `timezone` on the first business
 * day on or after them. Range is checked by snoozeAlert: today or a past date is left as it is, so
 * it is refused as before rather than moved into the future.
 */
export function snoozeUntil(choice: SnoozeChoice, now: Date, timezone: string, calendar: HolidayCalendar): Date {
  if ('durationMs' in choice) return new Date(now.getTime() + choice.durationMs);
  const today = dateInZone(now, timezone);
  const date = 'date' in choice ? choice.date : presetDate(choice.preset, today);
  return zonedInstant(date > today ? calendar.nextBusinessDayOnOrAfter(date) : date, SNOOZE_UNTIL_HOUR, 0, timezone);
}
