// What one reconcile step does to one fingerprint, as a pure function of what the watcher found
// and the stored alert — the whole lifecycle in one place, with no database and no clock of its own.
import { isWithinBusinessHours, nextBusinessStart, type BusinessHours, type HolidayPredicate } from '../../lib/time/business-hours.js';
import type { Finding } from '../watchers/watcher.js';
import type { AlertRecord } from './alert-record.js';
import { SEVERITY_RANK, type AlertDetails, type AlertStatus, type Severity } from './alert-types.js';

/** What the decision needs to know about the stored alert. */
export interface AlertState {
  status: AlertStatus;
  severity: Severity;
  details: AlertDetails;
  snoozedUntil: Date | null;
  openedAt: Date;
  acknowledgedAt: Date | null;
  lastRemindedAt: Date | null;
  verifyResolution: boolean;
}

export function stateOf(record: AlertRecord): AlertState {
  const { view } = record;
  return {
    status: view.status,
    severity: view.severity,
    details: view.details,
    snoozedUntil: view.snoozedUntil,
    openedAt: view.openedAt,
    acknowledgedAt: view.acknowledgedAt,
    lastRemindedAt: record.lastRemindedAt,
    verifyResolution: record.verifyResolution,
  };
}

export type Decision =
  | { action: 'none' }
  /** a new problem */
  | { action: 'open' }
  /** resolved by a person but still true: back to open */
  | { action: 'reopen' }
  /** resolved by a person and really gone: stop checking */
  | { action: 'confirm-resolution' }
  /** the problem is gone */
  | { action: 'auto-resolve' }
  /**
   * materially different: message updated (a thread note when worse); `migrated`: stored by an
   * older version, `updated`: other figures shown, both restated quietly
   */
  | { action: 'refresh'; change: 'worsened' | 'improved' | 'migrated' | 'updated'; wake: boolean }
  /** a snooze ended and the problem is still there */
  | { action: 'wake' }
  /** open, not acknowledged, and quiet for REMIND_AFTER */
  | { action: 'remind' }
  /** acknowledged but unresolved, and quiet for REMIND_ACKED_AFTER since the ack (or the last reminder) */
  | { action: 'remind-acknowledged' }
  /** a reminder of a non-critical alert is due outside business hours: it waits for `until` (the next opening) */
  | { action: 'hold'; until: Date | undefined };

export interface DecideContext {
  now: Date;
  remindAfterMs: number;
  remindAckedAfterMs: number;
  /** reminders of non-critical alerts wait for these, in `timezone`; critical ones go at any hour */
  businessHours: BusinessHours;
  timezone: string;
  /** days off besides the closed weekdays; none by default */
  isHoliday?: HolidayPredicate;
  /** the watcher's "how bad within the kind" measure (undefined: details from an older version) */
  step(details: AlertDetails): number | undefined;
  /** the figures the message shows, compared as they are: a change within the same step restates the message */
  figures(details: AlertDetails): string;
}

export function decide(finding: Finding | undefined, alert: AlertState | undefined, ctx: DecideContext): Decision {
  if (!alert) return finding ? { action: 'open' } : { action: 'none' };
  const view = alert;
  if (view.status === 'resolved') {
    // Only resolved alerts awaiting verification reach the reconciler.
    if (!alert.verifyResolution) return finding ? { action: 'open' } : { action: 'none' };
    return finding ? { action: 'reopen' } : { action: 'confirm-resolution' };
  }
  if (!finding) return { action: 'auto-resolve' };

  const sleeping = view.status === 'snoozed' && view.snoozedUntil !== null && view.snoozedUntil > ctx.now;
  if (sleeping) return { action: 'none' };
  const wake = view.status === 'snoozed';

  // Details an older version stored cannot be compared: restate them quietly, or an upgrade would
  // post a "worsened" note on every open alert of the kind at once.
  const before = ctx.step(view.details);
  if (before === undefined) return { action: 'refresh', change: 'migrated', wake };
  const severityDelta = SEVERITY_RANK[finding.severity] - SEVERITY_RANK[view.severity];
  const stepDelta = (ctx.step(finding.details) ?? 0) - before;
  if (severityDelta > 0 || (severityDelta === 0 && stepDelta > 0)) return { action: 'refresh', change: 'worsened', wake };
  if (severityDelta < 0 || stepDelta < 0) return { action: 'refresh', change: 'improved', wake };
  // Better but not fixed (or a little worse) within the step: no note, but never stale figures.
  if (ctx.figures(finding.details) !== ctx.figures(view.details)) return { action: 'refresh', change: 'updated', wake };
  if (wake) return { action: 'wake' };

  const reminder = dueReminder(alert, ctx);
  if (reminder.action === 'none' || finding.severity === 'critical') return reminder;
  if (isWithinBusinessHours(ctx.now, ctx.businessHours, ctx.timezone, ctx.isHoliday)) return reminder;
  return { action: 'hold', until: nextBusinessStart(ctx.now, ctx.businessHours, ctx.timezone, ctx.isHoliday) };
}

/** The reminder due for a still-true, unchanged alert, at any hour. */
function dueReminder(alert: AlertState, ctx: DecideContext): Extract<Decision, { action: 'none' | 'remind' | 'remind-acknowledged' }> {
  const quietFor = (since: Date) => ctx.now.getTime() - since.getTime();
  if (alert.status === 'open') {
    return quietFor(alert.lastRemindedAt ?? alert.openedAt) >= ctx.remindAfterMs ? { action: 'remind' } : { action: 'none' };
  }
  if (alert.status === 'acknowledged') {
    // Counted from the ack: a reminder sent while it was still unacknowledged does not count.
    const acked = alert.acknowledgedAt ?? alert.openedAt;
    const since = alert.lastRemindedAt && alert.lastRemindedAt > acked ? alert.lastRemindedAt : acked;
    return quietFor(since) >= ctx.remindAckedAfterMs ? { action: 'remind-acknowledged' } : { action: 'none' };
  }
  return { action: 'none' };
}
