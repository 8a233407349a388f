// Calendar dates are 'YYYY-MM-DD' strings. "Today" depends on the bot's time zone, so it is
// always computed here from a clock instant and passed into queries — never CURRENT_DATE in SQL.

export type CalendarDate = string;

const DAY_MS = 86_400_000;

/** The calendar date of `instant` in time zone `tz`. */
export function dateInZone(instant: Date, tz: string): CalendarDate {
  // en-CA formats as YYYY-MM-DD
  return formatter(dateFormats, tz, () => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })).format(instant);
}

// Building an Intl.DateTimeFormat costs ~0.2 ms, and the watch cycle asks for "today" for every
// watcher (--cpu-prof): one per zone, kept.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function formatter(cache: Map<string, Intl.DateTimeFormat>, tz: string, build: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = cache.get(tz);
  if (!format) cache.set(tz, (format = build()));
  return format;
}

/** A `@db.Date` value comes back as midnight UTC: read it as a calendar date, never through a zone. */
export function fromDbDate(value: Date): CalendarDate {
  return value.toISOString().slice(0, 10);
}

export function toDbDate(date: CalendarDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDbDate(new Date(toDbDate(date).getTime() + days * DAY_MS));
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((toDbDate(to).getTime() - toDbDate(from).getTime()) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday */
export function dayOfWeek(date: CalendarDate): number {
  return toDbDate(date).getUTCDay();
}

/** Offset of `tz` from UTC at `instant`, in milliseconds (São Paulo: -3h). */
function zoneOffsetMs(instant: Date, tz: string): number {
  const parts = formatter(
    wallClockFormats,
    tz,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
  ).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant at wall-clock `hour:minute` on `date` in `tz` (e.g. a snooze that ends at 09:00). */
export function zonedInstant(date: CalendarDate, hour: number, minute: number, tz: string): Date {
  const naive = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), hour, minute);
  // Two passes settle the offset across a DST change.
  let guess = naive - zoneOffsetMs(new Date(naive), tz);
  guess = naive - zoneOffsetMs(new Date(guess), tz);
  return new Date(guess);
}

/** Why a typed date was refused (readCalendarDate). */
export type DateProblem =
  | { readonly problem: 'format' }
  | { readonly problem: 'calendar' }
  /** `12/31/2026`: month-first, as in the US; dates are DD/MM/AAAA here. */
  | { readonly problem: 'monthFirst'; readonly month: number };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Brazilian order, day first; one-digit day or month accepted (1/2/2026), two-digit years not
// (their century would be a guess).
const BR_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * A date as people type it: ISO `2026-12-31` or Brazilian `31/12/2026`, returned as a calendar
 * date. A day-first date is never read month-first: `05/01/2026` is 5 January.
 */
/** YYYY-MM-DD from its numbers (not checked: see isValidCalendarDate). */
export function calendarDate(year: number, month: number, day: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function readCalendarDate(text: string): { readonly ok: true; readonly date: CalendarDate } | ({ readonly ok: false } & DateProblem) {
  const trimmed = text.trim();
  const iso = ISO_DATE.exec(trimmed);
  const br = BR_DATE.exec(trimmed);
  let fields: [string | undefined, string | undefined, string | undefined];
  if (iso) fields = [iso[1], iso[2], iso[3]];
  else if (br) fields = [br[3], br[2], br[1]];
  else return { ok: false, problem: 'format' };
  const [year, month, day] = fields.map(Number) as [number, number, number];
  if (br && month > 12 && day >= 1 && day <= 12) return { ok: false, problem: 'monthFirst', month };
  const date = calendarDate(year, month, day);
  return isValidCalendarDate(date) ? { ok: true, date } : { ok: false, problem: 'calendar' };
}

export function isValidCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return fromDbDate(d) === text;
}
