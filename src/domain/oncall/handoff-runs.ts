// On-call hand-offs already announced (handoff_runs), and what an announcement says: who takes over
// from whom, until when, and the critical alerts not yet resolved.
import type { DbClient } from '../audit/record-audit.js';
import { toAlertRecord, type AlertRecord } from '../alerts/alert-record.js';
import type { Deps } from '../deps.js';
import { handoffToAnnounce, HANDOFF_LOOKBACK_MS, type Handoff } from './handoff-rule.js';
import { loadSchedule } from './who-is-on-call.js';

export interface HandoffAnnouncement extends Handoff {
  /** critical alerts not resolved (open first, then acknowledged, snoozed; oldest first) */
  critical: { total: number; listed: AlertRecord[] };
}

/** The hand-off that started the current shift, read from the database; undefined if none. */
export async function currentHandoff(deps: Pick<Deps, 'db' | 'config'>, now: Date): Promise<Handoff | undefined> {
  const [schedule, last] = await Promise.all([
    loadSchedule(deps.db.prisma, new Date(now.getTime() - HANDOFF_LOOKBACK_MS)),
    deps.db.prisma.handoffRun.findFirst({ orderBy: { handoffAt: 'desc' }, select: { handoffAt: true, userId: true } }),
  ]);
  return handoffToAnnounce(schedule, now, deps.config.timezone, last ? { at: last.handoffAt, userId: last.userId } : undefined);
}

export async function hasHandoffRun(db: DbClient, at: Date): Promise<boolean> {
  return (await db.handoffRun.count({ where: { handoffAt: at } })) > 0;
}

/** The critical alerts to hand over: `limit` listed, all counted. */
export async function loadCriticalAlerts(db: DbClient, limit: number): Promise<HandoffAnnouncement['critical']> {
  const where = { severity: 'critical', status: { not: 'resolved' } } as const;
  const [total, rows] = await Promise.all([
    db.alert.count({ where }),
    // The status enum sorts open, acknowledged, snoozed: what needs someone first.
    db.alert.findMany({ where, orderBy: [{ status: 'asc' }, { openedAt: 'asc' }, { id: 'asc' }], take: limit }),
  ]);
  return { total, listed: rows.map((row) => toAlertRecord(row, null)) };
}

/**
 * Records the hand-off; false when it already exists (another instance, or this one before a
 * restart, took it). Call it in the transaction that queues its messages, so a hand-off is
 * announced exactly when its run is recorded.
 */
export async function insertHandoffRun(db: DbClient, announcement: HandoffAnnouncement, now: Date): Promise<boolean> {
  const inserted = await db.$executeRaw`
    INSERT INTO handoff_runs (handoff_at, user_id, previous_user_id, critical_open, created_at)
    VALUES (${announcement.at}, ${announcement.to.userId}, ${announcement.from?.userId ?? null}, ${announcement.critical.total}, ${now})
    ON CONFLICT (handoff_at) DO NOTHING`;
  return inserted === 1;
}
