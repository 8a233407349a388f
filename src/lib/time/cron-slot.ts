// The latest time a cron expression was due, on the current day of its time zone. A daily job (the
// digest) uses it to know which scheduled time it stands for, whether started by its own tick or
// by a restart later that day — and to let a missed day go.
import cron from 'node-cron';
import { dateInZone, zonedInstant } from './calendar.js';

/**
 * The latest instant at or before `now`, on `now`'s calendar day in `timezone`, at which `expression`
 * is due; undefined when it is not due earlier that day (or not that day at all).
 */
export function latestSlotToday(expression: string, timezone: string, now: Date): Date | undefined {
  const fields = cron.parse(expression);
  const today = dateInZone(now, timezone);
  // Times of day from the expression, latest first; the first one not after now is the candidate.
  let candidate: Date | undefined;
  search: for (const hour of [...fields.hour].sort((a, b) => b - a)) {
    for (const minute of [...fields.minute].sort((a, b) => b - a)) {
      const base = zonedInstant(today, hour, minute, timezone).getTime();
      for (const second of [...fields.second].sort((a, b) => b - a)) {
        const at = new Date(base + second * 1000);
        if (at.getTime() <= now.getTime() && dateInZone(at, timezone) === today) {
          candidate = at;
          break search;
        }
      }
    }
  }
  if (!candidate) return undefined;
  // The time of day fits by construction; node-cron's own matcher decides the day (day of month,
  // month, weekday, with its rules for combining them). The task is never started.
  const task = cron.createTask(expression, () => {}, { timezone });
  try {
    return task.match(candidate) ? candidate : undefined;
  } finally {
    void task.destroy();
  }
}
