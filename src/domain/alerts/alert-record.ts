// Loading alerts for the reconciler and the alert use cases, and turning rows into AlertViews.
import type { Alert } from '../../generated/prisma/client.js';
import type { SqlClient } from '../../db/database.js';
import type { AlertActivity, AlertDetails, AlertEventType, AlertView } from './alert-types.js';

/** An alert with what the notifier needs beyond its view: where its message lives. */
export interface AlertRecord {
  view: AlertView;
  fingerprint: string;
  subjectId: number;
  channel: string | null;
  messageTs: string | null;
  groupId: number | null;
  verifyResolution: boolean;
  lastRemindedAt: Date | null;
}

export function toAlertRecord(row: Alert, lastActivity: AlertActivity | null): AlertRecord {
  return {
    view: {
      id: row.id,
      kind: row.kind,
      severity: row.severity,
      status: row.status,
      subject: row.subject,
      details: row.details as unknown as AlertDetails,
      openedAt: row.openedAt,
      acknowledgedAt: row.acknowledgedAt,
      acknowledgedBy: row.acknowledgedBy,
      snoozedUntil: row.snoozedUntil,
      snoozedBy: row.snoozedBy,
      snoozeReason: row.snoozeReason,
      resolvedAt: row.resolvedAt,
      resolvedBy: row.resolvedBy,
      resolutionNote: row.resolutionNote,
      reopenCount: row.reopenCount,
      version: row.version,
      lastActivity,
    },
    fingerprint: row.fingerprint,
    subjectId: row.subjectId,
    channel: row.channel,
    messageTs: row.messageTs,
    groupId: row.groupId,
    verifyResolution: row.verifyResolution,
    lastRemindedAt: row.lastRemindedAt,
  };
}

/** The alert's columns (table `a`) under the model's field names: a raw row reads as an `Alert`. */
export const ALERT_COLUMNS = `a.id, a.kind::text AS kind, a.fingerprint, a.subject_id AS "subjectId", a.subject, a.severity::text AS severity,
  a.status::text AS status, a.details, a.opened_at AS "openedAt", a.last_changed_at AS "lastChangedAt", a.acknowledged_at AS "acknowledgedAt",
  a.acknowledged_by AS "acknowledgedBy", a.snoozed_at AS "snoozedAt", a.snoozed_by AS "snoozedBy", a.snoozed_until AS "snoozedUntil",
  a.snooze_reason AS "snoozeReason", a.resolved_at AS "resolvedAt", a.resolved_by AS "resolvedBy", a.resolution_note AS "resolutionNote",
  a.reopen_count AS "reopenCount", a.channel, a.message_ts AS "messageTs", a.group_id AS "groupId", a.last_reminded_at AS "lastRemindedAt",
  a.escalated_at AS "escalatedAt", a.escalation_level AS "escalationLevel", a.verify_resolution AS "verifyResolution", a.version`;

/**
 * Loads alerts by id with their latest event; `lock` takes row locks (inside a transaction). One
 * statement for rows and events: a watch cycle loads alerts in every transaction that changes some,
 * and each statement through Prisma costs about a millisecond of CPU (bench/watch-cycle.bench.ts).
 * The lock is a statement of its own, before the read: a read that waited for a lock inside the
 * statement would show the events as they were when it started.
 */
export async function loadAlerts(db: SqlClient, ids: readonly number[], options: { lock?: boolean } = {}): Promise<Map<number, AlertRecord>> {
  if (ids.length === 0) return new Map();
  if (options.lock) await db.$queryRawUnsafe(`SELECT id FROM alerts WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE`, [...ids]);
  const rows = await db.$queryRawUnsafe<(Alert & { activityType: string | null; activityActor: string; activityNote: string | null; activityAt: Date })[]>(
    `SELECT ${ALERT_COLUMNS}, e.type AS "activityType", e.actor AS "activityActor", e.note AS "activityNote", e.created_at AS "activityAt"
     FROM alerts a LEFT JOIN (
       SELECT DISTINCT ON (alert_id) alert_id, type, actor, note, created_at
       FROM alert_events WHERE alert_id = ANY($1::int[]) AND type NOT IN ('refused', 'escalated')
       ORDER BY alert_id, id DESC
     ) e ON e.alert_id = a.id
     WHERE a.id = ANY($1::int[])`,
    [...ids],
  );
  return new Map(
    rows.map((row) => {
      const activity: AlertActivity | null =
        row.activityType === null ? null : { type: row.activityType as AlertEventType, actor: row.activityActor, at: row.activityAt, note: row.activityNote };
      return [row.id, toAlertRecord(row, activity)];
    }),
  );
}

export async function loadAlert(db: SqlClient, id: number, options: { lock?: boolean } = {}): Promise<AlertRecord | undefined> {
  return (await loadAlerts(db, [id], options)).get(id);
}
