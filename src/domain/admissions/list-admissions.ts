import { fromDbDate, type CalendarDate } from '../../lib/time/calendar.js';
import type { Deps } from '../deps.js';
import { ADMISSION_TRACKED_AFTER_START_DAYS, trackingWindow } from '../watchers/missing-documents-watcher.js';

export interface AdmissionLine {
  code: string;
  name: string;
  startDate: CalendarDate;
  /** required documents neither received nor waived */
  missing: number;
  required: number;
}

export interface AdmissionList {
  admissions: AdmissionLine[];
  /** how many matched in all (the list itself is capped) */
  total: number;
  /** the list starts this many days before today (longer after an S-2190): the window the missing-documents watcher tracks */
  sinceDays: number;
}

// The hires the missing-documents watcher tracks: those with an S-2190 sent for longer, as their
// S-2200 deadline moved. count(*) OVER () runs after GROUP BY: how many hires matched in all.
const LIST_SQL = `
SELECT e.code, e.name, e.start_date,
       (count(d.id) FILTER (WHERE d.required AND d.status = 'missing'))::int AS missing,
       (count(d.id) FILTER (WHERE d.required))::int AS required,
       (count(*) OVER ())::int AS "all"
FROM employees e
LEFT JOIN admission_documents d ON d.employee_id = e.id
WHERE e.active AND (e.start_date >= $1::date OR (e.prelim_sent_on IS NOT NULL AND e.start_date >= $2::date))
GROUP BY e.id
ORDER BY e.start_date, e.code_key COLLATE "C"
LIMIT $3`;

/**
 * Active hires the missing-documents watcher tracks (from ADMISSION_TRACKED_AFTER_START_DAYS ago on,
 * longer after an S-2190), soonest start first.
 */
export async function listAdmissions({ db }: Pick<Deps, 'db'>, options: { today: CalendarDate; limit: number }): Promise<AdmissionList> {
  const { trackedSince, prelimTrackedSince } = trackingWindow(options.today);
  const rows = await db.prisma.$queryRawUnsafe<{ code: string; name: string; start_date: Date; missing: number; required: number; all: number }[]>(
    LIST_SQL,
    trackedSince,
    prelimTrackedSince,
    options.limit,
  );
  return {
    admissions: rows.map((r) => ({ code: r.code, name: r.name, startDate: fromDbDate(r.start_date), missing: r.missing, required: r.required })),
    total: rows[0]?.all ?? 0,
    sinceDays: ADMISSION_TRACKED_AFTER_START_DAYS,
  };
}
