// The on-call hand-off announcement. Each hand-off (the instant someone else went on call) is
// announced once, whichever instance runs the job and however often: the handoff_runs row, the
// outbox rows (a note in DIGEST_CHANNEL, a DM to the incoming person) and the audit entry are
// written in one transaction, and the row's unique instant makes every later attempt insert
// nothing. Started after a missed hand-off (the bot was down), the job announces it if it is still
// that person's shift; a shift already over is not announced late.
import { HANDOFF_DM_LISTED, renderHandoffDm, renderHandoffNote } from '../blocks/oncall/render-handoff.js';
import { SYSTEM_ACTOR } from '../domain/alerts/reconcile-alerts.js';
import { recordAudit } from '../domain/audit/record-audit.js';
import type { Deps } from '../domain/deps.js';
import { digestChannel } from '../domain/digest/digest-runs.js';
import { currentHandoff, hasHandoffRun, insertHandoffRun, loadCriticalAlerts } from '../domain/oncall/handoff-runs.js';
import { isSlackUserId } from '../lib/slack-ids.js';
import { enqueueMessages, type NewOutboxMessage, type OutboxSignal } from './enqueue.js';

export type HandoffOutcome =
  /** announced: the note (when there is a channel) and the DM queued */
  | { status: 'announced'; at: Date; userId: string; keys: string[] }
  /** this hand-off was already announced (by another instance, or before a restart) */
  | { status: 'done'; at: Date }
  /** nobody is on call, or nobody took over within the look-back */
  | { status: 'none' };

/**
 * The job looks every minute: hand-offs fall on a minute (Monday 09:00) or at an override's start
 * or end, and the look costs two small queries.
 */
export const HANDOFF_CRON = '* * * * *';

/** `handoff:2037-11-23T12:00:00.000Z`: the hand-off instant identifies its messages. */
export function handoffKey(at: Date): string {
  return `handoff:${at.toISOString()}`;
}

export async function postHandoff(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'i18n' | 'logger'>, signal?: OutboxSignal): Promise<HandoffOutcome> {
  const { config, db, i18n, logger } = deps;
  const now = deps.clock.now();
  const handoff = await currentHandoff(deps, now);
  if (!handoff) return { status: 'none' };
  // Cheap check first: nearly every run finds the current shift announced.
  if (await hasHandoffRun(db.prisma, handoff.at)) return { status: 'done', at: handoff.at };

  const announcement = { ...handoff, critical: await loadCriticalAlerts(db.prisma, HANDOFF_DM_LISTED) };
  const key = handoffKey(handoff.at);
  const channel = digestChannel(config);
  const userId = handoff.to.userId;
  const rows: NewOutboxMessage[] = [];
  if (channel) rows.push({ key: `${key}:note`, channel, op: 'post', payload: renderHandoffNote(i18n, announcement) });
  // The outbox opens the DM from the user ID (a user group cannot be sent one).
  if (isSlackUserId(userId)) rows.push({ key: `${key}:dm`, channel: userId, op: 'post', payload: renderHandoffDm(i18n, announcement) });

  const inserted = await db.prisma.$transaction(async (tx) => {
    if (!(await insertHandoffRun(tx, announcement, now))) return false;
    await enqueueMessages(tx, rows);
    await recordAudit(tx, {
      actor: SYSTEM_ACTOR,
      action: 'oncall.handoff',
      target: userId,
      outcome: 'ok',
      details: {
        at: handoff.at.toISOString(),
        from: handoff.from?.userId ?? null,
        source: handoff.to.source,
        until: handoff.until?.toISOString() ?? null,
        criticalOpen: announcement.critical.total,
        messages: rows.map((row) => row.key),
      },
      at: now,
    });
    return true;
  });
  if (!inserted) return { status: 'done', at: handoff.at };
  signal?.notify();
  logger.info({ at: handoff.at, userId, from: handoff.from?.userId, criticalOpen: announcement.critical.total }, 'on-call hand-off queued');
  return { status: 'announced', at: handoff.at, userId, keys: rows.map((row) => row.key) };
}
