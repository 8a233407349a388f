// When did the person on call now take over, and from whom — a pure function over the schedule
// (rotation-rule.ts), so the hand-off job can announce each hand-off once, even one missed while
// the bot was down, as long as it is still that person's shift — and a rotation set again during
// a shift already announced, which puts someone else on call at once.
import { addDays, zonedInstant } from '../../lib/time/calendar.js';
import { HANDOFF_HOUR, handoffDateOnOrBefore, onCallAt, shiftAt, type OnCallAssignment, type OnCallSchedule } from './rotation-rule.js';
import { MAX_OVERRIDE_MS } from './add-override.js';

/** How far back the start of the current shift is looked for: longer than any shift (a week, or an override). */
export const HANDOFF_LOOKBACK_MS = MAX_OVERRIDE_MS + 7 * 86_400_000;

export interface Handoff {
  /** the instant the incoming person went on call: the hand-off's identity */
  at: Date;
  to: OnCallAssignment;
  /** who was on call just before; undefined: nobody (the first rotation) */
  from: OnCallAssignment | undefined;
  /** when the incoming person's shift ends; null when nothing scheduled ends it */
  until: Date | null;
}

/**
 * The hand-off that started the shift on at `now`: the latest instant, within the look-back, at
 * which the person on call changed to the one on call now. Candidates are the weekly hand-offs
 * (Monday 09:00 as calendar dates in `tz`, so a daylight-saving change never moves one) and the
 * starts and ends of overrides; `schedule` must hold the overrides ended within the look-back.
 * Undefined when nobody is on call or nothing changed within the look-back.
 */
export function latestHandoff(schedule: OnCallSchedule, now: Date, tz: string): Handoff | undefined {
  // Before the rotation's anchor (the hand-off on or before `/oncall set`) there was no rotation:
  // its first person takes over from nobody, not from the last one of a cycle that never ran.
  const anchor = schedule.rotationSetAt && zonedInstant(handoffDateOnOrBefore(schedule.rotationSetAt, tz), HANDOFF_HOUR, 0, tz);
  const onCall = (at: Date) => onCallAt(anchor && at >= anchor ? schedule : { ...schedule, rotation: [] }, at, tz);
  const current = onCall(now);
  if (!current) return undefined;

  const since = now.getTime() - HANDOFF_LOOKBACK_MS;
  const candidates = new Set<number>();
  for (let monday = handoffDateOnOrBefore(now, tz); ; monday = addDays(monday, -7)) {
    const at = zonedInstant(monday, HANDOFF_HOUR, 0, tz).getTime();
    if (at <= since) break;
    candidates.add(at);
  }
  for (const o of schedule.overrides) {
    for (const at of [o.startsAt.getTime(), o.endsAt.getTime()]) if (at > since && at <= now.getTime()) candidates.add(at);
  }
  // Latest first: the assignment is constant between candidates, so the first one where the person
  // just before differs is where this shift began.
  for (const at of [...candidates].sort((a, b) => b - a)) {
    const before = onCall(new Date(at - 1));
    if (before?.userId !== current.userId) return { at: new Date(at), to: current, from: before, until: shiftAt(schedule, now, tz)?.until ?? null };
  }
  return undefined;
}

/** The last hand-off announced (handoff_runs): its instant and who took over. */
export interface AnnouncedHandoff {
  at: Date;
  userId: string;
}

/**
 * The hand-off to announce at `now`, given the last one announced. Usually latestHandoff. But a
 * rotation set again mid-week counts from the same Monday anchor, so its hand-off instant may be
 * one already announced for someone else: then the person on call changed when the rotation was
 * set, taking over from the one announced last. Undefined when nobody is on call.
 */
export function handoffToAnnounce(schedule: OnCallSchedule, now: Date, tz: string, last: AnnouncedHandoff | undefined): Handoff | undefined {
  const handoff = latestHandoff(schedule, now, tz);
  if (!handoff || !last || last.at < handoff.at || last.userId === handoff.to.userId) return handoff;
  const setAt = schedule.rotationSetAt;
  if (handoff.to.source !== 'rotation' || !setAt || setAt <= last.at || setAt > now) return handoff;
  // Overrides win over the rotation, so whoever was announced last and is no longer on call now
  // was on call through the rotation that was replaced.
  return { ...handoff, at: setAt, from: { userId: last.userId, source: 'rotation' } };
}
