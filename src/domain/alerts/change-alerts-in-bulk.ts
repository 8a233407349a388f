// Acknowledge or snooze several alerts at once: `/alerts ack 12 13 15`, `/alerts snooze kind:stock
// 1d`, a grouped message's Acknowledge all / Snooze all. Each alert is treated as a single one
// would be — permission by its owning team (a refusal recorded), locked, skipped when resolved or
// already acknowledged, an event of its own — and the outcome says what happened to every one.
import type { Prisma } from '../../generated/prisma/client.js';
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../actor.js';
import { recordAudit, recordAudits } from '../audit/record-audit.js';
import { ALERT_KINDS } from '../kinds/index.js';
import { authorize, isAllowed, refusalMessage, type Area } from '../permissions/authorize.js';
import { loadAlerts, type AlertRecord } from './alert-record.js';
import { pagedTo } from './escalation-steps.js';
import { selectAlerts, type AlertSelection } from './alert-selection.js';
import type { AlertKind } from './alert-types.js';
import { acknowledgePlan, snoozePlan, writeChange, type AlertActionDeps, type AlertChangePlan } from './change-alert.js';

/**
 * Alerts changed per transaction. A batch commits as a whole (a grouped message is updated once
 * per batch, not once per alert); a batch that fails is retried one alert per transaction, so one
 * bad alert never takes the others down with it and none is ever half-written.
 */
export const BULK_BATCH = 500;

export type BulkAction = 'acknowledge' | 'snooze';

export interface BulkOutcome {
  action: BulkAction;
  selection: AlertSelection;
  /** how many alerts the numbers named (found or not) or the filters matched */
  matched: number;
  done: number[];
  /** acknowledged already (nothing to do) */
  already: number[];
  /** resolved before the change reached them */
  resolved: number[];
  /** numbers typed that are no alert */
  notFound: number[];
  /** per team the person may not change: why (who to ask) and which alerts */
  refused: { reason: string; ids: number[] }[];
  /** could not be written (logged); trying again may work */
  failed: number[];
}

type BulkPlan = AlertChangePlan & { action: BulkAction };

export function acknowledgeAlerts(deps: AlertActionDeps, actor: Actor, selection: AlertSelection): Promise<BulkOutcome> {
  return changeAlertsInBulk(deps, actor, selection, acknowledgePlan(deps, actor));
}

/** Throws `invalid_input` (nothing written) when the snooze would end in the past or too far ahead. */
export function snoozeAlerts(deps: AlertActionDeps, actor: Actor, selection: AlertSelection, until: Date, reason?: string): Promise<BulkOutcome> {
  return changeAlertsInBulk(deps, actor, selection, snoozePlan(deps, actor, until, reason));
}

async function changeAlertsInBulk(deps: AlertActionDeps, actor: Actor, selection: AlertSelection, plan: BulkPlan): Promise<BulkOutcome> {
  const { action } = plan;
  const selected = await selectAlerts(deps.db.prisma, selection);
  const found = new Set(selected.map((a) => a.id));
  const outcome: BulkOutcome = {
    action,
    selection,
    matched: 'ids' in selection ? selection.ids.length : selected.length,
    done: [],
    already: [],
    resolved: [],
    notFound: 'ids' in selection ? selection.ids.filter((id) => !found.has(id)) : [],
    refused: [],
    failed: [],
  };

  // Permission per alert, by its kind's team: asked once per team, a refusal recorded per alert
  // (outside the changes' transactions, so the audit rows survive whatever happens next).
  const allowed: number[] = [];
  const refusedByArea = new Map<Area, number[]>();
  const areaAllowed = new Map<Area, boolean>();
  for (const { id, kind } of selected) {
    const area = ALERT_KINDS[kind].area;
    if (!areaAllowed.has(area)) areaAllowed.set(area, await isAllowed(deps, actor, area));
    if (areaAllowed.get(area)) allowed.push(id);
    else if (refusedByArea.has(area)) refusedByArea.get(area)!.push(id);
    else refusedByArea.set(area, [id]);
  }
  // Whoever was paged about an alert may acknowledge it, team or not (as with a single ack).
  if (action === 'acknowledge' && refusedByArea.size > 0) {
    const paged = await pagedTo(deps.db.prisma, [...refusedByArea.values()].flat(), actor.userId);
    for (const [area, ids] of refusedByArea) {
      allowed.push(...ids.filter((id) => paged.has(id)));
      const still = ids.filter((id) => !paged.has(id));
      if (still.length > 0) refusedByArea.set(area, still);
      else refusedByArea.delete(area);
    }
  }
  if (refusedByArea.size > 0) {
    const at = deps.clock.now();
    await recordAudits(
      deps.db.prisma,
      [...refusedByArea].flatMap(([area, ids]) => ids.map((id) => ({ actor: actor.userId, action: `alerts.${action}`, target: `#${id}`, outcome: 'refused' as const, details: { area }, at }))),
    );
    outcome.refused = [...refusedByArea].map(([area, ids]) => ({ reason: refusalMessage(deps, area), ids }));
  }

  for (let start = 0; start < allowed.length; start += BULK_BATCH) {
    const batch = allowed.slice(start, start + BULK_BATCH);
    try {
      await changeBatch(deps, actor, batch, plan, outcome);
    } catch (error) {
      deps.logger.warn({ err: error, alerts: batch.length }, 'bulk alert change failed for a batch; trying its alerts one by one');
      for (const id of batch) {
        try {
          await changeBatch(deps, actor, [id], plan, outcome);
        } catch (single) {
          deps.logger.warn({ err: single, alertId: id }, 'bulk alert change failed for one alert');
          outcome.failed.push(id);
        }
      }
    }
  }
  deps.notifier.afterCommit();

  await recordAudit(deps.db.prisma, {
    actor: actor.userId,
    action: `alerts.${action}.bulk`,
    target: selectionTarget(selection),
    outcome: outcome.done.length === 0 && outcome.refused.length > 0 ? 'refused' : 'ok',
    details: auditDetails(outcome, plan),
    at: deps.clock.now(),
  });
  return outcome;
}

