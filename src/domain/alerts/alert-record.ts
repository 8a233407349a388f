// Loading alerts for the reconciler and the alert use cases, and turning rows into AlertViews.
import type { Alert } from '../../generated/prisma/client.js';
import type { DbClient } from '../audit/record-audit.js';
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

/** Loads alerts by id with their latest event; `lock` takes row locks (inside a transaction). */
export async function loadAlerts(db: DbClient, ids: readonly number[], options: { lock?: boolean } = {}): Promise<Map<number, AlertRecord>> {
  if (ids.length === 0) return new Map();
  if (options.lock) await db.$queryRawUnsafe(`SELECT id FROM alerts WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE`, [...ids]);
  const [rows, events] = await Promise.all([
    db.alert.findMany({ where: { id: { in: [...ids] } } }),
    db.$queryRawUnsafe<{ alert_id: number; type: string; actor: string; note: string | null; created_at: Date }[]>(
      `SELECT DISTINCT ON (alert_id) alert_id, type, actor, note, created_at
       FROM alert_events WHERE alert_id = ANY($1::int[]) AND type NOT IN ('refused', 'escalated')
       ORDER BY alert_id, id DESC`,
      [...ids],
    ),
  ]);
  const activity = new Map(
    events.map((e): [number, AlertActivity] => [e.alert_id, { type: e.type as AlertEventType, actor: e.actor, at: e.created_at, note: e.note }]),
  );
  return new Map(rows.map((row) => [row.id, toAlertRecord(row, activity.get(row.id) ?? null)]));
}

export async function loadAlert(db: DbClient, id: number, options: { lock?: boolean } = {}): Promise<AlertRecord | undefined> {
  return (await loadAlerts(db, [id], options)).get(id);
}
