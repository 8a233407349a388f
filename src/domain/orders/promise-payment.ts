// A promise to pay puts the order's alert to sleep until that date, 09:00 in BOT_TIMEZONE. It does
// not resolve it: if the order is still unpaid then, the alert wakes up (the reconciler's "wake").
import type { I18n } from '../../i18n/index.js';
import { AppError } from '../../lib/errors.js';
import { addDays, dateInZone, toDbDate, zonedInstant, type CalendarDate } from '../../lib/time/calendar.js';
import type { Actor } from '../actor.js';
import { MAX_SNOOZE_MS, snoozeAlert, type AlertActionDeps } from '../alerts/change-alert.js';
import { SNOOZE_UNTIL_HOUR } from '../alerts/reconcile-alerts.js';
import { changeOrder, type OrderChange } from './change-order.js';
import { orderAlertFingerprint } from './order-record.js';

/** As far ahead as an alert may be snoozed. */
export const PROMISE_MAX_DAYS = 90;

export interface PromiseResult extends OrderChange {
  date: CalendarDate;
  /** the order's alert, now asleep; null when it had none (a new one will start asleep) */
  snoozed: { alertId: number; until: Date } | null;
}

/** A promised date is after today and at most PROMISE_MAX_DAYS ahead; throws an `invalid_input` AppError otherwise. */
export function checkPromiseDate(i18n: I18n, today: CalendarDate, date: CalendarDate): void {
  if (date <= today) {
    throw new AppError('invalid_input', `promise date ${date} not after ${today}`, { userMessage: i18n.t('orders.promise.notFuture', { today: i18n.date(today) }) });
  }
  const max = addDays(today, PROMISE_MAX_DAYS);
  if (date > max) {
    throw new AppError('invalid_input', `promise date ${date} after ${max}`, {
      userMessage: i18n.t('orders.promise.tooFar', { days: PROMISE_MAX_DAYS, max: i18n.date(max) }),
    });
  }
}

export async function promisePayment(deps: AlertActionDeps, actor: Actor, number: string, date: CalendarDate): Promise<PromiseResult> {
  checkPromiseDate(deps.i18n, dateInZone(deps.clock.now(), deps.config.timezone), date);
  const change = await changeOrder(deps, actor, number, 'promise', () => ({ promisedDate: toDbDate(date) }));
  // After the order's own transaction: snoozing locks the alert and queues its message update.
  const snoozed = await snoozeOrderAlert(deps, actor, change.after.number, date);
  return { ...change, date, snoozed };
}

async function snoozeOrderAlert(deps: AlertActionDeps, actor: Actor, number: string, date: CalendarDate): Promise<PromiseResult['snoozed']> {
  const alert = await deps.db.prisma.alert.findFirst({
    where: { fingerprint: orderAlertFingerprint(number), status: { not: 'resolved' } },
    select: { id: true },
  });
  // No alert yet: the promised date is stored, and the watcher opens the alert already asleep.
  if (!alert) return null;
  const now = deps.clock.now();
  // A date exactly PROMISE_MAX_DAYS ahead, promised before 09:00, would end a few hours past the
  // snooze limit: that alert wakes up earlier that morning instead.
  const until = new Date(Math.min(zonedInstant(date, SNOOZE_UNTIL_HOUR, 0, deps.config.timezone).getTime(), now.getTime() + MAX_SNOOZE_MS));
  const reason = deps.i18n.t('orders.promise.snoozeReason', { date: deps.i18n.date(date) });
  try {
    await snoozeAlert(deps, actor, { alertId: alert.id }, until, reason);
    return { alertId: alert.id, until };
  } catch (error) {
    // The promise is committed; an alert resolved meanwhile, or a failure here, is the watcher's to settle.
    deps.logger.warn({ err: error, alert: alert.id }, 'could not snooze the alert of a promised order');
    return null;
  }
}
