// eSocial's S-2200 (admission) is due the calendar day before work starts. When that day is a
// weekend, HR can only act on the last working day before it, so that is when "send by" falls.
import { addDays, dayOfWeek, daysBetween, type CalendarDate } from '../../lib/time/calendar.js';
import type { Severity } from '../alerts/alert-types.js';

export interface AdmissionDeadline {
  /** the S-2200 deadline: the day before the start date */
  deadline: CalendarDate;
  /** the last working day (Mon–Fri) on or before the deadline */
  sendBy: CalendarDate;
  daysToStart: number;
  severity: Severity;
}

export function lastWorkingDayOnOrBefore(date: CalendarDate): CalendarDate {
  const dow = dayOfWeek(date);
  if (dow === 6) return addDays(date, -1);
  if (dow === 0) return addDays(date, -2);
  return date;
}

/**
 * info from the lead time on; warning from D-3 (or two days before "send by", when a weekend pulls
 * it earlier); critical from "send by" on — D-1 at the latest.
 */
export function admissionDeadline(startDate: CalendarDate, today: CalendarDate): AdmissionDeadline {
  const deadline = addDays(startDate, -1);
  const sendBy = lastWorkingDayOnOrBefore(deadline);
  const daysToStart = daysBetween(today, startDate);
  let severity: Severity = 'info';
  if (today >= sendBy) severity = 'critical';
  else if (daysToStart <= 3 || today >= addDays(sendBy, -2)) severity = 'warning';
  return { deadline, sendBy, daysToStart, severity };
}
