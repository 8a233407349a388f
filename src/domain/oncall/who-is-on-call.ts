// Who is on call now, until when, who is next — for `/oncall who`, the App Home and (later) the
// paging of the on-call person when a critical alert is left unacknowledged.
import type { DbClient } from '../audit/record-audit.js';
import type { Deps } from '../deps.js';
import { activeOverrides, shiftAt, type OnCallAssignment, type OnCallOverrideView, type OnCallSchedule } from './rotation-rule.js';

export interface OnCallStatus {
  /** nobody when no rotation was set and no override is active */
  current: OnCallAssignment | null;
  /** when `current` hands over; null when nothing scheduled changes it (a one-person rotation) */
  until: Date | null;
  /** who takes over at `until` */
  next: OnCallAssignment | null;
  /** overrides active now, the winning one first */
  activeOverrides: OnCallOverrideView[];
  /** the rotation in order (position 0 first) */
  rotation: string[];
}

/**
 * The rotation and the overrides not yet ended at `endedAfter` — `now` unless the caller looks back
 * (the hand-off looks for the last change) — ended ones are history, kept in the table.
 */
export async function loadSchedule(db: DbClient, endedAfter: Date): Promise<OnCallSchedule> {
  const [members, overrides] = await Promise.all([
    db.onCallMember.findMany({ orderBy: { position: 'asc' } }),
    db.onCallOverride.findMany({ where: { endsAt: { gt: endedAfter } }, orderBy: { id: 'asc' } }),
  ]);
  return {
    rotation: members.map((m) => m.userId),
    // Every member row of one rotation carries the moment `set` ran; the earliest is the anchor.
    rotationSetAt: members.reduce<Date | null>((min, m) => (min && min <= m.createdAt ? min : m.createdAt), null),
    overrides: overrides.map((o) => ({ id: o.id, userId: o.userId, startsAt: o.startsAt, endsAt: o.endsAt, createdBy: o.createdBy, createdAt: o.createdAt })),
  };
}

/** Pure: the status of `schedule` at `now` (tests and callers holding a schedule use this). */
export function describeOnCall(schedule: OnCallSchedule, now: Date, tz: string): OnCallStatus {
  const shift = shiftAt(schedule, now, tz);
  return {
    current: shift?.current ?? null,
    until: shift?.until ?? null,
    next: shift?.next ?? null,
    activeOverrides: activeOverrides(schedule.overrides, now),
    rotation: [...schedule.rotation],
  };
}

/** Who is on call now in BOT_TIMEZONE, read from the database. */
export async function whoIsOnCall(deps: Pick<Deps, 'db' | 'clock' | 'config'>): Promise<OnCallStatus> {
  const now = deps.clock.now();
  return describeOnCall(await loadSchedule(deps.db.prisma, now), now, deps.config.timezone);
}
