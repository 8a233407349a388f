// The digest's queries. Every figure is counted, summed or ranked by the database, and only a
// bounded number of rows (the worst alerts, the top debtors, the next hires) is ever loaded, so a
// digest costs the same with ten alerts or a hundred thousand. Instants and "today" are passed in:
// the database runs in UTC and tests use a fake clock.
import { overdueBands, type CollectionsSchedule, type OverdueBand } from '../../lib/collections-schedule.js';
import { addDays, fromDbDate, type CalendarDate } from '../../lib/time/calendar.js';
import type { HolidayCalendar } from '../../lib/time/holidays.js';
import type { Database } from '../../db/database.js';
import { toAlertRecord } from '../alerts/alert-record.js';
import type { AlertKind, AlertStatus, AlertView, Severity } from '../alerts/alert-types.js';
import { KIND_ORDER } from '../kinds/index.js';
import type { HireMissingDocuments } from './digest-types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** medians of time to acknowledge and to resolve are taken over this many days */
export const MEDIAN_WINDOW_DAYS = 7;
/** hires starting within this many days (today included) are listed when documents are missing */
export const HIRE_WINDOW_DAYS = 7;

export interface DigestQueryLimits {
  /** worst open alerts loaded per kind (the message shows a few, its thread the rest) */
  worstPerKind: number;
  debtorsPerCurrency: number;
  hires: number;
}

export type AgeBucket = 'day' | 'week' | 'older';

export interface DigestData {
  at: Date;
  today: CalendarDate;
  since: Date;
  open: { kind: AlertKind; severity: Severity; status: AlertStatus; age: AgeBucket; n: number }[];
  worst: Map<AlertKind, AlertView[]>;
  opened: { kind: AlertKind; n: number }[];
  resolved: { kind: AlertKind; resolvedBy: string | null; n: number }[];
  medians: { kind: AlertKind; ackMs: number | null; resolveMs: number | null }[];
  stock: { atZero: number; atOrBelowMinimum: number };
  overdueTotals: { currency: string; amount: string; orders: number }[];
  /** the bands of the collections schedule, and per currency the orders in each (by index) */
  bands: OverdueBand[];
  overdueBuckets: { currency: string; band: number; amount: string; orders: number }[];
  /** `customers`: how many owe in that currency (the same on each row) */
  debtors: { currency: string; customer: string; amount: string; orders: number; customers: number }[];
  hires: { total: number; list: HireMissingDocuments[] };
  failedMessages: number;
}

/**
 * `calendar`: an order due on a weekend or holiday is overdue only after the next business day, and
 * ages from it; `schedule`: the collections schedule, whose overdue steps start the age bands.
 */
