// New hires whose required admission documents are not all received or waived, from
// ADMISSION_LEAD_DAYS before the start date until ADMISSION_TRACKED_AFTER_START_DAYS after it (so
// importing a whole historic staff list does not raise thousands of alerts; a hire whose S-2190 was
// sent, MAX_PRELIM_DAYS_AFTER_START days longer, as the S-2200 deadline moved). Only document types
// are read — never numbers.
import { addDays, type CalendarDate } from '../../lib/time/calendar.js';
import type { AlertDetails, MissingDocumentsDetails } from '../alerts/alert-types.js';
import { admissionDeadline, MAX_PRELIM_DAYS_AFTER_START } from './admission-deadline.js';
import { fingerprintOf, type Finding, type Watcher } from './watcher.js';

export const ADMISSION_TRACKED_AFTER_START_DAYS = 30;

interface Row {
  id: number;
  code: string;
  code_key: string;
  name: string;
  role: string | null;
  slack_user: string | null;
  start_date: string;
  prelim_sent: boolean;
  missing: string[];
  required: number;
}

// Each hire in the window reads its own documents through the (employee_id, code) index. A plain
// join made the planner scan the whole documents table instead: 60,000 rows for 100 hires, 26 ms
// against 2.5 ms now (EXPLAIN ANALYZE on the watch benchmark's 10k hires, PostgreSQL 15).
const FINDINGS_SQL = `
SELECT e.id, e.code, e.code_key, e.name, e.role, e.slack_user, e.start_date::text AS start_date, e.prelim_sent_on IS NOT NULL AS prelim_sent,
       d.missing, d.required
FROM employees e
CROSS JOIN LATERAL (
  SELECT array_agg(code ORDER BY code) FILTER (WHERE status = 'missing') AS missing, count(*)::int AS required
  FROM admission_documents
  WHERE employee_id = e.id AND required
) d
WHERE e.active AND e.start_date BETWEEN $6::date AND $1::date
  AND (e.start_date >= $5::date OR e.prelim_sent_on IS NOT NULL)
  AND ($2::text IS NULL OR e.code_key COLLATE "C" > $2::text)
  AND ($3::text IS NULL OR e.code_key = $3::text)
  AND d.missing IS NOT NULL
ORDER BY e.code_key COLLATE "C"
LIMIT $4`;

/** Hires starting before these dates are no longer tracked (the second for those with an S-2190). */
export function trackingWindow(today: string): { trackedSince: string; prelimTrackedSince: string } {
  const trackedSince = addDays(today, -ADMISSION_TRACKED_AFTER_START_DAYS);
  return { trackedSince, prelimTrackedSince: addDays(trackedSince, -MAX_PRELIM_DAYS_AFTER_START) };
}

export const missingDocumentsWatcher: Watcher<'missing_documents'> = {
  kind: 'missing_documents',
  name: 'missing-documents',

  async findings(db, ctx, page) {
    const horizon = addDays(ctx.today, ctx.config.admissionLeadDays);
    const { trackedSince, prelimTrackedSince } = trackingWindow(ctx.today);
    const rows = await db.query<Row>(FINDINGS_SQL, [horizon, page.after, page.onlyKey ?? null, page.limit, trackedSince, prelimTrackedSince]);
    const order = new Map(ctx.config.requiredDocuments.map((code, i) => [code, i]));
    return rows.map((row): Finding => {
      const startDate = row.start_date;
      const deadline = admissionDeadline(startDate, ctx.today, ctx.config.holidays, row.prelim_sent);
      // The configured order (cpf, rg, …) reads better than alphabetical.
      const missing = [...row.missing].sort((a, b) => (order.get(a) ?? 99) - (order.get(b) ?? 99) || a.localeCompare(b));
      const details: MissingDocumentsDetails = {
        kind: 'missing_documents',
        code: row.code,
        name: row.name,
        role: row.role,
        slackUser: row.slack_user,
        startDate,
        deadline: deadline.deadline,
        sendBy: deadline.sendBy,
        daysToStart: deadline.daysToStart,
        missing,
        required: row.required,
      };
      return {
        kind: 'missing_documents',
        key: row.code_key,
        fingerprint: fingerprintOf('missing_documents', row.code_key),
        subjectId: row.id,
        subject: row.code,
        severity: deadline.severity,
        details,
      };
    });
  },

  async clearances(db, alerts, { today, i18n }) {
    const { trackedSince, prelimTrackedSince } = trackingWindow(today);
    const employees = await db.$queryRawUnsafe<{ id: number; active: boolean; startDate: CalendarDate; prelimSentOn: CalendarDate | null }[]>(
      `SELECT id, active, start_date::text AS "startDate", prelim_sent_on::text AS "prelimSentOn" FROM employees WHERE id = ANY($1::int[])`,
      alerts.map((a) => a.subjectId),
    );
    const previous = new Map(alerts.map((a) => [a.subjectId, a.details]));
    return new Map(
      employees.map((e) => {
        if (!e.active) return [e.id, { note: i18n.t('alert.cleared.retired') }];
        if (e.startDate < (e.prelimSentOn ? prelimTrackedSince : trackedSince)) {
          return [e.id, { note: i18n.t('alert.cleared.admissionWindow', { days: ADMISSION_TRACKED_AFTER_START_DAYS }) }];
        }
        // Still tracked and no longer found: nothing is missing any more.
        return [e.id, { note: i18n.t('alert.cleared.documents'), details: { ...previous.get(e.id)!, missing: [] } }];
      }),
    );
  },

  figures(details: AlertDetails) {
    return details.kind === 'missing_documents' ? JSON.stringify([details.missing, details.required, details.startDate, details.name, details.role]) : '';
  },

  /** more documents missing is worse */
  step(details: AlertDetails) {
    return details.kind === 'missing_documents' ? details.missing.length : 0;
  },
};
