// eSocial's S-2200 (admission) is due the calendar day before work starts. A hire whose S-2190
// (Registro Preliminar de Trabalhador) was sent has until the 15th of the month after the start
// instead. HR can only act on a business day, so "send by" is the last business day (Monday to
// Friday, not a national or HOLIDAYS holiday) on or before the deadline.
import { addDays, calendarDate, daysBetween, type CalendarDate } from '../../lib/time/calendar.js';
import type { HolidayCalendar } from '../../lib/time/holidays.js';
import type { Severity } from '../alerts/alert-types.js';

export interface AdmissionDeadline {
  /** the S-2200 deadline: the day before the start date, or the 15th of the next month after an S-2190 */
  deadline: CalendarDate;
  /** the last business day on or before the deadline */
  sendBy: CalendarDate;
  daysToStart: number;
  severity: Severity;
}

/**
 * The legal S-2200 deadline. Source: Manual de Orientação do eSocial (MOS, S-1.2 and S-1.3), event
 * S-2200, "Prazo de envio": up to the day before the start of work; when the employer sent the
 * preliminary admission data in an S-2190, up to the 15th of the month following the admission —
 * or before any other non-periodic event about that worker (an S-2230 leave, an S-2299 dismissal),
 * which the bot does not see: HR must send the S-2200 first in that case.
 * (Summarised, e.g., in https://documentacao.senior.com.br/gestao-de-pessoas-hcm/esocial/leiautes/nao-periodicos/s-2200.htm.)
 */
export function s2200Deadline(startDate: CalendarDate, prelimSent: boolean): CalendarDate {
  if (!prelimSent) return addDays(startDate, -1);
  const year = Number(startDate.slice(0, 4));
  const month = Number(startDate.slice(5, 7));
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return calendarDate(next.year, next.month, 15);
}

/** The longest an S-2190 moves the deadline past the start date (a start on the 1st of a 31-day month). */
export const MAX_PRELIM_DAYS_AFTER_START = 45;

/**
 * info from the lead time on; warning from D-3 (or two days before "send by", when a weekend or a
 * holiday pulls it earlier); critical from "send by" on — D-1 at the latest. After an S-2190 the
 * start date no longer drives it: warning two days before "send by", critical from it.
 */
export function admissionDeadline(startDate: CalendarDate, today: CalendarDate, calendar: HolidayCalendar, prelimSent = false): AdmissionDeadline {
  const deadline = s2200Deadline(startDate, prelimSent);
  const sendBy = calendar.lastBusinessDayOnOrBefore(deadline);
  const daysToStart = daysBetween(today, startDate);
  let severity: Severity = 'info';
  if (today >= sendBy) severity = 'critical';
  else if ((!prelimSent && daysToStart <= 3) || today >= addDays(sendBy, -2)) severity = 'warning';
  return { deadline, sendBy, daysToStart, severity };
}
