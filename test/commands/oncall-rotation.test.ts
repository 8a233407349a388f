// The on-call rule as pure functions: weekly hand-off on Monday 09:00 in the bot's zone, position
// 0 on call for the week `set` ran in, overrides winning while active, the latest one first.
import { describe, expect, it } from 'vitest';
import { handoffDateOnOrBefore, nextHandoff, onCallAt, shiftAt, type OnCallOverrideView, type OnCallSchedule } from '../../src/domain/oncall/rotation-rule.js';
import { describeOnCall } from '../../src/domain/oncall/who-is-on-call.js';

const SP = 'America/Sao_Paulo';
const NY = 'America/New_York';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** 2026-11-23 is a Monday; 12:00Z is 09:00 in São Paulo (UTC−3, no daylight saving). */
const MONDAY_0900_SP = new Date('2026-11-23T12:00:00Z');

function schedule(rotation: string[], setAt: Date | null, overrides: OnCallOverrideView[] = []): OnCallSchedule {
  return { rotation, rotationSetAt: setAt, overrides };
}

let overrideId = 0;
function override(userId: string, startsAt: Date, durationMs: number, createdAt = startsAt): OnCallOverrideView {
  return { id: ++overrideId, userId, startsAt, endsAt: new Date(startsAt.getTime() + durationMs), createdBy: 'U0ADMIN01', createdAt };
}

describe('hand-off instants', () => {
  it('is Monday 09:00 in the zone: a Monday before 09:00 still belongs to the previous week', () => {
    expect(handoffDateOnOrBefore(MONDAY_0900_SP, SP)).toBe('2026-11-23');
    expect(handoffDateOnOrBefore(new Date(MONDAY_0900_SP.getTime() - 1), SP)).toBe('2026-11-16');
    expect(handoffDateOnOrBefore(new Date('2026-11-29T23:00:00Z'), SP)).toBe('2026-11-23'); // Sunday 20:00
    expect(handoffDateOnOrBefore(new Date('2026-11-30T02:30:00Z'), SP)).toBe('2026-11-23'); // Sunday 23:30 local, Monday in UTC
    expect(nextHandoff(new Date('2026-11-25T15:00:00Z'), SP)).toEqual(new Date('2026-11-30T12:00:00Z'));
  });

  it('follows daylight saving: 09:00 local on both sides of the change', () => {
    // New York moves to UTC−4 on Sunday 2026-03-08: the Monday before is 14:00Z, the one after 13:00Z.
    expect(nextHandoff(new Date('2026-03-04T12:00:00Z'), NY)).toEqual(new Date('2026-03-09T13:00:00Z'));
    const s = schedule(['U0ANA0001', 'U0BRUNO01'], new Date('2026-03-02T15:00:00Z'));
    expect(onCallAt(s, new Date('2026-03-09T12:59:59Z'), NY)?.userId).toBe('U0ANA0001');
    expect(onCallAt(s, new Date('2026-03-09T13:00:00Z'), NY)?.userId).toBe('U0BRUNO01');
  });
});

describe('the rotation', () => {
  const rotation = ['U0ANA0001', 'U0BRUNO01', 'U0CAIO001'];
  // Set on a Wednesday: the anchor is the Monday 09:00 before it, so Ana covers that week at once.
  const s = schedule(rotation, new Date('2026-11-25T15:00:00Z'));
  const at = (iso: string) => onCallAt(s, new Date(iso), SP)?.userId;

  it('puts position 0 on call for the week it was set in, then each next one weekly, cycling', () => {
    expect(at('2026-11-25T15:00:00Z')).toBe('U0ANA0001');
    expect(at('2026-11-30T11:59:59Z')).toBe('U0ANA0001');
    expect(at('2026-11-30T12:00:00Z')).toBe('U0BRUNO01');
    expect(at('2026-12-07T12:00:00Z')).toBe('U0CAIO001');
    expect(at('2026-12-14T12:00:00Z')).toBe('U0ANA0001');
    expect(at('2027-06-01T12:00:00Z')).toBe(rotation[Math.floor((Date.parse('2027-05-31T12:00:00Z') - MONDAY_0900_SP.getTime()) / (7 * DAY)) % 3]);
  });

  it('anchors a rotation set on Monday before 09:00 to the previous Monday', () => {
    const early = schedule(rotation, new Date('2026-11-30T10:00:00Z')); // Monday 07:00 in São Paulo
    expect(shiftAt(early, new Date('2026-11-30T10:00:00Z'), SP)).toMatchObject({
      current: { userId: 'U0ANA0001', source: 'rotation' },
      until: new Date('2026-11-30T12:00:00Z'),
      next: { userId: 'U0BRUNO01', source: 'rotation' },
    });
  });

  it('tells who is next and from when', () => {
    expect(shiftAt(s, new Date('2026-12-01T12:00:00Z'), SP)).toMatchObject({
      current: { userId: 'U0BRUNO01' },
      until: new Date('2026-12-07T12:00:00Z'),
      next: { userId: 'U0CAIO001' },
    });
  });

  it('has no end for a one-person rotation, and nobody without a rotation', () => {
    expect(shiftAt(schedule(['U0ANA0001'], MONDAY_0900_SP), new Date('2026-12-25T12:00:00Z'), SP)).toEqual({
      current: { userId: 'U0ANA0001', source: 'rotation' },
      until: null,
      next: null,
    });
    expect(shiftAt(schedule([], null), MONDAY_0900_SP, SP)).toBeUndefined();
  });
});

