import { describe, expect, it } from 'vitest';
import { admissionDeadline, lastWorkingDayOnOrBefore } from '../../src/domain/watchers/admission-deadline.js';

describe('eSocial S-2200 deadline', () => {
  it('is the calendar day before the start date', () => {
    // Thursday 2026-12-03 start → Wednesday deadline, a working day.
    const d = admissionDeadline('2026-12-03', '2026-11-25');
    expect(d.deadline).toBe('2026-12-02');
    expect(d.sendBy).toBe('2026-12-02');
    expect(d.daysToStart).toBe(8);
    expect(d.severity).toBe('info');
  });

  it('moves "send by" to Friday when the deadline is a Sunday (Monday start)', () => {
    expect(lastWorkingDayOnOrBefore('2026-11-29')).toBe('2026-11-27'); // Sunday → Friday
    expect(lastWorkingDayOnOrBefore('2026-11-28')).toBe('2026-11-27'); // Saturday → Friday
    expect(lastWorkingDayOnOrBefore('2026-11-27')).toBe('2026-11-27');
    const monday = '2026-11-30';
    expect(admissionDeadline(monday, '2026-11-24').severity).toBe('info'); // Tue, D-6
    expect(admissionDeadline(monday, '2026-11-25').severity).toBe('warning'); // Wed: two days before Friday
    expect(admissionDeadline(monday, '2026-11-26').severity).toBe('warning'); // Thu
    expect(admissionDeadline(monday, '2026-11-27').severity).toBe('critical'); // Fri: the last working day
    expect(admissionDeadline(monday, '2026-11-29').severity).toBe('critical'); // Sun: the deadline itself
    expect(admissionDeadline(monday, '2026-11-30').severity).toBe('critical'); // the start day
    expect(admissionDeadline(monday, '2026-12-02').severity).toBe('critical'); // after the start
  });

  it('rises at D-3 and is critical from D-1 on a mid-week start', () => {
    const thursday = '2026-12-10';
    expect(admissionDeadline(thursday, '2026-12-06').severity).toBe('info'); // D-4 (Sunday)
    expect(admissionDeadline(thursday, '2026-12-07').severity).toBe('warning'); // D-3
    expect(admissionDeadline(thursday, '2026-12-08').severity).toBe('warning'); // D-2
    expect(admissionDeadline(thursday, '2026-12-09').severity).toBe('critical'); // D-1 = deadline
  });
});
