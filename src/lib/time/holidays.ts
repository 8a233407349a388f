// The holiday calendar: Brazil's national holidays, computed for any year, plus the company's,
// state's and city's days from HOLIDAYS. Business days are Monday to Friday except holidays: what
// the eSocial send-by date, overdue orders, snoozes to a date and the scheduled digest go by.
// Here, below config, because config parses HOLIDAYS.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { addDays, calendarDate, dayOfWeek, daysBetween, readCalendarDate, type CalendarDate } from './calendar.js';

export type NationalHolidayId =
  | 'new_year'
  | 'carnival_monday'
  | 'carnival_tuesday'
  | 'good_friday'
  | 'tiradentes'
  | 'labour_day'
  | 'corpus_christi'
  | 'independence'
  | 'aparecida'
  | 'all_souls'
  | 'republic'
  | 'black_consciousness'
  | 'christmas';

export type Holiday =
  | { readonly date: CalendarDate; readonly source: 'national'; readonly id: NationalHolidayId }
  /** `name` as the operator wrote it, or null when HOLIDAYS gave none */
  | { readonly date: CalendarDate; readonly source: 'configured'; readonly name: string | null };

/** A date, or a day and month every year (`dd/mm`). */
type HolidayDate = { readonly date: CalendarDate } | { readonly month: number; readonly day: number };

/** One HOLIDAYS entry. */
export type ConfiguredHoliday = HolidayDate & { readonly name: string | null };

/** Years the Gregorian Easter computation and four-digit calendar dates cover. */
export const MIN_YEAR = 1583;
export const MAX_YEAR = 9999;


/** Easter Sunday, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): CalendarDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return calendarDate(year, month, day);
}

// Fixed-date national holidays (Lei 662/1949, Lei 6.802/1980 for 12 October, Lei 10.607/2002).
const FIXED: readonly { month: number; day: number; id: NationalHolidayId; since?: number }[] = [
  { month: 1, day: 1, id: 'new_year' },
  { month: 4, day: 21, id: 'tiradentes' },
  { month: 5, day: 1, id: 'labour_day' },
  { month: 9, day: 7, id: 'independence' },
  { month: 10, day: 12, id: 'aparecida' },
  { month: 11, day: 2, id: 'all_souls' },
  { month: 11, day: 15, id: 'republic' },
  // Dia Nacional de Zumbi e da Consciência Negra: a national holiday from 2024 (Lei 14.759/2023).
  { month: 11, day: 20, id: 'black_consciousness', since: 2024 },
  { month: 12, day: 25, id: 'christmas' },
];

// Days from Easter Sunday. Good Friday is a holiday (Lei 9.093/1995); Carnaval and Corpus Christi
// are "pontos facultativos" nationally, but back offices close (and banks do not clear), so they count.
const FROM_EASTER: readonly { days: number; id: NationalHolidayId }[] = [
  { days: -48, id: 'carnival_monday' },
  { days: -47, id: 'carnival_tuesday' },
  { days: -2, id: 'good_friday' },
  { days: 60, id: 'corpus_christi' },
];

/** Brazil's national holidays of `year`, in date order. */
export function nationalHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  return [
    ...FIXED.filter((h) => h.since === undefined || year >= h.since).map((h): Holiday => ({ date: calendarDate(year, h.month, h.day), source: 'national', id: h.id })),
    ...FROM_EASTER.map((h): Holiday => ({ date: addDays(easter, h.days), source: 'national', id: h.id })),
  ].sort((x, y) => x.date.localeCompare(y.date));
}

export interface HolidayCalendar {
  /** national and configured holidays of `year`, in date order; one per date (national first) */
  holidaysIn(year: number): readonly Holiday[];
  isHoliday(date: CalendarDate): boolean;
  /** Monday to Friday and not a holiday */
  isBusinessDay(date: CalendarDate): boolean;
  lastBusinessDayOnOrBefore(date: CalendarDate): CalendarDate;
  nextBusinessDayOnOrAfter(date: CalendarDate): CalendarDate;
  /**
   * Days overdue on `today` of a payment due on `dueDate`, counted from its payable day: a due date
   * on a non-business day is payable the next business day without penalty (negative before it).
   */
  daysOverdue(dueDate: CalendarDate, today: CalendarDate): number;
  /**
   * The first due date less than `days` (default 1) days overdue on `today`: a payment is at least
   * `days` days overdue (daysOverdue ≥ days) exactly when its due date is before this day. For
   * `days` 1, the overdue ones: the day after the last business day before `today`. The watcher,
   * the digest and `/orders list` select in SQL with it.
   */
  overdueCutoff(today: CalendarDate, days?: number): CalendarDate;
}

