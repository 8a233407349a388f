// The escalation steps an alert went through, as recorded: one `escalated` alert_events row per
// step, whose data says who was paged and why. The DM copies to update, who may acknowledge as a
// paged person and the App Home's "paged to you" all read them from here.
import type { SqlClient } from '../../db/database.js';
import type { EscalationReason } from './decide-escalation.js';

/** The data of an `escalated` alert event. */
export interface EscalationStepRecord {
  level: number;
  reason: EscalationReason;
  /** user IDs sent a DM copy */
  users: string[];
  /** user-group IDs, mentioned in the thread only */
  groups: string[];
  /** the alert's reopen count at the step: a reopened alert starts a new episode */
  episode: number;
}

/** Every step of each alert, oldest first. */
export async function escalationSteps(db: SqlClient, alertIds: readonly number[]): Promise<Map<number, EscalationStepRecord[]>> {
  const steps = new Map<number, EscalationStepRecord[]>();
  if (alertIds.length === 0) return steps;
  const rows = await db.$queryRawUnsafe<{ alert_id: number; data: EscalationStepRecord }[]>(
    `SELECT alert_id, data FROM alert_events WHERE type = 'escalated' AND alert_id = ANY($1::int[]) ORDER BY id`,
    [...alertIds],
  );
  for (const row of rows) steps.set(row.alert_id, [...(steps.get(row.alert_id) ?? []), row.data]);
  return steps;
}

/**
 * SQL: `e` (an alert_events row) is a step of alert `a`'s current episode. The one definition the
 * ladder, the paged person's right to acknowledge and the App Home's "paged to you" share.
 */
export const CURRENT_EPISODE_STEP = `e.type = 'escalated' AND (e.data->>'episode')::int = a.reopen_count`;

/** Of `alertIds`, those `userId` was sent a DM about in the alert's current episode. */
export async function pagedTo(db: SqlClient, alertIds: readonly number[], userId: string): Promise<Set<number>> {
  if (alertIds.length === 0) return new Set();
  const rows = await db.$queryRawUnsafe<{ alert_id: number }[]>(
    `SELECT DISTINCT e.alert_id FROM alert_events e JOIN alerts a ON a.id = e.alert_id
     WHERE e.alert_id = ANY($1::int[]) AND ${CURRENT_EPISODE_STEP} AND e.data->'users' @> jsonb_build_array($2::text)`,
    [...alertIds],
    userId,
  );
  return new Set(rows.map((r) => r.alert_id));
}

/** Whether `userId` was sent a DM about the alert in its current episode. */
export async function wasPaged(db: SqlClient, alertId: number, userId: string): Promise<boolean> {
  return (await pagedTo(db, [alertId], userId)).has(alertId);
}
