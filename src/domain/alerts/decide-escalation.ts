// Who is paged about an unacknowledged critical alert, and when, as a pure function of the alert's
// escalation state, the time and who is on call — the whole ladder in one place, like
// decide-transition.ts for the lifecycle.
//
// The ladder, one step per ESCALATE_AFTER while the alert stays open (not acknowledged, snoozed or
// resolved) and critical:
//   level 1 — whoever is on call now;
//   level 2 — the next person in the rotation (or whoever took over since, if not paged yet);
//   level 3 — ADMIN_USERS, the last step.
// A step with nobody to page goes straight to the admins' step and says why: nobody on call at
// level 1 (`nobody_on_call`), nobody new to page at level 2 (`admins`). Without ADMIN_USERS the
// ladder simply ends. A reopened alert starts a new episode at level 0.
import type { AlertStatus, Severity } from './alert-types.js';

export const ON_CALL_LEVEL = 1;
export const NEXT_LEVEL = 2;
export const ADMINS_LEVEL = 3;

export type EscalationReason = 'on_call' | 'next_in_rotation' | 'admins' | 'nobody_on_call';

/** What the decision needs to know about the alert. */
export interface EscalationState {
  status: AlertStatus;
  severity: Severity;
  /** the last step taken in this episode; 0 before the first */
  level: number;
  /** when that step was taken */
  escalatedAt: Date | null;
  /**
   * Since when the alert has been open and critical without a break: it opened, re-opened, woke
   * from a snooze, or worsened to critical — whichever came last.
   */
  attentionSince: Date;
  /** user IDs already paged in this episode */
  paged: readonly string[];
}

export interface EscalationContext {
  now: Date;
  escalateAfterMs: number;
  /** user IDs: on call now, and who takes over next (null: nobody) */
  onCall: { current: string | null; next: string | null };
  /** ADMIN_USERS: user IDs and user-group IDs */
  admins: readonly string[];
}

export type EscalationDecision =
  | { action: 'none' }
  | { action: 'escalate'; level: number; targets: string[]; reason: EscalationReason };

export function decideEscalation(alert: EscalationState, ctx: EscalationContext): EscalationDecision {
  // Acknowledged, snoozed (even past its end, until the watcher wakes it) or resolved: nobody is paged.
  if (alert.status !== 'open' || alert.severity !== 'critical') return { action: 'none' };
  if (alert.level >= ADMINS_LEVEL) return { action: 'none' };

  // Each step waits ESCALATE_AFTER from the previous one, and from the alert's latest return to attention.
  const since = Math.max(alert.attentionSince.getTime(), alert.escalatedAt?.getTime() ?? -Infinity);
  if (ctx.now.getTime() - since < ctx.escalateAfterMs) return { action: 'none' };

  const admins = (reason: EscalationReason): EscalationDecision =>
    ctx.admins.length > 0 ? { action: 'escalate', level: ADMINS_LEVEL, targets: [...new Set(ctx.admins)], reason } : { action: 'none' };

  if (alert.level < ON_CALL_LEVEL) {
    return ctx.onCall.current ? { action: 'escalate', level: ON_CALL_LEVEL, targets: [ctx.onCall.current], reason: 'on_call' } : admins('nobody_on_call');
  }
  // After a hand-off the person on call now may not have been paged yet: they come first.
  const candidate = [ctx.onCall.current, ctx.onCall.next].find((user): user is string => user !== null && !alert.paged.includes(user));
  if (candidate) return { action: 'escalate', level: NEXT_LEVEL, targets: [candidate], reason: 'next_in_rotation' };
  return admins(ctx.onCall.current ? 'admins' : 'nobody_on_call');
}