describe('overrides', () => {
  const rotation = ['U0ANA0001', 'U0BRUNO01'];
  const now = new Date('2026-11-25T15:00:00Z'); // Wednesday: Ana's week

  it('win over the rotation while active, then the rotation resumes', () => {
    const o = override('U0CAIO001', now, 4 * HOUR);
    const s = schedule(rotation, MONDAY_0900_SP, [o]);
    expect(shiftAt(s, now, SP)).toMatchObject({
      current: { userId: 'U0CAIO001', source: 'override', override: { id: o.id } },
      until: o.endsAt,
      next: { userId: 'U0ANA0001', source: 'rotation' },
    });
    expect(onCallAt(s, o.endsAt, SP)).toEqual({ userId: 'U0ANA0001', source: 'rotation' });
  });

  it('latest created wins when several overlap; the earlier one resumes when the latest ends', () => {
    const long = override('U0CAIO001', now, 8 * HOUR);
    const short = override('U0DANI001', new Date(now.getTime() + HOUR), 2 * HOUR);
    const s = schedule(rotation, MONDAY_0900_SP, [short, long]);
    const inBoth = new Date(now.getTime() + 2 * HOUR);
    const status = describeOnCall(s, inBoth, SP);
    expect(status.current).toMatchObject({ userId: 'U0DANI001', source: 'override' });
    expect(status.until).toEqual(short.endsAt);
    expect(status.next).toMatchObject({ userId: 'U0CAIO001', source: 'override' });
    expect(status.activeOverrides.map((o) => o.userId)).toEqual(['U0DANI001', 'U0CAIO001']);
    // An older override created later than another still wins: "latest" is by creation.
    const reissued = override('U0CAIO001', now, 8 * HOUR, new Date(now.getTime() + 3 * HOUR));
    expect(onCallAt(schedule(rotation, MONDAY_0900_SP, [short, reissued]), inBoth, SP)?.userId).toBe('U0CAIO001');
  });

  it('an override for whoever is already on call does not end their shift early', () => {
    const s = schedule(rotation, MONDAY_0900_SP, [override('U0ANA0001', now, 2 * HOUR)]);
    expect(shiftAt(s, now, SP)).toMatchObject({ current: { userId: 'U0ANA0001' }, until: new Date('2026-11-30T12:00:00Z'), next: { userId: 'U0BRUNO01' } });
  });

  it('spanning several hand-offs, hands over to whoever the rotation has by then', () => {
    // Ends Friday 2026-12-25, in the week from Monday 21 December: week 4 since the anchor, Ana's.
    const o = override('U0CAIO001', now, 30 * DAY);
    const status = describeOnCall(schedule(rotation, MONDAY_0900_SP, [o]), now, SP);
    expect(status).toMatchObject({ current: { userId: 'U0CAIO001' }, until: o.endsAt, next: { userId: 'U0ANA0001', source: 'rotation' } });
    // 20 days: ends Tuesday 15 December, in Bruno's week.
    const shorter = override('U0CAIO001', now, 20 * DAY);
    expect(describeOnCall(schedule(rotation, MONDAY_0900_SP, [shorter]), now, SP).next).toMatchObject({ userId: 'U0BRUNO01' });
  });

  it('with no rotation, the override is all there is', () => {
    const o = override('U0CAIO001', now, HOUR);
    expect(describeOnCall(schedule([], null, [o]), now, SP)).toMatchObject({ current: { userId: 'U0CAIO001' }, until: o.endsAt, next: null });
  });
});
