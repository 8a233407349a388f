// The escalation job: pages people about critical alerts left unacknowledged (decide-escalation.ts
// says who and when). Each step is recorded — alerts.escalation_level / escalated_at, an
// `escalated` alert event, an audit event — in the same transaction as its outbox rows (the DM
// copies and the thread mention), under the alert's row lock, with keys derived from the alert,
// its episode, the level and the person. So a step is taken once: a second instance, a retried
// transaction or a restart finds the level already moved and queues nothing again.
import { clockAt } from '../../lib/clock.js';
import { isSlackUserId } from '../../lib/slack-ids.js';
import { recordAudit, type DbClient } from '../audit/record-audit.js';
import type { Deps } from '../deps.js';
import { whoIsOnCall } from '../oncall/who-is-on-call.js';
import { loadAlert } from './alert-record.js';
import type { AlertStatus, Severity } from './alert-types.js';
import { ADMINS_LEVEL, decideEscalation, type EscalationContext, type EscalationState } from './decide-escalation.js';
import { CURRENT_EPISODE_STEP, type EscalationStepRecord } from './escalation-steps.js';
import { SYSTEM_ACTOR } from './reconcile-alerts.js';

export type EscalationDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'logger' | 'notifier'>;

/** candidates read per query */
const PAGE_SIZE = 200;

/**
 * How often the job looks: every 15 s when ESCALATE_AFTER is short (a 45s step is then at most
 * 15 s late), every minute otherwise. Seconds-resolution node-cron expressions.
 */
export function escalationCron(escalateAfterMs: number): string {
  return escalateAfterMs <= 2 * 60_000 ? '*/15 * * * * *' : '0 * * * * *';
}

interface CandidateRow {
  id: number;
  status: AlertStatus;
  severity: Severity;
  escalation_level: number;
  escalated_at: Date | null;
  reopen_count: number;
  attention_since: Date;
  paged: string[];
}

// Since when the alert has been open and critical: its latest opening, re-opening, wake-up or
// change to critical (worsened, or its details upgraded from an older format: `migrated`).
// `paged`: who got a DM in the current episode.
const CANDIDATES_SQL = `
SELECT a.id, a.status, a.severity, a.escalation_level, a.escalated_at, a.reopen_count,
  COALESCE((SELECT max(e.created_at) FROM alert_events e
            WHERE e.alert_id = a.id
              AND (e.type IN ('opened', 'reopened', 'woke')
                   OR (e.type IN ('worsened', 'migrated') AND e.data->>'to' = 'critical' AND e.data->>'from' <> 'critical'))),
           a.opened_at) AS attention_since,
  COALESCE((SELECT jsonb_agg(DISTINCT u.value) FROM alert_events e, jsonb_array_elements_text(e.data->'users') u
            WHERE e.alert_id = a.id AND ${CURRENT_EPISODE_STEP}),
           '[]'::jsonb) AS paged
FROM alerts a
WHERE a.status = 'open' AND a.severity = 'critical' AND a.escalation_level < $1
  AND a.id > $2 AND ($3::int IS NULL OR a.id = $3::int)
ORDER BY a.id
LIMIT $4`;

function candidates(db: DbClient, after: number, options: { onlyId?: number; limit: number }): Promise<CandidateRow[]> {
  return db.$queryRawUnsafe<CandidateRow[]>(CANDIDATES_SQL, ADMINS_LEVEL, after, options.onlyId ?? null, options.limit);
}

function stateOf(row: CandidateRow): EscalationState {
  return {
    status: row.status,
    severity: row.severity,
    level: row.escalation_level,
    escalatedAt: row.escalated_at,
    attentionSince: row.attention_since,
    paged: row.paged,
  };
}

export interface EscalationReport {
  /** alerts that took a step in this run */
  escalated: number;
}

/** One run of the job: every due step of every open critical alert, with the clock's now. */
export async function escalateAlerts(deps: EscalationDeps): Promise<EscalationReport> {
  const { db, config, logger } = deps;
  const now = deps.clock.now();
  const onCall = await whoIsOnCall({ ...deps, clock: clockAt(now) });
  const ctx: EscalationContext = {
    now,
    escalateAfterMs: config.escalateAfterMs,
    onCall: { current: onCall.current?.userId ?? null, next: onCall.next?.userId ?? null },
    admins: config.teams.admins,
  };
  let escalated = 0;
  for (let after = 0; ; ) {
    const page = await candidates(db.prisma, after, { limit: PAGE_SIZE });
    for (const row of page) {
      // Most candidates are not due: decide from the unlocked read first.
      if (decideEscalation(stateOf(row), ctx).action === 'none') continue;
      if (await escalateOne(deps, row.id, ctx)) escalated++;
    }
    if (page.length < PAGE_SIZE) break;
    after = page[page.length - 1]!.id;
  }
  if (escalated > 0) logger.info({ escalated }, 'critical alerts escalated');
  return { escalated };
}

/** Takes the alert's due step under its row lock, deciding again from what is committed now. */
async function escalateOne(deps: EscalationDeps, alertId: number, ctx: EscalationContext): Promise<boolean> {
  const stepped = await deps.db.prisma.$transaction(async (tx) => {
    await tx.$queryRawUnsafe(`SELECT id FROM alerts WHERE id = $1 FOR UPDATE`, alertId);
    const [row] = await candidates(tx, 0, { onlyId: alertId, limit: 1 });
    // Acknowledged, snoozed, resolved or stepped by someone else meanwhile.
    const decision = row ? decideEscalation(stateOf(row), ctx) : ({ action: 'none' } as const);
    if (decision.action === 'none') return false;

    const { level, reason, targets } = decision;
    const step: EscalationStepRecord = {
      level,
      reason,
      users: targets.filter(isSlackUserId),
      groups: targets.filter((t) => !isSlackUserId(t)),
      episode: row!.reopen_count,
    };
    await tx.alert.update({ where: { id: alertId }, data: { escalationLevel: level, escalatedAt: ctx.now } });
    await tx.alertEvent.create({ data: { alertId, type: 'escalated', actor: SYSTEM_ACTOR, data: { ...step }, createdAt: ctx.now } });
    await recordAudit(tx, { actor: SYSTEM_ACTOR, action: 'alerts.escalate', target: `#${alertId}`, outcome: 'ok', details: { ...step }, at: ctx.now });
    const alert = (await loadAlert(tx, alertId))!;
    await deps.notifier.escalated(tx, { alert, level, reason, users: step.users, groups: step.groups });
    deps.logger.info({ alert: alertId, ...step }, 'critical alert escalated');
    return true;
  });
  if (stepped) deps.notifier.afterCommit();
  return stepped;
}
