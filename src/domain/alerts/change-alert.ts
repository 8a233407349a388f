// What people do to an alert — acknowledge, snooze, resolve — from a slash command, a button or a
// modal. One path for all three: permission by the alert's owning team, the alert locked, a stale
// request refused politely, the change and its audit event written, the message updated in place.
// Several alerts at once (change-alerts-in-bulk.ts) use the same plans and the same writer.
import type { Prisma } from '../../generated/prisma/client.js';
import { AppError } from '../../lib/errors.js';
import type { I18n } from '../../i18n/index.js';
import { actorWords, type Actor } from '../actor.js';
import type { DbClient } from '../audit/record-audit.js';
import type { Deps } from '../deps.js';
import { ALERT_KINDS } from '../kinds/index.js';
import { authorize } from '../permissions/authorize.js';
import type { AlertNoteType } from './alert-notifier.js';
import { loadAlert, loadAlerts, type AlertRecord } from './alert-record.js';
import type { AlertEventType, AlertKind } from './alert-types.js';
import { wasPaged } from './escalation-steps.js';
import { insertAlertEvents } from './insert-alerts.js';
import type { ReconcileDeps } from './reconcile-alerts.js';

export type AlertActionDeps = ReconcileDeps & Pick<Deps, 'directory'>;

/** Which alert, and — from a button — the version the person was looking at. */
export interface AlertRef {
  alertId: number;
  version?: number;
}

/** A snooze may not end in the past nor more than this far ahead. */
export const MAX_SNOOZE_MS = 90 * 86_400_000;

/** The one rule for how long a snooze may be; a modal checks it before submitting too. */
export function isSnoozeInRange(until: Date, now: Date): boolean {
  const ahead = until.getTime() - now.getTime();
  return ahead > 0 && ahead <= MAX_SNOOZE_MS;
}

export type AlertAction = 'acknowledge' | 'snooze' | 'resolve';

/**
 * What one action writes, the same for every alert it applies to: so one alert (a button, `/alerts
 * ack 12`) and many (`/alerts ack kind:stock`, Acknowledge all) share one path.
 */
export interface AlertChangePlan {
  action: AlertAction;
  event: AlertEventType;
  note?: string;
  data: Prisma.AlertUpdateManyMutationInput;
  threadNote?: AlertNoteType;
  /** why an alert that is not resolved still cannot take the change (already acknowledged), if it cannot */
  stale?(alert: AlertRecord): AppError | undefined;
}

export function acknowledgePlan(deps: Pick<AlertActionDeps, 'clock' | 'i18n'>, actor: Actor): AlertChangePlan & { action: 'acknowledge' } {
  const now = deps.clock.now();
  return {
    action: 'acknowledge',
    event: 'acknowledged',
    // Acknowledging a snoozed alert ends the snooze: someone is on it now.
    data: { status: 'acknowledged', acknowledgedAt: now, acknowledgedBy: actor.userId, snoozedAt: null, snoozedBy: null, snoozedUntil: null, snoozeReason: null },
    stale: (alert) =>
      alert.view.status === 'acknowledged'
        ? new AppError('stale', `alert ${alert.view.id} already acknowledged`, {
            userMessage: deps.i18n.t('alert.action.alreadyAcknowledged', { id: alert.view.id, by: byWhom(deps.i18n, alert.view.acknowledgedBy) }),
          })
        : undefined,
  };
}

/** Throws `invalid_input` when the snooze would end in the past or too far ahead. */
export function snoozePlan(deps: Pick<AlertActionDeps, 'clock' | 'i18n'>, actor: Actor, until: Date, reason?: string): AlertChangePlan & { action: 'snooze' } {
  const now = deps.clock.now();
  if (!isSnoozeInRange(until, now)) {
    throw new AppError('invalid_input', `snooze until ${until.toISOString()} out of range`, { userMessage: deps.i18n.t('alert.action.snoozeRange') });
  }
  return {
    action: 'snooze',
    event: 'snoozed',
    note: reason || undefined,
    data: { status: 'snoozed', snoozedAt: now, snoozedBy: actor.userId, snoozedUntil: until, snoozeReason: reason || null },
  };
}

function resolvePlan(deps: Pick<AlertActionDeps, 'clock'>, actor: Actor, note?: string): AlertChangePlan {
  const now = deps.clock.now();
  return {
    action: 'resolve',
    event: 'resolved',
    note: note || undefined,
    threadNote: 'resolved',
    // The next watch cycle checks that the problem is really gone, and re-opens the alert if not.
    data: { status: 'resolved', resolvedAt: now, resolvedBy: actor.userId, resolutionNote: note || null, verifyResolution: true },
  };
}

export function acknowledgeAlert(deps: AlertActionDeps, actor: Actor, ref: AlertRef): Promise<AlertRecord> {
  return changeAlert(deps, actor, ref, acknowledgePlan(deps, actor));
}

export function snoozeAlert(deps: AlertActionDeps, actor: Actor, ref: AlertRef, until: Date, reason?: string): Promise<AlertRecord> {
  return changeAlert(deps, actor, ref, snoozePlan(deps, actor, until, reason));
}

export function resolveAlert(deps: AlertActionDeps, actor: Actor, ref: AlertRef, note?: string): Promise<AlertRecord> {
  return changeAlert(deps, actor, ref, resolvePlan(deps, actor, note));
}

/** "by <@U1>", "pelo console local": never a stored ID such as `local` on its own. */
function byWhom(i18n: I18n, user: string | null): string {
  return actorWords(i18n, user ?? '', 'by') ?? i18n.t('alert.by.user', { user: user ?? '?' });
}