/**
 * One transaction: lock the batch's alerts, sort out those that cannot take the change, write it
 * to the rest. The outcome is only filled once the transaction has committed.
 */
async function changeBatch(deps: AlertActionDeps, actor: Actor, ids: number[], plan: AlertChangePlan, outcome: BulkOutcome): Promise<void> {
  const sorted = await deps.db.prisma.$transaction(
    async (tx) => {
      const alerts = await loadAlerts(tx, ids, { lock: true });
      const result = { done: [] as number[], already: [] as number[], resolved: [] as number[], notFound: [] as number[] };
      const changeable: AlertRecord[] = [];
      for (const id of ids) {
        const alert = alerts.get(id);
        if (!alert) result.notFound.push(id);
        else if (alert.view.status === 'resolved') result.resolved.push(id);
        else if (plan.stale?.(alert)) result.already.push(id);
        else changeable.push(alert);
      }
      if (changeable.length > 0) await writeChange(deps, tx, actor, changeable, plan, { version: null, bulk: true });
      result.done = changeable.map((a) => a.view.id);
      return result;
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
  outcome.done.push(...sorted.done);
  outcome.already.push(...sorted.already);
  outcome.resolved.push(...sorted.resolved);
  outcome.notFound.push(...sorted.notFound);
}

/** The selection as the audit trail shows it: `#12 #13`, or the filters as typed in canonical form. */
function selectionTarget(selection: AlertSelection): string {
  if ('ids' in selection) return selection.ids.map((id) => `#${id}`).join(' ').slice(0, 500);
  const { kinds, customer, groupId } = selection.filter;
  return [kinds && `kind:${kinds.join(',')}`, customer !== undefined && `customer:${JSON.stringify(customer)}`, groupId !== undefined && `group:${groupId}`]
    .filter(Boolean)
    .join(' ');
}

function auditDetails(outcome: BulkOutcome, plan: AlertChangePlan): Prisma.InputJsonObject {
  const refused = outcome.refused.reduce((n, r) => n + r.ids.length, 0);
  return {
    matched: outcome.matched,
    done: outcome.done.length,
    already: outcome.already.length,
    resolved: outcome.resolved.length,
    notFound: outcome.notFound.length,
    refused,
    failed: outcome.failed.length,
    ...(plan.action === 'snooze' ? { until: (plan.data.snoozedUntil as Date).toISOString(), reason: plan.note ?? null } : {}),
  };
}

export interface GroupSummary {
  id: number;
  kind: AlertKind;
  /** its alerts not yet resolved */
  active: number;
}

/**
 * What Snooze all checks before opening its modal, so nobody fills in a form for nothing: the
 * grouped message exists, the person may change its kind (a refusal is recorded) and something in
 * it is not resolved yet. Each alert is checked again when the snooze is applied.
 */
export async function checkGroupAction(deps: AlertActionDeps, actor: Actor, groupId: number, action: BulkAction): Promise<GroupSummary> {
  const group = await deps.db.prisma.alertGroup.findUnique({ where: { id: groupId }, select: { id: true, kind: true } });
  if (!group) {
    throw new AppError('not_found', `no alert group ${groupId}`, { userMessage: deps.i18n.t('alerts.bulk.groupNotFound', { id: groupId }) });
  }
  await authorize(deps, actor, ALERT_KINDS[group.kind].area, `alerts.${action}`, `group:${groupId}`);
  const active = await deps.db.prisma.alert.count({ where: { groupId, status: { not: 'resolved' } } });
  if (active === 0) {
    throw new AppError('stale', `alert group ${groupId} is all resolved`, { userMessage: deps.i18n.t('alerts.bulk.groupResolved', { id: groupId }) });
  }
  return { id: group.id, kind: group.kind, active };
}

