// Many alerts (with their first events), and many alert events, written in one statement each.
// Prisma's createManyAndReturn builds and compiles a query holding every value, which cost ~0.3 ms
// a row in CPU — ten times what the database spends — when a first cycle opens thousands of alerts
// (bench/watch-cycle.bench.ts). Here the rows travel as one JSON parameter, expanded in SQL.
import type { Alert, Prisma } from '../../generated/prisma/client.js';
import type { SqlClient } from '../../db/database.js';
import { ALERT_COLUMNS } from './alert-record.js';
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
  /** where it is announced, when known as it opens (the announcing transaction's): no update later */
  channel?: string;
  /** its storm group, with `channel` */
  groupId?: number | null;
  /** its first events (opened, snoozed), written by the same statement, in this order, at openedAt */
  events?: { type: AlertEventType; actor: string; note: string | null }[];
}

export interface NewAlertEvent {
  alertId: number;
  type: AlertEventType;
  actor: string;
  note: string | null;
  data?: Prisma.InputJsonValue;
  createdAt: Date;
}

/** Inserts the alerts, and their first events; returns their ids and statuses, in the order given. */
export function insertAlerts(tx: SqlClient, alerts: readonly NewAlert[]): Promise<{ id: number; status: AlertStatus }[]> {
  return insert(tx, alerts, 'id, status::text AS status');
}

/**
 * The same, returning the alerts as stored: for the transaction that announces them, which would
 * otherwise read them again. Only there: at 20,000 new alerts, rows returned for every page left
 * ~25 MB more garbage surviving into V8's old generation (bench/watch-cycle.bench.ts, peak RSS).
 */
export function insertAlertsReturningRows(tx: SqlClient, alerts: readonly NewAlert[]): Promise<Alert[]> {
  return insert(tx, alerts, '*');
}

/**
 * `returning`: columns of the inserted rows (as ALERT_COLUMNS names them). The events find their
 * alert by fingerprint: the partial unique index allows one unresolved alert per fingerprint, so a
 * statement inserting two with one fingerprint fails as a whole.
 */
async function insert<T extends { id: number }>(tx: SqlClient, alerts: readonly NewAlert[], returning: string): Promise<T[]> {
  if (alerts.length === 0) return [];
  const rows = await tx.$queryRawUnsafe<T[]>(
    `WITH given AS (
       SELECT e.ord, r.* FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, ord),
         jsonb_to_record(e.value) AS r(kind text, fingerprint text, subject_id int, subject text, severity text, status text,
           details jsonb, opened_at timestamptz, snoozed_by text, snoozed_until timestamptz, snooze_reason text, channel text, group_id int)
     ), inserted AS (
       INSERT INTO alerts AS a (kind, fingerprint, subject_id, subject, severity, status, details, opened_at, last_changed_at, snoozed_at, snoozed_by, snoozed_until, snooze_reason, channel, group_id)
       SELECT g.kind::"AlertKind", g.fingerprint, g.subject_id, g.subject, g.severity::"Severity", g.status::"AlertStatus", g.details,
              g.opened_at, g.opened_at, CASE WHEN g.snoozed_until IS NULL THEN NULL ELSE g.opened_at END, g.snoozed_by, g.snoozed_until, g.snooze_reason,
              g.channel, g.group_id
       FROM given g ORDER BY g.ord
       RETURNING ${ALERT_COLUMNS}
     ), first_events AS (
       -- The events are a flat list of their own: a set-returning function per alert (each one's
       -- array) cost ~30 µs a call, half the statement's time at 100 alerts (auto_explain).
       INSERT INTO alert_events (alert_id, type, actor, note, created_at)
       SELECT i.id, ev.type, ev.actor, ev.note, i."openedAt"
       FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (fingerprint text, type text, actor text, note text)) WITH ORDINALITY AS ev(fingerprint, type, actor, note, ord)
         JOIN inserted i ON i.fingerprint = ev.fingerprint
       ORDER BY i.id, ev.ord
     )
     SELECT ${returning} FROM inserted`,
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
        channel: a.channel ?? null,
        group_id: a.groupId ?? null,
      })),
    ),
    JSON.stringify(alerts.flatMap((a) => (a.events ?? []).map((e) => ({ fingerprint: a.fingerprint, type: e.type, actor: e.actor, note: e.note })))),
  );
  return inInsertOrder(rows);
}

/** Inserts the events; returns their ids, in the order given. */
export async function insertAlertEvents(tx: SqlClient, events: readonly NewAlertEvent[]): Promise<number[]> {
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
