// Direct tests of the escalation ladder: who is paged about an unacknowledged critical alert, and when.
import { describe, expect, it } from 'vitest';
import { decideEscalation, type EscalationContext, type EscalationState } from '../../src/domain/alerts/decide-escalation.js';
import { escalationCron } from '../../src/domain/alerts/escalate-alerts.js';

const MIN = 60_000;
const NOW = new Date('2026-11-25T15:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

const ctx = (overrides: Partial<EscalationContext> = {}): EscalationContext => ({
  now: NOW,
  escalateAfterMs: 30 * MIN,
  onCall: { current: 'UANA', next: 'UBIA' },
  admins: ['UADM', 'S0ADMINS'],
  ...overrides,
});

const alert = (overrides: Partial<EscalationState> = {}): EscalationState => ({
  status: 'open',
  severity: 'critical',
  level: 0,
  escalatedAt: null,
  attentionSince: ago(30 * MIN),
  paged: [],
  ...overrides,
});

describe('decideEscalation', () => {
  it('pages whoever is on call once the alert stayed unacknowledged for ESCALATE_AFTER, not a moment before', () => {
    expect(decideEscalation(alert({ attentionSince: ago(30 * MIN - 1) }), ctx())).toEqual({ action: 'none' });
    expect(decideEscalation(alert(), ctx())).toEqual({ action: 'escalate', level: 1, targets: ['UANA'], reason: 'on_call' });
  });

  it('after another ESCALATE_AFTER pages the next in the rotation, then the admins, then stops', () => {
    const afterStep1 = alert({ level: 1, escalatedAt: ago(30 * MIN), attentionSince: ago(60 * MIN), paged: ['UANA'] });
    expect(decideEscalation({ ...afterStep1, escalatedAt: ago(29 * MIN) }, ctx())).toEqual({ action: 'none' });
    expect(decideEscalation(afterStep1, ctx())).toEqual({ action: 'escalate', level: 2, targets: ['UBIA'], reason: 'next_in_rotation' });

    const afterStep2 = alert({ level: 2, escalatedAt: ago(30 * MIN), attentionSince: ago(90 * MIN), paged: ['UANA', 'UBIA'] });
    expect(decideEscalation(afterStep2, ctx())).toEqual({ action: 'escalate', level: 3, targets: ['UADM', 'S0ADMINS'], reason: 'admins' });

    const afterStep3 = alert({ level: 3, escalatedAt: ago(300 * MIN), attentionSince: ago(400 * MIN), paged: ['UANA', 'UBIA', 'UADM'] });
    expect(decideEscalation(afterStep3, ctx())).toEqual({ action: 'none' });
  });

  it('with nobody on call, the first step goes to the admins and says so; it is the last step', () => {
    const nobody = ctx({ onCall: { current: null, next: null } });
    expect(decideEscalation(alert(), nobody)).toEqual({ action: 'escalate', level: 3, targets: ['UADM', 'S0ADMINS'], reason: 'nobody_on_call' });
    // nobody on call any more after the first step
    const afterStep1 = alert({ level: 1, escalatedAt: ago(30 * MIN), paged: ['UANA'] });
    expect(decideEscalation(afterStep1, nobody)).toEqual({ action: 'escalate', level: 3, targets: ['UADM', 'S0ADMINS'], reason: 'nobody_on_call' });
  });

  it('without ADMIN_USERS, a step with nobody to page pages nobody', () => {
    expect(decideEscalation(alert(), ctx({ onCall: { current: null, next: null }, admins: [] }))).toEqual({ action: 'none' });
    const afterStep1 = alert({ level: 1, escalatedAt: ago(30 * MIN), paged: ['UANA'] });
    expect(decideEscalation(afterStep1, ctx({ onCall: { current: 'UANA', next: null }, admins: [] }))).toEqual({ action: 'none' });
  });

  it('at step 2 never pages the same person twice: a one-person rotation goes to the admins; after a hand-off the new person comes first', () => {
    const afterStep1 = alert({ level: 1, escalatedAt: ago(30 * MIN), paged: ['UANA'] });
    expect(decideEscalation(afterStep1, ctx({ onCall: { current: 'UANA', next: null } }))).toMatchObject({ level: 3, reason: 'admins' });
    expect(decideEscalation(afterStep1, ctx({ onCall: { current: 'UANA', next: 'UANA' } }))).toMatchObject({ level: 3, reason: 'admins' });
    expect(decideEscalation(afterStep1, ctx({ onCall: { current: 'UBIA', next: 'UCAU' } }))).toEqual({
      action: 'escalate',
      level: 2,
      targets: ['UBIA'],
      reason: 'next_in_rotation',
    });
  });

  it('never pages about an acknowledged, snoozed (even past its end) or resolved alert, nor a non-critical one', () => {
    for (const status of ['acknowledged', 'snoozed', 'resolved'] as const) {
      expect(decideEscalation(alert({ status, attentionSince: ago(600 * MIN) }), ctx())).toEqual({ action: 'none' });
    }
    for (const severity of ['warning', 'info'] as const) {
      expect(decideEscalation(alert({ severity, attentionSince: ago(600 * MIN) }), ctx())).toEqual({ action: 'none' });
    }
  });

  it('waits ESCALATE_AFTER again after the alert came back to attention (woke, re-opened, became critical)', () => {
    const woke = alert({ level: 1, escalatedAt: ago(120 * MIN), attentionSince: ago(10 * MIN), paged: ['UANA'] });
    expect(decideEscalation(woke, ctx())).toEqual({ action: 'none' });
    expect(decideEscalation({ ...woke, attentionSince: ago(30 * MIN) }, ctx())).toMatchObject({ action: 'escalate', level: 2 });
  });

  it('works with short durations like 45s', () => {
    const short = ctx({ escalateAfterMs: 45_000 });
    expect(decideEscalation(alert({ attentionSince: ago(44_999) }), short)).toEqual({ action: 'none' });
    expect(decideEscalation(alert({ attentionSince: ago(45_000) }), short)).toMatchObject({ action: 'escalate', level: 1 });
  });
});

describe('escalationCron', () => {
  it('looks every 15 s for short durations, every minute otherwise', () => {
    expect(escalationCron(45_000)).toBe('*/15 * * * * *');
    expect(escalationCron(2 * MIN)).toBe('*/15 * * * * *');
    expect(escalationCron(30 * MIN)).toBe('0 * * * * *');
  });
});
