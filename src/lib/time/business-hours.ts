// Business hours (BUSINESS_HOURS): when reminders about non-critical alerts may be sent. Wall-clock
// times in the bot's time zone, computed per calendar day with zonedInstant, so a daylight-saving
// change moves the instants with the clocks and never the opening hour.
import { addDays, dateInZone, dayOfWeek, zonedInstant, type CalendarDate } from './calendar.js';

/** A day off besides the weekly closed days (holidays). The default knows none. */
export type HolidayPredicate = (date: CalendarDate) => boolean;
const NO_HOLIDAYS: HolidayPredicate = () => false;

export type BusinessHours =
  /** no quiet hours: `always` or `24h` */
  | { kind: 'always' }
  | {
      kind: 'weekly';
      /** minutes after midnight: opening (inclusive) and closing (exclusive, at most 24:00) */
      opensAt: number;
      closesAt: number;
      /** open weekdays, 0 = Sunday … 6 = Saturday, ascending */
      days: readonly number[];
    };

export const DEFAULT_BUSINESS_HOURS = '08:00-18:00 mon-fri';

/** English and Brazilian Portuguese day abbreviations → 0 = Sunday … 6 = Saturday. */
const DAY_NAMES: Record<string, number> = {
  sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6,
  dom: 0, seg: 1, ter: 2, qua: 3, qui: 4, sex: 5, sab: 6, 'sáb': 6,
};

const EXPECTED = `business hours like "${DEFAULT_BUSINESS_HOURS}" or "09:00-17:30 mon-sat" (days: sun mon tue wed thu fri sat, ranges and commas), or "always"`;

/** Parses BUSINESS_HOURS; a string is the problem, to show after "BUSINESS_HOURS must be". */
export function parseBusinessHours(text: string): BusinessHours | string {
  const input = text.trim().toLowerCase();
  if (input === 'always' || input === '24h' || input === '24/7') return { kind: 'always' };
  const match = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s+(\S(?:.*\S)?)$/.exec(input);
  if (!match) return EXPECTED;
  const opensAt = minutesOf(Number(match[1]), Number(match[2]), false);
  const closesAt = minutesOf(Number(match[3]), Number(match[4]), true);
  if (opensAt === undefined || closesAt === undefined) return `${EXPECTED}: times are 00:00 to 24:00`;
  if (opensAt >= closesAt) return `${EXPECTED}: the opening time must come before the closing time (no overnight hours)`;
  const days = new Set<number>();
  for (const item of match[5]!.split(/\s*,\s*/)) {
    const [from, to, extra] = item.split(/\s*-\s*/).map((name) => DAY_NAMES[name]);
    if (from === undefined || extra !== undefined || (item.includes('-') && to === undefined)) return `${EXPECTED}: "${item}" is not a day or a range of days`;
    // A range may wrap over the weekend: fri-mon is Friday to Monday.
    const span = to === undefined ? 0 : (to - from + 7) % 7;
    for (let i = 0; i <= span; i++) days.add((from + i) % 7);
  }
  return { kind: 'weekly', opensAt, closesAt, days: [...days].sort((a, b) => a - b) };
}

function minutesOf(hour: number, minute: number, closing: boolean): number | undefined {
  if (minute > 59) return undefined;
  if (hour === 24 && minute === 0 && closing) return 24 * 60;
  return hour <= 23 ? hour * 60 + minute : undefined;
}

/** The instants `date` opens and closes in `tz`, or undefined when it is not a business day. */
function window(date: CalendarDate, hours: Extract<BusinessHours, { kind: 'weekly' }>, tz: string, isHoliday: HolidayPredicate): { opens: Date; closes: Date } | undefined {
  if (!hours.days.includes(dayOfWeek(date)) || isHoliday(date)) return undefined;
  const at = (minutes: number) => (minutes === 24 * 60 ? zonedInstant(addDays(date, 1), 0, 0, tz) : zonedInstant(date, Math.floor(minutes / 60), minutes % 60, tz));
  return { opens: at(hours.opensAt), closes: at(hours.closesAt) };
}

export function isWithinBusinessHours(instant: Date, hours: BusinessHours, tz: string, isHoliday: HolidayPredicate = NO_HOLIDAYS): boolean {
  if (hours.kind === 'always') return true;
  const today = window(dateInZone(instant, tz), hours, tz, isHoliday);
  return today !== undefined && today.opens <= instant && instant < today.closes;
}

/** Far enough for any weekly pattern with a year of holidays in it. */
const SEARCH_DAYS = 800;

/**
 * The first instant at or after `instant` within business hours: `instant` itself when open, else
 * the next opening (the next business morning). Undefined only if holidays close every day for years.
 */
export function nextBusinessStart(instant: Date, hours: BusinessHours, tz: string, isHoliday: HolidayPredicate = NO_HOLIDAYS): Date | undefined {
  if (hours.kind === 'always' || isWithinBusinessHours(instant, hours, tz, isHoliday)) return instant;
  const today = dateInZone(instant, tz);
  for (let day = 0; day <= SEARCH_DAYS; day++) {
    const open = window(addDays(today, day), hours, tz, isHoliday);
    if (open && open.opens > instant) return open.opens;
  }
  return undefined;
}
