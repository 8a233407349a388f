// `/alerts digest`: where things stand now, per team — open alerts by severity, how many someone
// acknowledged or snoozed, the oldest one and its age — plus the money and stock at risk, and the
// channel messages the outbox gave up on. Every figure is counted or summed by the database, never
// by loading rows.
import { dateInZone, type CalendarDate } from '../../lib/time/calendar.js';
import type { Deps } from '../deps.js';
import { toAlertRecord } from './alert-record.js';
import type { AlertKind, AlertStatus, AlertView, Severity } from './alert-types.js';
import { KIND_ORDER } from './list-alerts.js';

export interface TeamSummary {
  kind: AlertKind;
  /** not resolved: open, acknowledged or snoozed */
  open: number;
  bySeverity: Record<Severity, number>;
  acknowledged: number;
  snoozed: number;
  /** the longest-standing unresolved alert, with how long it has been open */
  oldest: { alert: AlertView; ageMs: number } | null;
}

export interface MoneyTotal {
  currency: string;
  /** decimal string, e.g. "10024.56" (summed as numeric in SQL: no float rounding) */
  amount: string;
  orders: number;
}

export interface AlertDigest {
  at: Date;
  today: CalendarDate;
  teams: TeamSummary[];
  /** pending, active orders past their due date (in BOT_TIMEZONE), per currency */
  overdue: MoneyTotal[];
  stock: { atZero: number; atOrBelowMinimum: number };
  /** channel messages that could not be posted (an admin can retry them) */
  failedMessages: number;
}

export async function summarizeAlerts(deps: Pick<Deps, 'db' | 'clock' | 'config'>): Promise<AlertDigest> {
  const { prisma } = deps.db;
  const at = deps.clock.now();
  // "Overdue" depends on the bot's calendar day, passed in: the database runs in UTC.
  const today = dateInZone(at, deps.config.timezone);
  const [counts, oldestIds, overdue, stock, failedMessages] = await Promise.all([
    prisma.$queryRaw<{ kind: AlertKind; severity: Severity; status: AlertStatus; n: number }[]>`
      SELECT kind::text AS kind, severity::text AS severity, status::text AS status, count(*)::int AS n
      FROM alerts WHERE status <> 'resolved'
      GROUP BY kind, severity, status`,
    prisma.$queryRaw<{ id: number }[]>`
      SELECT DISTINCT ON (kind) id FROM alerts WHERE status <> 'resolved' ORDER BY kind, opened_at, id`,
    prisma.$queryRaw<MoneyTotal[]>`
      SELECT currency, sum(total)::text AS amount, count(*)::int AS orders
      FROM orders
      WHERE status = 'pending' AND active AND due_date < ${today}::date
      GROUP BY currency ORDER BY currency`,
    prisma.$queryRaw<{ at_zero: number; at_or_below_minimum: number }[]>`
      SELECT count(*) FILTER (WHERE stock <= 0)::int AS at_zero,
             count(*) FILTER (WHERE stock <= min_stock)::int AS at_or_below_minimum
      FROM products WHERE active`,
    prisma.outboxMessage.count({ where: { status: 'failed' } }),
  ]);
  const oldestRows = await prisma.alert.findMany({ where: { id: { in: oldestIds.map((r) => r.id) } } });
  const oldest = new Map(oldestRows.map((row) => [row.kind, toAlertRecord(row, null).view]));

  const teams = KIND_ORDER.map((kind): TeamSummary => {
    const team: TeamSummary = { kind, open: 0, bySeverity: { info: 0, warning: 0, critical: 0 }, acknowledged: 0, snoozed: 0, oldest: null };
    for (const row of counts.filter((c) => c.kind === kind)) {
      team.open += row.n;
      team.bySeverity[row.severity] += row.n;
      if (row.status === 'acknowledged') team.acknowledged += row.n;
      if (row.status === 'snoozed') team.snoozed += row.n;
    }
    const alert = oldest.get(kind);
    if (alert) team.oldest = { alert, ageMs: Math.max(0, at.getTime() - alert.openedAt.getTime()) };
    return team;
  });
  const [risk] = stock;
  return { at, today, teams, overdue, stock: { atZero: risk?.at_zero ?? 0, atOrBelowMinimum: risk?.at_or_below_minimum ?? 0 }, failedMessages };
}
