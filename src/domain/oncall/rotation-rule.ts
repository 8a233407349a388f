// Who is on call at a given instant, as pure functions over the schedule (no database, no Slack),
// so the `/oncall` command, the App Home and the future paging of the on-call person agree.
//
// The rule (also told by `/oncall help`):
// - Hand-off is weekly, on Monday at 09:00 in BOT_TIMEZONE — the start of a working week, so
//   nobody's shift starts in the middle of a weekend night.
// - The rotation's anchor is the Monday 09:00 on or before the moment `/oncall set` was run. The
//   person at position 0 is on call for that week (so the first person listed takes over at once),
//   position 1 the week after, and so on, cycling.
// - An override (`/oncall override @user DURATION`) wins over the rotation while it is active. When
//   several overlap, the latest one created wins: it is the most recent decision someone made.
import { addDays, dateInZone, dayOfWeek, daysBetween, zonedInstant, type CalendarDate } from '../../lib/time/calendar.js';

export const HANDOFF_HOUR = 9;

export interface OnCallOverrideView {
  id: number;
  userId: string;
  startsAt: Date;
  endsAt: Date;
  createdBy: string;
  createdAt: Date;
}

export interface OnCallSchedule {
  /** user IDs in rotation order: position 0 first; empty when no rotation was set */
  rotation: readonly string[];
  /** when the rotation was set (its anchor is the hand-off on or before); null without rotation */
  rotationSetAt: Date | null;
  /** overrides that may matter: at least those not ended at the instants asked about */
  overrides: readonly OnCallOverrideView[];
}

export interface OnCallAssignment {
  userId: string;
  source: 'rotation' | 'override';
  /** the override that put them on call, when source is `override` */
  override?: OnCallOverrideView;
}

/** The calendar date of the Monday whose 09:00 hand-off is the last one at or before `instant`. */
export function handoffDateOnOrBefore(instant: Date, tz: string): CalendarDate {
  const today = dateInZone(instant, tz);
  const monday = addDays(today, -((dayOfWeek(today) + 6) % 7));
  // Monday before 09:00 still belongs to the previous week's shift.
  return zonedInstant(monday, HANDOFF_HOUR, 0, tz).getTime() > instant.getTime() ? addDays(monday, -7) : monday;
}

/** The first hand-off strictly after `instant`. */
export function nextHandoff(instant: Date, tz: string): Date {
  return zonedInstant(addDays(handoffDateOnOrBefore(instant, tz), 7), HANDOFF_HOUR, 0, tz);
}

/**
 * Overrides active at `at` (starts ≤ at < ends), the winning one first: latest created first, the
 * id breaking ties (two overrides created in the same millisecond).
 */
export function activeOverrides(overrides: readonly OnCallOverrideView[], at: Date): OnCallOverrideView[] {
  const t = at.getTime();
  return overrides
    .filter((o) => o.startsAt.getTime() <= t && t < o.endsAt.getTime())
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
}

/** The rotation member on call at `at`; undefined without a rotation. */
export function rotationMemberAt(schedule: Pick<OnCallSchedule, 'rotation' | 'rotationSetAt'>, at: Date, tz: string): string | undefined {
  const { rotation, rotationSetAt } = schedule;
  if (rotation.length === 0 || !rotationSetAt) return undefined;
  // Counted in calendar weeks, not in 7 × 24 h, so a daylight-saving change cannot shift the hand-off.
  const weeks = Math.floor(daysBetween(handoffDateOnOrBefore(rotationSetAt, tz), handoffDateOnOrBefore(at, tz)) / 7);
  const n = rotation.length;
  // ((w % n) + n) % n: an instant before the anchor (a clock set back) still picks a member.
  return rotation[((weeks % n) + n) % n];
}

/** Who is on call at `at`: the winning active override, else the rotation; undefined if nobody. */
export function onCallAt(schedule: OnCallSchedule, at: Date, tz: string): OnCallAssignment | undefined {
  const [override] = activeOverrides(schedule.overrides, at);
  if (override) return { userId: override.userId, source: 'override', override };
  const member = rotationMemberAt(schedule, at, tz);
  return member === undefined ? undefined : { userId: member, source: 'rotation' };
}

/**
 * The next instant after `at` at which the assignment may change: an override starting or ending,
 * or a rotation hand-off — only while no override covers `at` (hand-offs under an override change
 * nobody) and with two people or more (with one, the hand-off changes nobody either).
 */
function nextBoundary(schedule: OnCallSchedule, at: Date, tz: string): Date | undefined {
  const t = at.getTime();
  const candidates: number[] = [];
  for (const o of schedule.overrides) {
    if (o.startsAt.getTime() > t) candidates.push(o.startsAt.getTime());
    if (o.endsAt.getTime() > t) candidates.push(o.endsAt.getTime());
  }
  const covered = activeOverrides(schedule.overrides, at).length > 0;
  if (!covered && schedule.rotation.length > 1 && schedule.rotationSetAt) candidates.push(nextHandoff(at, tz).getTime());
  return candidates.length > 0 ? new Date(Math.min(...candidates)) : undefined;
}

export interface OnCallShift {
  current: OnCallAssignment;
  /** when someone else takes over; null when nothing scheduled ever changes who it is */
  until: Date | null;
  next: OnCallAssignment | null;
}

/**
 * The current shift at `now`: who, until when, and who takes over then. Boundaries where the same
 * person simply stays on call (an override for whoever is already on call) are skipped over.
 */
export function shiftAt(schedule: OnCallSchedule, now: Date, tz: string): OnCallShift | undefined {
  const current = onCallAt(schedule, now, tz);
  if (!current) return undefined;
  // Each step passes an override start or end, or a hand-off outside any override; after the last
  // override boundary, at most one hand-off can land on the same person again (n ≥ 2 alternate).
  // So this many steps reach the change whenever there is one.
  const maxSteps = schedule.overrides.length * 2 + 3;
  let at = now;
  for (let step = 0; step < maxSteps; step++) {
    const boundary = nextBoundary(schedule, at, tz);
    if (!boundary) break;
    const next = onCallAt(schedule, boundary, tz);
    if (next?.userId !== current.userId) return { current, until: boundary, next: next ?? null };
    at = boundary;
  }
  return { current, until: null, next: null };
}
