import { addDays, fromDbDate, toDbDate, type CalendarDate } from '../../lib/time/calendar.js';
import type { Deps } from '../deps.js';
import { ADMISSION_TRACKED_AFTER_START_DAYS } from '../watchers/missing-documents-watcher.js';

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
  /** the list starts this many days before today: the window the missing-documents watcher tracks */
  sinceDays: number;
}

const LIST_SQL = `
SELECT e.code, e.name, e.start_date,
       (count(d.id) FILTER (WHERE d.required AND d.status = 'missing'))::int AS missing,
       (count(d.id) FILTER (WHERE d.required))::int AS required
FROM employees e
LEFT JOIN admission_documents d ON d.employee_id = e.id
WHERE e.active AND e.start_date >= $1::date
GROUP BY e.id
ORDER BY e.start_date, e.code_key COLLATE "C"
LIMIT $2`;

/** Active hires starting from ADMISSION_TRACKED_AFTER_START_DAYS ago on, soonest start first. */
export async function listAdmissions({ db }: Pick<Deps, 'db'>, options: { today: CalendarDate; limit: number }): Promise<AdmissionList> {
  const since = addDays(options.today, -ADMISSION_TRACKED_AFTER_START_DAYS);
  const [rows, total] = await Promise.all([
    db.prisma.$queryRawUnsafe<{ code: string; name: string; start_date: Date; missing: number; required: number }[]>(LIST_SQL, since, options.limit),
    db.prisma.employee.count({ where: { active: true, startDate: { gte: toDbDate(since) } } }),
  ]);
  return {
    admissions: rows.map((r) => ({ code: r.code, name: r.name, startDate: fromDbDate(r.start_date), missing: r.missing, required: r.required })),
    total,
    sinceDays: ADMISSION_TRACKED_AFTER_START_DAYS,
  };
}