export function holidayCalendar(configured: readonly ConfiguredHoliday[] = []): HolidayCalendar {
  const years = new Map<number, readonly Holiday[]>();
  const dates = new Map<number, ReadonlySet<CalendarDate>>();
  const holidaysIn = (year: number): readonly Holiday[] => {
    let list = years.get(year);
    if (!list) {
      const national = nationalHolidays(year);
      const taken = new Set(national.map((h) => h.date));
      const own = configured.flatMap((c): Holiday[] => {
        const date = 'date' in c ? (c.date.startsWith(`${String(year).padStart(4, '0')}-`) ? c.date : undefined) : recurringDate(year, c.month, c.day);
        if (date === undefined || taken.has(date)) return [];
        taken.add(date);
        return [{ date, source: 'configured', name: c.name }];
      });
      list = [...national, ...own].sort((x, y) => x.date.localeCompare(y.date));
      years.set(year, list);
    }
    return list;
  };
  const isHoliday = (date: CalendarDate): boolean => {
    const year = Number(date.slice(0, 4));
    let set = dates.get(year);
    if (!set) dates.set(year, (set = new Set(holidaysIn(year).map((h) => h.date))));
    return set.has(date);
  };
  const isBusinessDay = (date: CalendarDate): boolean => {
    const dow = dayOfWeek(date);
    return dow !== 0 && dow !== 6 && !isHoliday(date);
  };
  // A year never holds more than a few days off in a row; the bound only guards a bad HOLIDAYS
  // file that closes every day (then the date itself is returned).
  const step = (date: CalendarDate, by: 1 | -1): CalendarDate => {
    let day = date;
    for (let i = 0; i < 400; i++, day = addDays(day, by)) if (isBusinessDay(day)) return day;
    return date;
  };
  return {
    holidaysIn,
    isHoliday,
    isBusinessDay,
    lastBusinessDayOnOrBefore: (date) => step(date, -1),
    nextBusinessDayOnOrAfter: (date) => step(date, 1),
    daysOverdue: (dueDate, today) => daysBetween(step(dueDate, 1), today),
    // daysOverdue ≥ days ⇔ payable day ≤ today − days ⇔ due date ≤ the last business day on or before today − days.
    overdueCutoff: (today, days = 1) => addDays(step(addDays(today, -days), -1), 1),
  };
}

/** 29/02 every year falls only in leap years. */
function recurringDate(year: number, month: number, day: number): CalendarDate | undefined {
  const date = calendarDate(year, month, day);
  return readCalendarDate(date).ok ? date : undefined;
}

// ---------------------------------------------------------------------------------------------
// HOLIDAYS

const RECURRING = /^(\d{1,2})\/(\d{1,2})$/;

/** One date as HOLIDAYS writes it: `AAAA-MM-DD`, `DD/MM/AAAA`, or `DD/MM` for every year. */
function readHolidayDate(text: string): HolidayDate | undefined {
  const recurring = RECURRING.exec(text);
  if (recurring) {
    const day = Number(recurring[1]);
    const month = Number(recurring[2]);
    // 2000 is a leap year: 29/02 is a valid "every year" day.
    return readCalendarDate(calendarDate(2000, month, day)).ok ? { month, day } : undefined;
  }
  const read = readCalendarDate(text);
  if (!read.ok) return undefined;
  const year = Number(read.date.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR ? { date: read.date } : undefined;
}

/** `date name`, `date;name` or `date,name`; the name is optional. */
function readEntry(text: string): ConfiguredHoliday | undefined {
  const trimmed = text.trim();
  const cut = /\s*[;,]\s*|\s+/.exec(trimmed);
  const datePart = cut ? trimmed.slice(0, cut.index) : trimmed;
  const name = cut ? trimmed.slice(cut.index + cut[0].length).trim() : '';
  const date = readHolidayDate(datePart.trim());
  return date ? { ...date, name: name === '' ? null : name.slice(0, 100) } : undefined;
}

const EXPECTED = 'dates (DD/MM/AAAA or AAAA-MM-DD, or DD/MM for every year), each optionally followed by a name, comma-separated, and/or the path of a file with one "date;name" per line';

/**
 * Parses HOLIDAYS: comma-separated items, each a date (optionally followed by a space and a name)
 * or the path of a file (relative to `cwd`) with one `date;name` or `date,name` per line (blank
 * lines and `#` comments skipped). A string is the problem, to show after "HOLIDAYS must be".
 */
export function parseHolidays(text: string, cwd: string = process.cwd()): ConfiguredHoliday[] | string {
  const entries: ConfiguredHoliday[] = [];
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const entry = readEntry(item);
    if (entry) {
      entries.push(entry);
      continue;
    }
    const path = resolve(cwd, item);
    if (!existsSync(path)) return `${EXPECTED}: "${item}" is neither a date nor an existing file`;
    let content: string;
    try {
      content = readFileSync(path, 'utf8');
    } catch (error) {
      return `${EXPECTED}: cannot read the file "${item}" (${(error as Error).message})`;
    }
    const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
    for (const [index, line] of lines.entries()) {
      if (line.trim() === '' || line.trim().startsWith('#')) continue;
      const fromFile = readEntry(line);
      if (!fromFile) return `${EXPECTED}: line ${index + 1} of "${item}" does not start with a date (got ${JSON.stringify(line.trim().slice(0, 40))})`;
      entries.push(fromFile);
    }
  }
  return entries;
}
