// Many alerts (and alert events) written in one statement each. Prisma's createManyAndReturn
// builds and compiles a query holding every value, which cost ~0.3 ms a row in CPU — ten times what
// the database spends — when a first cycle opens thousands of alerts (bench/watch-cycle.bench.ts).
// Here the rows travel as one JSON parameter, expanded in SQL.
import type { Prisma } from '../../generated/prisma/client.js';
import type { DbClient } from '../audit/record-audit.js';
import type { AlertDetails, AlertEventType, AlertKind, AlertStatus, Severity } from './alert-types.js';

export interface NewAlert {
  kind: AlertKind;
  fingerprint: string;
  subjectId: number;
  subject: string;
  severity: Severity;
  status: AlertStatus;
  details: AlertDetails;
  openedAt: Date;
  snoozedBy?: string;
  snoozedUntil?: Date;
  snoozeReason?: string;
}

export interface NewAlertEvent {
  alertId: number;
  type: AlertEventType;
  actor: string;
  note: string | null;
  data?: Prisma.InputJsonValue;
  createdAt: Date;
}

/** Inserts the alerts; returns their ids and statuses, in the order given. */
export async function insertAlerts(tx: DbClient, alerts: readonly NewAlert[]): Promise<{ id: number; status: AlertStatus }[]> {
  if (alerts.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<{ id: number; status: AlertStatus }[]>(
    `INSERT INTO alerts (kind, fingerprint, subject_id, subject, severity, status, details, opened_at, last_changed_at, snoozed_at, snoozed_by, snoozed_until, snooze_reason)
     SELECT r.kind::"AlertKind", r.fingerprint, r.subject_id, r.subject, r.severity::"Severity", r.status::"AlertStatus", r.details,
            r.opened_at, r.opened_at, CASE WHEN r.snoozed_until IS NULL THEN NULL ELSE r.opened_at END, r.snoozed_by, r.snoozed_until, r.snooze_reason
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, ord),
          jsonb_to_record(e.value) AS r(kind text, fingerprint text, subject_id int, subject text, severity text, status text,
            details jsonb, opened_at timestamptz, snoozed_by text, snoozed_until timestamptz, snooze_reason text)
     ORDER BY e.ord
     RETURNING id, status::text AS status`,
    JSON.stringify(
      alerts.map((a) => ({
        kind: a.kind,
        fingerprint: a.fingerprint,
        subject_id: a.subjectId,
        subject: a.subject,
        severity: a.severity,
        status: a.status,
        details: a.details,
        opened_at: a.openedAt,
        snoozed_by: a.snoozedBy ?? null,
        snoozed_until: a.snoozedUntil ?? null,
        snooze_reason: a.snoozeReason ?? null,
      })),
    ),
  );
  return inInsertOrder(rows);
}

/** Inserts the events; returns their ids, in the order given. */
export async function insertAlertEvents(tx: DbClient, events: readonly NewAlertEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<{ id: number }[]>(
    `INSERT INTO alert_events (alert_id, type, actor, note, data, created_at)
     SELECT r.alert_id, r.type, r.actor, r.note, r.data, r.created_at
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, ord),
          jsonb_to_record(e.value) AS r(alert_id int, type text, actor text, note text, data jsonb, created_at timestamptz)
     ORDER BY e.ord
     RETURNING id`,
    JSON.stringify(events.map((e) => ({ alert_id: e.alertId, type: e.type, actor: e.actor, note: e.note, data: e.data ?? null, created_at: e.createdAt }))),
  );
  return inInsertOrder(rows).map((r) => r.id);
}

// Ids come from the table's sequence as the rows are inserted, in ORDER BY order; RETURNING's own
// order is not promised, the ids' is.
function inInsertOrder<T extends { id: number }>(rows: T[]): T[] {
  return rows.sort((a, b) => a.id - b.id);
}