/**
 * What a button checks before opening a modal, so nobody fills in a form for nothing: the alert
 * exists, the person may change it (a refusal is recorded) and it is not resolved. Nothing is
 * written otherwise; the change itself checks all of it again, under a lock.
 */
export async function checkAlertAction(deps: AlertActionDeps, actor: Actor, ref: AlertRef, check: ActionCheck): Promise<AlertRecord> {
  const alert = await loadAlert(deps.db.prisma, ref.alertId);
  if (!alert) throw notFound(deps, ref.alertId);
  if (check.kind && alert.view.kind !== check.kind) {
    throw new AppError('invalid_input', `alert ${ref.alertId} is ${alert.view.kind}, not ${check.kind}`, {
      userMessage: deps.i18n.t('alert.action.wrongKind', { id: ref.alertId }),
    });
  }
  // An action on the alert's subject (Mark paid) is audited against that subject, like its slash command.
  const target = check.kind ? alert.view.subject : `#${ref.alertId}`;
  await authorize(deps, actor, ALERT_KINDS[alert.view.kind].area, check.audit, target);
  if (alert.view.status === 'resolved') throw alreadyResolved(deps, alert);
  return alert;
}

export interface ActionCheck {
  /** the action as recorded in the audit trail when refused, e.g. alerts.snooze or orders.paid */
  audit: string;
  /** the action is on the alert's subject and only makes sense on alerts of this kind (Mark paid on an order alert) */
  kind?: AlertKind;
}

/** Permission by the owning team of the alert's kind; an unknown alert is `not_found`. */
async function authorizeAlertAction(deps: AlertActionDeps, actor: Actor, ref: AlertRef, action: AlertAction): Promise<void> {
  const peek = await deps.db.prisma.alert.findUnique({ where: { id: ref.alertId }, select: { kind: true } });
  if (!peek) throw notFound(deps, ref.alertId);
  // Whoever was paged about it may acknowledge it, even outside the owning team: that is what stops the paging.
  if (action === 'acknowledge' && (await wasPaged(deps.db.prisma, ref.alertId, actor.userId))) return;
  // Checked (and a refusal recorded) outside the change's transaction, so the audit row survives.
  await authorize(deps, actor, ALERT_KINDS[peek.kind].area, `alerts.${action}`, `#${ref.alertId}`);
}

function notFound(deps: Pick<AlertActionDeps, 'i18n'>, id: number): AppError {
  return new AppError('not_found', `no alert ${id}`, { userMessage: deps.i18n.t('alert.action.notFound', { id }) });
}

function alreadyResolved(deps: Pick<AlertActionDeps, 'i18n'>, alert: AlertRecord): AppError {
  const { i18n } = deps;
  const userMessage =
    alert.view.resolvedBy === 'system'
      ? i18n.t('alert.action.alreadyResolvedAutomatically', { id: alert.view.id })
      : i18n.t('alert.action.alreadyResolved', { id: alert.view.id, by: byWhom(i18n, alert.view.resolvedBy) });
  return new AppError('stale', `alert ${alert.view.id} is already resolved`, { userMessage });
}

/**
 * A stale request — the alert was resolved meanwhile — is refused politely and changes nothing.
 * A newer version that is still actionable is acted on: the message re-renders its current state.
 */
async function changeAlert(deps: AlertActionDeps, actor: Actor, ref: AlertRef, plan: AlertChangePlan): Promise<AlertRecord> {
  await authorizeAlertAction(deps, actor, ref, plan.action);

  const record = await deps.db.prisma.$transaction(async (tx) => {
    const alert = await loadAlert(tx, ref.alertId, { lock: true });
    if (!alert) throw notFound(deps, ref.alertId);
    if (alert.view.status === 'resolved') throw alreadyResolved(deps, alert);
    const stale = plan.stale?.(alert);
    if (stale) throw stale;
    return (await writeChange(deps, tx, actor, [alert], plan, { version: ref.version ?? null })).get(alert.view.id)!;
  });
  deps.notifier.afterCommit();
  return record;
}

/**
 * Writes `plan` to alerts locked by the caller's transaction and found changeable: one update for
 * all, an event each, and their messages queued together — so a group's message is updated once.
 */
export async function writeChange(
  deps: Pick<AlertActionDeps, 'clock' | 'notifier'>,
  tx: DbClient,
  actor: Actor,
  alerts: readonly AlertRecord[],
  plan: AlertChangePlan,
  eventData: Prisma.InputJsonObject,
): Promise<Map<number, AlertRecord>> {
  const now = deps.clock.now();
  const ids = alerts.map((a) => a.view.id);
  await tx.alert.updateMany({ where: { id: { in: ids } }, data: { ...plan.data, lastChangedAt: now, version: { increment: 1 } } });
  // One statement for a bulk action's events (Prisma's createManyAndReturn costs ~0.3 ms a row).
  const eventIds = await insertAlertEvents(
    tx,
    ids.map((alertId) => ({ alertId, type: plan.event, actor: actor.userId, note: plan.note ?? null, data: eventData, createdAt: now })),
  );
  const fresh = await loadAlerts(tx, ids);
  const note = plan.threadNote ? { type: plan.threadNote } : undefined;
  await deps.notifier.changed(tx, ids.map((id, i) => ({ alert: fresh.get(id)!, eventId: eventIds[i]!, note })));
  return fresh;
}