export async function loadDigestData(
  db: Database,
  at: Date,
  today: CalendarDate,
  since: Date,
  limits: DigestQueryLimits,
  calendar: HolidayCalendar,
  schedule: CollectionsSchedule,
): Promise<DigestData> {
  const { prisma } = db;
  const dayAgo = new Date(at.getTime() - DAY_MS);
  const weekAgo = new Date(at.getTime() - 7 * DAY_MS);
  const medianFrom = new Date(at.getTime() - MEDIAN_WINDOW_DAYS * DAY_MS);
  const lastHireDay = addDays(today, HIRE_WINDOW_DAYS - 1);
  // $1 is the overdue cutoff (HolidayCalendar.overdueCutoff), not today.
  const overdue = `status = 'pending' AND active AND due_date < $1::date`;
  const cutoff = calendar.overdueCutoff(today);
  const bands = overdueBands(schedule);
  // An order is at least `from` days overdue when due before overdueCutoff(today, from): the band
  // is the last one whose start it reached ($2… are those cutoffs, latest band first).
  const bandCase = bands.length === 1 ? '0' : `CASE ${bands.slice(1).map((_, i) => `WHEN due_date < $${i + 2}::date THEN ${bands.length - 1 - i}`).join(' ')} ELSE 0 END`;
  const bandCutoffs = bands.slice(1).reverse().map((b) => calendar.overdueCutoff(today, b.from));

  const [open, worst, opened, resolved, medians, stock, overdueTotals, overdueBuckets, debtors, hires, failedMessages] = await Promise.all([
    prisma.$queryRaw<DigestData['open']>`
      SELECT kind::text AS kind, severity::text AS severity, status::text AS status,
             CASE WHEN opened_at > ${dayAgo} THEN 'day' WHEN opened_at > ${weekAgo} THEN 'week' ELSE 'older' END AS age,
             count(*)::int AS n
      FROM alerts WHERE status <> 'resolved'
      GROUP BY 1, 2, 3, 4`,
    Promise.all(
      KIND_ORDER.map(async (kind) => {
        const rows = await prisma.alert.findMany({
          where: { kind, status: { not: 'resolved' } },
          // The enum's order is info < warning < critical: descending puts the critical ones first.
          orderBy: [{ severity: 'desc' }, { openedAt: 'asc' }, { id: 'asc' }],
          take: limits.worstPerKind,
        });
        return [kind, rows.map((row) => toAlertRecord(row, null).view)] as const;
      }),
    ),
    prisma.$queryRaw<DigestData['opened']>`
      SELECT kind::text AS kind, count(*)::int AS n FROM alerts
      WHERE opened_at > ${since} AND opened_at <= ${at} GROUP BY kind`,
    prisma.$queryRaw<{ kind: AlertKind; resolved_by: string | null; n: number }[]>`
      SELECT kind::text AS kind, resolved_by, count(*)::int AS n FROM alerts
      WHERE status = 'resolved' AND resolved_at > ${since} AND resolved_at <= ${at}
      GROUP BY kind, resolved_by`,
    prisma.$queryRaw<{ kind: AlertKind; ack_ms: number | null; resolve_ms: number | null }[]>`
      SELECT kind::text AS kind,
             (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - opened_at))
                FILTER (WHERE acknowledged_at > ${medianFrom} AND acknowledged_at <= ${at}) * 1000)::float8 AS ack_ms,
             (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - opened_at))
                FILTER (WHERE status = 'resolved' AND resolved_at > ${medianFrom} AND resolved_at <= ${at}) * 1000)::float8 AS resolve_ms
      FROM alerts
      WHERE (acknowledged_at > ${medianFrom} AND acknowledged_at <= ${at}) OR (resolved_at > ${medianFrom} AND resolved_at <= ${at})
      GROUP BY kind`,
    prisma.$queryRaw<{ at_zero: number; at_or_below_minimum: number }[]>`
      SELECT count(*) FILTER (WHERE stock <= 0)::int AS at_zero,
             count(*) FILTER (WHERE stock <= min_stock)::int AS at_or_below_minimum
      FROM products WHERE active`,
    prisma.$queryRawUnsafe<DigestData['overdueTotals']>(
      `SELECT currency, sum(total)::text AS amount, count(*)::int AS orders
       FROM orders WHERE ${overdue} GROUP BY currency ORDER BY sum(total) DESC, currency`,
      cutoff,
    ),
    prisma.$queryRawUnsafe<DigestData['overdueBuckets']>(
      `SELECT currency, ${bandCase} AS band, sum(total)::text AS amount, count(*)::int AS orders
       FROM orders WHERE ${overdue} GROUP BY 1, 2 ORDER BY 1, 2`,
      cutoff,
      ...bandCutoffs,
    ),
    prisma.$queryRawUnsafe<DigestData['debtors']>(
      `SELECT currency, customer, amount::text AS amount, orders, customers FROM (
         SELECT currency, customer, sum(total) AS amount, count(*)::int AS orders,
                (count(*) OVER (PARTITION BY currency))::int AS customers,
                row_number() OVER (PARTITION BY currency ORDER BY sum(total) DESC, customer) AS rank
         FROM orders WHERE ${overdue} GROUP BY currency, customer
       ) ranked WHERE rank <= $2 ORDER BY currency, rank`,
      cutoff,
      limits.debtorsPerCurrency,
    ),
    prisma.$queryRaw<{ code: string; name: string; start_date: Date; missing: number; total: number }[]>`
      SELECT e.code, e.name, e.start_date, count(*)::int AS missing, (count(*) OVER ())::int AS total
      FROM employees e
      JOIN admission_documents d ON d.employee_id = e.id AND d.required AND d.status = 'missing'
      WHERE e.active AND e.start_date BETWEEN ${today}::date AND ${lastHireDay}::date
      GROUP BY e.id
      ORDER BY e.start_date, e.code
      LIMIT ${limits.hires}`,
    prisma.outboxMessage.count({ where: { status: 'failed' } }),
  ]);
  const [risk] = stock;
  return {
    at,
    today,
    since,
    open,
    worst: new Map(worst),
    opened,
    resolved: resolved.map((r) => ({ kind: r.kind, resolvedBy: r.resolved_by, n: r.n })),
    medians: medians.map((m) => ({ kind: m.kind, ackMs: m.ack_ms, resolveMs: m.resolve_ms })),
    stock: { atZero: risk?.at_zero ?? 0, atOrBelowMinimum: risk?.at_or_below_minimum ?? 0 },
    overdueTotals,
    bands,
    overdueBuckets,
    debtors,
    hires: {
      total: hires[0]?.total ?? 0,
      list: hires.map((h) => ({ code: h.code, name: h.name, startDate: fromDbDate(h.start_date), missing: h.missing })),
    },
    failedMessages,
  };
}
