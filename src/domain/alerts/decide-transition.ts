// What one reconcile step does to one fingerprint, as a pure function of what the watcher found
// and the stored alert — the whole lifecycle in one place, with no database and no clock of its own.
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
  /** materially different: message updated (a thread note when worse) */
  | { action: 'refresh'; change: 'worsened' | 'improved'; wake: boolean }
  /** a snooze ended and the problem is still there */
  | { action: 'wake' }
  /** open, not acknowledged, and quiet for REMIND_AFTER */
  | { action: 'remind' };

export interface DecideContext {
  now: Date;
  remindAfterMs: number;
  /** the watcher's "how bad within the kind" measure */
  step(details: AlertDetails): number;
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

  const severityDelta = SEVERITY_RANK[finding.severity] - SEVERITY_RANK[view.severity];
  const stepDelta = ctx.step(finding.details) - ctx.step(view.details);
  if (severityDelta > 0 || (severityDelta === 0 && stepDelta > 0)) return { action: 'refresh', change: 'worsened', wake };
  if (severityDelta < 0 || stepDelta < 0) return { action: 'refresh', change: 'improved', wake };
  if (wake) return { action: 'wake' };

  if (view.status === 'open') {
    const quietSince = alert.lastRemindedAt ?? view.openedAt;
    if (ctx.now.getTime() - quietSince.getTime() >= ctx.remindAfterMs) return { action: 'remind' };
  }
  return { action: 'none' };
}
