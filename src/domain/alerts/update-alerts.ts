// The reconciler's changes to stored alerts, one statement per kind of change for a whole chunk
// (the rows travel as one JSON parameter, as in insert-alerts.ts), in SQL: the watch cycle's
// transactions run on the driver, and a chunk of 500 reminders was 500 statements through Prisma.
// The caller has locked the rows (reconcile-alerts.ts, currentAlerts).
import type { SqlClient } from '../../db/database.js';
import type { AlertDetails, Severity } from './alert-types.js';

export type AlertUpdate =
  /** a resolved alert confirmed as resolved: stop verifying it */
  | { id: number; action: 'confirm-resolution' }
  /** `details`: the figures at resolution, when the watcher gives them */
  | { id: number; action: 'auto-resolve'; resolvedBy: string; note: string; details?: AlertDetails }
  /** a new episode: escalation starts again from the first step */
  | { id: number; action: 'reopen'; severity: Severity; details: AlertDetails }
  /** new figures; `wake` also ends a snooze */
  | { id: number; action: 'refresh'; severity: Severity; details: AlertDetails; wake: boolean }
  | { id: number; action: 'wake' }
  | { id: number; action: 'remind' };

type Action = AlertUpdate['action'];

// A snooze ended: open again, reminded from now. Column → its value when woken.
const WOKEN: [string, string][] = [
  ['status', `'open'`],
  ['snoozed_at', 'NULL'],
  ['snoozed_by', 'NULL'],
  ['snoozed_until', 'NULL'],
  ['snooze_reason', 'NULL'],
  ['last_reminded_at', '$2'],
];
const WAKE = WOKEN.map(([column, value]) => `${column} = ${value}`).join(', ');
/** the same, only for the rows whose `wake` is true */
const WAKE_IF_ASKED = WOKEN.map(([column, value]) => `${column} = CASE WHEN r.wake THEN ${value} ELSE a.${column} END`).join(', ');

/** Per action: the columns of its rows (r) and the SET clause; $2 is the time of the change. */
const STATEMENTS: Record<Action, { columns: string; set: string }> = {
  'confirm-resolution': { columns: 'id int', set: 'verify_resolution = false' },
  'auto-resolve': {
    columns: 'id int, "resolvedBy" text, note text, details jsonb',
    set: `status = 'resolved', resolved_at = $2, resolved_by = r."resolvedBy", resolution_note = r.note, verify_resolution = false,
          details = coalesce(r.details, a.details), last_changed_at = $2, version = a.version + 1`,
  },
  reopen: {
    columns: 'id int, severity text, details jsonb',
    set: `status = 'open', severity = r.severity::"Severity", details = r.details, resolved_at = NULL, resolved_by = NULL, resolution_note = NULL,
          acknowledged_at = NULL, acknowledged_by = NULL, verify_resolution = false, reopen_count = a.reopen_count + 1,
          escalation_level = 0, escalated_at = NULL, last_reminded_at = $2, last_changed_at = $2, version = a.version + 1`,
  },
  refresh: {
    columns: 'id int, severity text, details jsonb, wake boolean',
    set: `severity = r.severity::"Severity", details = r.details, last_changed_at = $2, version = a.version + 1, ${WAKE_IF_ASKED}`,
  },
  wake: { columns: 'id int', set: `${WAKE}, last_changed_at = $2, version = a.version + 1` },
  remind: { columns: 'id int', set: 'last_reminded_at = $2' },
};

/** Applies the updates at `now`: one statement per action present. */
export async function updateAlerts(tx: SqlClient, now: Date, updates: readonly AlertUpdate[]): Promise<void> {
  const byAction = new Map<Action, AlertUpdate[]>();
  for (const update of updates) {
    const rows = byAction.get(update.action) ?? [];
    if (rows.length === 0) byAction.set(update.action, rows);
    rows.push(update);
  }
  for (const [action, rows] of byAction) {
    const { columns, set } = STATEMENTS[action];
    const json = JSON.stringify(rows.map(({ action: _, ...row }) => row));
    const sql = `UPDATE alerts a SET ${set} FROM jsonb_to_recordset($1::jsonb) AS r(${columns}) WHERE a.id = r.id`;
    // a parameter the statement does not use has no type: the server refuses it
    const updated = await (set.includes('$2') ? tx.$executeRawUnsafe(sql, json, now) : tx.$executeRawUnsafe(sql, json));
    // Every row was read locked in this transaction: a miss is a bug, not a race.
    if (updated !== rows.length) throw new Error(`${action}: ${updated} of ${rows.length} alerts updated`);
  }
}
