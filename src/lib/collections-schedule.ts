// The collections schedule (régua de cobrança, ORDER_STEPS): the days, counted from an order's
// payable day (its due date, or the next business day when that is a day off), on which a pending
// order reaches a new step — a reminder before the due date, the due day, then each step overdue.
// Each step has a severity; the digest's overdue age bands start at the overdue steps.

export type StepSeverity = 'info' | 'warning' | 'critical';

export interface CollectionStep {
  /** days from the payable day: negative before it, 0 on it */
  day: number;
  severity: StepSeverity;
}

/** At least one step, days strictly increasing, severities never going down. */
export type CollectionsSchedule = readonly CollectionStep[];

/** The step an order is at: `number` counts from 1, `of` is how many steps the schedule has. */
export interface StepReached {
  day: number;
  number: number;
  of: number;
  severity: StepSeverity;
}

/** An age band of the digest: days overdue from `from` to `to` (inclusive), `to` null for "and more". */
export interface OverdueBand {
  from: number;
  to: number | null;
}

export const DEFAULT_ORDER_STEPS = '-3,0,1,7,15,30,60,90';

const SEVERITIES: readonly StepSeverity[] = ['info', 'warning', 'critical'];
/** From this many days overdue a step without a severity is critical (the old 61+ bucket, on the 60-day step). */
const CRITICAL_FROM_DAY = 60;
/** keeps the watcher's step measure (step × 1e14 + cents) exact */
export const MAX_STEPS = 30;
const MIN_DAY = -365;
const MAX_DAY = 3650;

const EXPECTED = `days from the due date in increasing order, each optionally with :info, :warning or :critical, like "${DEFAULT_ORDER_STEPS}" or "-3:info,0:info,1:warning,30:critical"`;

/** A step without an explicit severity: info up to the due day, warning once overdue, critical from 60 days. */
function defaultSeverity(day: number): StepSeverity {
  if (day <= 0) return 'info';
  return day >= CRITICAL_FROM_DAY ? 'critical' : 'warning';
}

/** Parses ORDER_STEPS; a string is the problem, phrased to follow "ORDER_STEPS must be". */
export function parseOrderSteps(text: string): CollectionsSchedule | string {
  const tokens = text.split(',').map((t) => t.trim()).filter(Boolean);
  if (tokens.length === 0) return EXPECTED;
  if (tokens.length > MAX_STEPS) return `${EXPECTED}, at most ${MAX_STEPS} steps (got ${tokens.length})`;
  const steps: CollectionStep[] = [];
  for (const token of tokens) {
    const match = /^([+-]?\d{1,4})(?:\s*:\s*([a-z]+))?$/i.exec(token);
    if (!match) return `${EXPECTED} ("${token}" is not a step)`;
    const day = Number(match[1]);
    if (day < MIN_DAY || day > MAX_DAY) return `${EXPECTED}, from ${MIN_DAY} to ${MAX_DAY} days ("${token}" is out of range)`;
    const named = match[2]?.toLowerCase();
    if (named !== undefined && !(SEVERITIES as string[]).includes(named)) return `${EXPECTED} ("${match[2]}" is not info, warning or critical)`;
    const severity = (named as StepSeverity | undefined) ?? defaultSeverity(day);
    const previous = steps.at(-1);
    if (previous && day <= previous.day) return `${EXPECTED} (${day} comes after ${previous.day})`;
    if (previous && SEVERITIES.indexOf(severity) < SEVERITIES.indexOf(previous.severity)) {
      return `${EXPECTED}, with severities that never go down along the schedule (${day}:${severity} comes after ${previous.day}:${previous.severity})`;
    }
    steps.push({ day, severity });
  }
  return steps;
}

/** The step reached `days` after the payable day (negative: before it); undefined before the first step. */
export function stepAt(schedule: CollectionsSchedule, days: number): StepReached | undefined {
  let index = -1;
  while (index + 1 < schedule.length && schedule[index + 1]!.day <= days) index++;
  if (index < 0) return undefined;
  const { day, severity } = schedule[index]!;
  return { day, number: index + 1, of: schedule.length, severity };
}

/**
 * An order's severity `days` after its payable day: its step's (`stepSeverity`), or critical once overdue when its
 * amount reaches CRITICAL_ORDER_AMOUNT (a large amount pages people only once it is late, not on a
 * reminder before the due date). Amounts are decimal strings of at most 12 integer digits and 2
 * decimals, which doubles order exactly. The watcher and `/orders list` share it, so a list never
 * shows a milder mark than the alert.
 */
export function orderSeverity(stepSeverity: StepSeverity, days: number, total: string, criticalAmount: string | undefined): StepSeverity {
  if (criticalAmount !== undefined && days >= 1 && Number(total) >= Number(criticalAmount)) return 'critical';
  return stepSeverity;
}

/**
 * The digest's age bands of overdue orders: one from 1 day, and one from each overdue step, each
 * up to the day before the next (steps 1,7,15,30,60,90 → 1–6, 7–14, 15–29, 30–59, 60–89, 90+).
 */
export function overdueBands(schedule: CollectionsSchedule): OverdueBand[] {
  const starts = [...new Set([1, ...schedule.map((s) => s.day).filter((d) => d >= 1)])].sort((a, b) => a - b);
  return starts.map((from, i) => ({ from, to: i + 1 < starts.length ? starts[i + 1]! - 1 : null }));
}
